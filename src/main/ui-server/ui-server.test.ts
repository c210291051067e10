import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { SESSION_COOKIE, parseCookies, startUiServer, type UiServer } from './ui-server';
import { RENDERER_CSP } from '../app/csp';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** get sends one raw HTTP request (fetch would refuse to set Host). */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('startUiServer', () => {
  let dir: string;
  let ui: UiServer;
  const seen: { url: string; cookie?: string; authorization?: string; body: string }[] = [];
  const wss = new WebSocketServer({ noServer: true });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedeck-ui-'));
    const rendererDir = join(dir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>shell</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    // A file beside the renderer that path traversal must not reach.
    await writeFile(join(dir, 'secret.txt'), 'secret');
    ui = await startUiServer({
      rendererDir,
      cluster: {
        // The stub answers like the API would and records what reached it.
        handleApiRequest(req, res) {
          let body = '';
          req.on('data', (c: Buffer) => (body += c.toString()));
          req.on('end', () => {
            seen.push({ url: req.url ?? '', cookie: req.headers.cookie, authorization: req.headers.authorization, body });
            if (req.url?.includes('watch=true')) {
              res.writeHead(200, { 'Content-Type': 'application/json' });
              res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
              res.end('{"type":"ADDED","object":{"metadata":{"name":"b"}}}\n');
              return;
            }
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify({ kind: 'PodList', items: [], method: req.method, body }));
          });
        },
        handleApiUpgrade(req, socket, head) {
          wss.handleUpgrade(req, socket, head, (ws) => {
            ws.send(`hello ${req.url}`);
          });
        },
      },
    });
  });

  afterAll(async () => {
    await ui.stop();
    wss.close();
    await rm(dir, { recursive: true, force: true });
  });

  const login = async (): Promise<string> => {
    const res = await send(ui.createLoginUrl());
    expect(res.status).toBe(303);
    const setCookie = res.headers['set-cookie']?.[0] ?? '';
    return setCookie.split(';')[0] ?? '';
  };

  it('listens on 127.0.0.1 and prints a login link with a token', () => {
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ui.loginUrl).toMatch(new RegExp(`^${ui.url}/login\\?token=[A-Za-z0-9_-]{40,}$`));
  });

  it('trades the one-time token for an HttpOnly SameSite=Strict cookie, once', async () => {
    const first = await send(ui.loginUrl);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    // Persistent for a bounded time: it survives a browser restart.
    expect(cookie).toContain('Max-Age=43200');
    // The session id is not the login token.
    expect(cookie).not.toContain(new URL(ui.loginUrl).searchParams.get('token'));

    const again = await send(ui.loginUrl);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await send(`${ui.url}/login?token=guess`)).status).toBe(401);
    expect((await send(`${ui.url}/login`)).status).toBe(401);
  });

  it('refuses every API and UI route without the cookie', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/pods', '/api', '/api/v1/pods', '/apis/apps/v1/replicasets', '/version', '/openapi/v3']) {
      const res = await send(`${ui.url}${path}`);
      expect(res.status, path).toBe(401);
    }
    const api = await send(`${ui.url}/api/v1/pods`);
    expect(JSON.parse(api.body)).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
    const page = await send(`${ui.url}/`);
    expect(page.body).toContain('login link');
    const forged = await send(`${ui.url}/api/v1/pods`, { headers: { Cookie: `${SESSION_COOKIE}=forged` } });
    expect(forged.status).toBe(401);
    const post = await send(`${ui.url}/api/v1/namespaces/default/pods`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(401);
    expect(seen.filter((s) => s.body === '{}')).toHaveLength(0);
  });

  it('serves the renderer with the CSP to a signed-in browser, falling back to the shell for routes', async () => {
    const cookie = await login();
    const shell = await send(`${ui.url}/`, { headers: { Cookie: cookie } });
    expect(shell.status).toBe(200);
    expect(shell.body).toContain('shell');
    expect(shell.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(shell.headers['x-frame-options']).toBe('DENY');
    const route = await send(`${ui.url}/pods/default/web`, { headers: { Cookie: cookie } });
    expect(route.body).toContain('shell');
    const asset = await send(`${ui.url}/assets/app.js`, { headers: { Cookie: cookie } });
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect((await send(`${ui.url}/assets/missing.js`, { headers: { Cookie: cookie } })).status).toBe(404);
    const traversal = await send(`${ui.url}/..%2fsecret.txt`, { headers: { Cookie: cookie } });
    expect(traversal.body).not.toContain('secret');
  });

  it('refuses a foreign Host header (DNS rebinding) even with a session', async () => {
    const cookie = await login();
    const res = await send(`${ui.url}/api/v1/pods`, { headers: { Cookie: cookie, Host: `evil.example:${ui.port}` } });
    expect(res.status).toBe(421);
    const loginElsewhere = await send(ui.createLoginUrl(), { headers: { Host: 'evil.example' } });
    expect(loginElsewhere.status).toBe(421);
    const local = await send(`${ui.url}/`, { headers: { Cookie: cookie, Host: `localhost:${ui.port}` } });
    expect(local.status).toBe(200);
  });

  it('refuses cross-origin API calls', async () => {
    const cookie = await login();
    const before = seen.length;
    const res = await send(`${ui.url}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: '{"cross":true}',
    });
    expect(res.status).toBe(403);
    const site = await send(`${ui.url}/api/v1/pods`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } });
    expect(site.status).toBe(403);
    expect(seen.length).toBe(before);
  });

  it('forwards API calls in-process without the cookie, including bodies and watch streams', async () => {
    const cookie = await login();
    const res = await send(`${ui.url}/api/v1/namespaces/default/pods?dryRun=All`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ui.url, 'Content-Type': 'application/json', Authorization: 'Bearer page-token' },
      body: '{"kind":"Pod"}',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ method: 'POST', body: '{"kind":"Pod"}' });
    const last = seen.at(-1);
    expect(last?.url).toBe('/api/v1/namespaces/default/pods?dryRun=All');
    expect(last?.cookie).toBeUndefined();
    expect(last?.authorization).toBeUndefined();

    const watch = await send(`${ui.url}/api/v1/pods?watch=true&resourceVersion=5`, { headers: { Cookie: cookie } });
    const lines = watch.body.trim().split('\n').map((l) => JSON.parse(l) as { object: { metadata: { name: string } } });
    expect(lines.map((l) => l.object.metadata.name)).toEqual(['a', 'b']);
  });

  it('forwards WebSocket upgrades only with a session and our Origin', async () => {
    const cookie = await login();
    const wsUrl = `${ui.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/p/exec?command=sh`;
    const message = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { headers: { Cookie: cookie, Origin: ui.url } });
      ws.on('message', (d) => {
        resolve(d.toString());
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(message).toBe('hello /api/v1/namespaces/default/pods/p/exec?command=sh');

    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await refused({ Origin: ui.url })).toBe(401);
    expect(await refused({ Cookie: cookie, Origin: 'http://evil.example' })).toBe(403);
  });

  it('revokes sessions: from the server, and by a POST to /logout-everywhere from our own page', async () => {
    const a = await login();
    expect((await send(`${ui.url}/api/v1/pods`, { headers: { Cookie: a } })).status).toBe(200);
    expect(ui.revokeSessions()).toBeGreaterThan(0);
    expect((await send(`${ui.url}/api/v1/pods`, { headers: { Cookie: a } })).status).toBe(401);

    const b = await login();
    const c = await login();
    expect((await send(`${ui.url}/logout-everywhere`, { headers: { Cookie: b } })).status).toBe(405);
    expect((await send(`${ui.url}/logout-everywhere`, { method: 'POST', headers: { Cookie: b, Origin: 'http://evil.example' } })).status).toBe(403);
    const out = await send(`${ui.url}/logout-everywhere`, { method: 'POST', headers: { Cookie: b, Origin: ui.url } });
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']?.[0]).toContain('Max-Age=0');
    for (const cookie of [b, c]) expect((await send(`${ui.url}/api/v1/pods`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('parseCookies reads the first value of each name', () => {
    const c = parseCookies('a=1; kubedeck_session=xyz; a=2');
    expect(c.get('a')).toBe('1');
    expect(c.get(SESSION_COOKIE)).toBe('xyz');
  });
});
