import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isAllowedNavigation, isExternalLink, RENDERER_CSP, windowOptions, withCsp } from './window-options';
import { RENDERER_META_CSP, RENDERER_CSP_DIRECTIVES } from './csp';
import { DEFAULT_BOUNDS, loadWindowBounds, saveWindowBounds } from './window-state';
import { CERT_REFUSED, CERT_TRUSTED, verifyClusterCertificate } from './certificate-trust';
import { loadOrCreateCredentials } from '../apiserver/pki';

describe('windowOptions (A1)', () => {
  const opts = windowOptions({ width: 1000, height: 700 }, '/app/out/preload/index.cjs');
  const web = opts.webPreferences ?? {};

  it('isolates the page: contextIsolation, sandbox, no Node integration, web security on', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.preload).toBe('/app/out/preload/index.cjs');
  });

  it('uses the saved bounds', () => {
    expect(opts).toMatchObject({ width: 1000, height: 700 });
    expect(windowOptions({ width: 900, height: 600, x: 10, y: 20 }, 'p')).toMatchObject({ x: 10, y: 20 });
  });
});

describe('the renderer CSP (A1)', () => {
  it('allows only the own origin: no inline or eval script, no remote connections, no framing', () => {
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("connect-src 'self'");
    expect(RENDERER_CSP).toContain("object-src 'none'");
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|wss?:/);
  });

  it('is the same policy index.html states in its meta tag', async () => {
    const html = await readFile(resolve(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_META_CSP);
    expect(Object.keys(RENDERER_CSP_DIRECTIVES).length).toBeGreaterThan(5);
  });

  it('withCsp replaces whatever policy a response carried', () => {
    const h = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
    expect(h['Content-Security-Policy']).toEqual([RENDERER_CSP]);
    expect(h['content-security-policy']).toBeUndefined();
    expect(h['Content-Type']).toEqual(['text/html']);
  });
});

describe('navigation policy', () => {
  it('stays on the UI origin', () => {
    expect(isAllowedNavigation('http://127.0.0.1:4000/pods', 'http://127.0.0.1:4000')).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:4001/', 'http://127.0.0.1:4000')).toBe(false);
    expect(isAllowedNavigation('https://evil.example/', 'http://127.0.0.1:4000')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', 'http://127.0.0.1:4000')).toBe(false);
    expect(isAllowedNavigation('not a url', 'http://127.0.0.1:4000')).toBe(false);
    expect(isExternalLink('https://kubernetes.io/docs')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
  });
});

describe('window state', () => {
  it('round-trips bounds and falls back to defaults on a damaged file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedeck-ws-'));
    try {
      const file = join(dir, 'nested', 'window-state.json');
      expect(loadWindowBounds(file)).toEqual(DEFAULT_BOUNDS);
      saveWindowBounds(file, { width: 1111, height: 777, x: 5, y: 6, maximized: true });
      expect(loadWindowBounds(file)).toEqual({ width: 1111, height: 777, x: 5, y: 6, maximized: true });
      await writeFile(file, '{"width":');
      expect(loadWindowBounds(file)).toEqual(DEFAULT_BOUNDS);
      await writeFile(file, '{"width":10,"height":10}');
      expect(loadWindowBounds(file)).toMatchObject({ width: 800, height: 500 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('verifyClusterCertificate', () => {
  it('trusts only the cluster API certificate, on loopback', async () => {
    const a = await mkdtemp(join(tmpdir(), 'kubedeck-pki-a-'));
    const b = await mkdtemp(join(tmpdir(), 'kubedeck-pki-b-'));
    try {
      const ours = await loadOrCreateCredentials(a);
      const other = await loadOrCreateCredentials(b);
      expect(verifyClusterCertificate('127.0.0.1', ours.serverCert, ours.caCert)).toBe(CERT_TRUSTED);
      expect(verifyClusterCertificate('localhost', ours.serverCert, ours.caCert)).toBe(CERT_TRUSTED);
      expect(verifyClusterCertificate('127.0.0.1', other.serverCert, ours.caCert)).toBe(CERT_REFUSED);
      expect(verifyClusterCertificate('example.com', ours.serverCert, ours.caCert)).toBe(CERT_REFUSED);
      expect(verifyClusterCertificate('127.0.0.1', ours.serverCert, undefined)).toBe(CERT_REFUSED);
      expect(verifyClusterCertificate('127.0.0.1', 'garbage', ours.caCert)).toBe(CERT_REFUSED);
    } finally {
      await rm(a, { recursive: true, force: true });
      await rm(b, { recursive: true, force: true });
    }
  });
});
