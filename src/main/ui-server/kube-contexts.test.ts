import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeContexts, kubeconfigFiles, splitContextPath } from './kube-contexts';
import { startUiServer, type UiServer } from './ui-server';

function send(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('other clusters through the UI server (kubeconfig contexts)', () => {
  const TOKEN = 'context-secret-token';
  let dir: string;
  let upstream: Server;
  let ui: UiServer;
  const reached: { url: string; authorization?: string; cookie?: string }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedeck-ctx-'));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>shell</title>');
    upstream = createServer((req, res) => {
      reached.push({ url: req.url ?? '', authorization: req.headers.authorization, cookie: req.headers.cookie });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'PodList', items: [{ metadata: { name: 'far-away' } }] }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const server = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const kubeconfig = join(dir, 'config');
    await writeFile(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{ name: far, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: far-user, user: { token: ${TOKEN} } }]
contexts: [{ name: far-context, context: { cluster: far, user: far-user, namespace: team } }]
current-context: far-context
`,
    );
    const load = () => {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      return kc;
    };
    ui = await startUiServer({
      rendererDir: join(dir, 'renderer'),
      contexts: new KubeContexts(load),
      cluster: {
        handleApiRequest: (_req, res) => res.end('own cluster'),
        handleApiUpgrade: (_req, socket) => socket.destroy(),
      },
    });
  });

  afterAll(async () => {
    await ui.stop();
    await new Promise((r) => upstream.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const login = async (): Promise<string> => {
    const res = await new Promise<{ headers: Record<string, unknown> }>((resolve, reject) => {
      request(ui.createLoginUrl(), (r) => {
        r.resume();
        resolve({ headers: r.headers });
      })
        .on('error', reject)
        .end();
    });
    return String((res.headers['set-cookie'] as string[])[0]).split(';')[0]!;
  };

  it('lists the contexts without their credentials, to a signed-in page only', async () => {
    expect((await send(`${ui.url}/ui/contexts`)).status).toBe(401);
    const res = await send(`${ui.url}/ui/contexts`, { Cookie: await login() });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ contexts: [expect.objectContaining({ name: 'far-context', cluster: 'far', user: 'far-user', namespace: 'team', current: true })] });
    expect(res.body).not.toContain(TOKEN);
  });

  it("forwards a context's API calls with its credentials, never the page's cookie; nothing without a session", async () => {
    const refused = await send(`${ui.url}/contexts/far-context/api/v1/pods`);
    expect(refused.status).toBe(401);
    expect(reached).toHaveLength(0);

    const res = await send(`${ui.url}/contexts/far-context/api/v1/pods?limit=5`, { Cookie: await login(), Authorization: 'Bearer from-the-page' });
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).items[0].metadata.name).toBe('far-away');
    expect(reached.at(-1)).toEqual({ url: '/api/v1/pods?limit=5', authorization: `Bearer ${TOKEN}`, cookie: undefined });
  });

  it('an unknown context is 404; a non-API path under /contexts is not forwarded', async () => {
    const cookie = await login();
    const before = reached.length;
    const unknown = await send(`${ui.url}/contexts/nope/api/v1/pods`, { Cookie: cookie });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    await send(`${ui.url}/contexts/far-context/etc/passwd`, { Cookie: cookie });
    expect(reached.length).toBe(before);
  });

  it('splits context paths and reads KUBECONFIG lists as kubectl does', () => {
    expect(splitContextPath('/contexts/a%2Fb/api/v1/pods?watch=1')).toEqual({ context: 'a/b', path: '/api/v1/pods?watch=1' });
    expect(splitContextPath('/api/v1/pods')).toBeUndefined();
    expect(kubeconfigFiles({ KUBECONFIG: `${join(dir, 'config')}:${join(dir, 'missing')}` })).toEqual([join(dir, 'config')]);
  });
});
