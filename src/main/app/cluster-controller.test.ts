import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClusterController, type ManagedCluster } from './cluster-controller';

/** fakeCluster answers 200 "ok <n>" so tests can tell instances apart. */
function fakeCluster(n: number, log: string[]): ManagedCluster {
  return {
    apiUrl: `https://127.0.0.1:${6000 + n}`,
    kubeconfigPath: `/tmp/kubeconfig-${n}`,
    caPem: `ca-${n}`,
    handleApiRequest: (_req, res) => {
      res.writeHead(200);
      res.end(`ok ${n}`);
    },
    handleApiUpgrade: (_req, socket) => socket.end(),
    stop: async () => {
      log.push(`stop ${n}`);
    },
  };
}

async function get(controller: ClusterController): Promise<{ status: number; body: string }> {
  const server = createServer((req, res) => controller.apiHandler.handleApiRequest(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await new Promise((resolve, reject) => {
      request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
  } finally {
    server.close();
  }
}

describe('ClusterController', () => {
  it('answers 503 while stopped, forwards while running, and reports its state', async () => {
    const log: string[] = [];
    let n = 0;
    const c = new ClusterController('/nonexistent', async () => fakeCluster(++n, log));
    const states: string[] = [];
    c.onChange((i) => states.push(i.state));
    const stopped = await get(c);
    expect(stopped.status).toBe(503);
    expect(JSON.parse(stopped.body)).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable' });

    await c.start();
    expect(c.info()).toMatchObject({ state: 'running', apiUrl: 'https://127.0.0.1:6001', kubeconfigPath: '/tmp/kubeconfig-1' });
    expect(c.caPem).toBe('ca-1');
    expect(await get(c)).toEqual({ status: 200, body: 'ok 1' });
    await c.start(); // already running: no second cluster
    expect(n).toBe(1);

    await c.stop();
    expect(log).toEqual(['stop 1']);
    expect((await get(c)).status).toBe(503);
    expect(states).toEqual(['starting', 'running', 'stopping', 'stopped']);
  });

  it('serialises concurrent start/stop and reports a failed start', async () => {
    const log: string[] = [];
    let n = 0;
    const c = new ClusterController('/nonexistent', async () => {
      n++;
      if (n === 2) throw new Error('port in use');
      return fakeCluster(n, log);
    });
    await Promise.all([c.start(), c.stop(), c.start()]);
    expect(c.info()).toMatchObject({ state: 'error', error: 'port in use' });
    expect(log).toEqual(['stop 1']);
    await c.start();
    expect(c.info().state).toBe('running');
  });

  it('reset stops, deletes the data directory and starts afresh', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubedeck-reset-'));
    const dataDir = join(dir, 'cluster');
    const log: string[] = [];
    let n = 0;
    const c = new ClusterController(dataDir, async (opts) => {
      await writeFile(join(dir, `started-${++n}`), opts.dataDir);
      return fakeCluster(n, log);
    });
    await c.start();
    await writeFile(join(dir, 'cluster'), 'state');
    await c.reset();
    expect(log).toEqual(['stop 1']);
    expect((await readdir(dir)).sort()).toEqual(['started-1', 'started-2']);
    expect(await get(c)).toEqual({ status: 200, body: 'ok 2' });
  });
});
