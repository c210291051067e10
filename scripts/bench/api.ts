/**
 * API server figures (issue 3 A5): p50/p99 latency of create, get, list of
 * 1,000 pods and watch delivery through Kubedeck's HTTPS API, each beside a
 * bare `node:https` server answering the same JSON on the same machine in
 * the same run. Both use one keep-alive connection from the same client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateCredentials } from '../../src/main/apiserver/pki';
import { startCluster } from '../../src/main/cluster/cluster';
import { percentile, timeIt, type BenchReporter } from './reporter';

const N = 300;
const LIST_SIZE = 1000;

interface Target {
  port: number;
  ca: string;
  token: string;
  agent: Agent;
}

function call(t: Target, method: string, path: string, body?: unknown): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: t.port,
        method,
        path,
        ca: t.ca,
        agent: t.agent,
        headers: { Authorization: `Bearer ${t.token}`, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** openWatch opens a watch stream and calls onLine for each event line. */
function openWatch(t: Target, path: string, onLine: (line: string) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: t.port, path, ca: t.ca, agent: false, headers: { Authorization: `Bearer ${t.token}` } },
      (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buf += d;
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            onLine(buf.slice(0, i));
            buf = buf.slice(i + 1);
          }
        });
        resolve(() => req.destroy());
      },
    );
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
    req.end();
  });
}

const podBody = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench' } },
  spec: { containers: [{ name: 'c', image: 'busybox:latest' }] },
});

/** A bare HTTPS server that stores nothing and answers the same JSON shapes. */
async function startBareServer(cert: string, key: string, token: string): Promise<{ server: Server; port: number; trigger: () => void }> {
  const watchers = new Set<import('node:http').ServerResponse>();
  let podJson = '';
  let listJson = '';
  const server = createServer({ cert, key }, (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      watchers.add(res);
      req.on('close', () => watchers.delete(res));
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.method === 'POST') {
        const obj = JSON.parse(body) as { metadata: Record<string, unknown> };
        obj.metadata.uid = crypto.randomUUID();
        obj.metadata.resourceVersion = '1';
        obj.metadata.creationTimestamp = new Date().toISOString();
        const text = JSON.stringify(obj);
        podJson = text;
        res.writeHead(201, { 'Content-Type': 'application/json' }).end(text);
        for (const w of watchers) w.write(`${JSON.stringify({ type: 'ADDED', object: obj })}\n`);
        return;
      }
      if (url.pathname.endsWith('/pods')) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(listJson);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(podJson);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    trigger: () => {
      listJson = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '1' }, items: Array.from({ length: LIST_SIZE }, (_, i) => ({ ...JSON.parse(podJson), metadata: { ...JSON.parse(podJson).metadata, name: `p-${i}` } })) });
    },
  };
}

interface Figures {
  create: number[];
  get: number[];
  list: number[];
  watch: number[];
}

async function measure(t: Target, prefix: string, afterCreates?: () => void): Promise<Figures> {
  const base = '/api/v1/namespaces/default/pods';
  // Fill to LIST_SIZE pods so the list figure covers 1,000 objects; the first N creates are timed.
  const create = await timeIt(N, (i) => call(t, 'POST', base, podBody(`${prefix}-${i}`)));
  for (let i = N; i < LIST_SIZE; i++) await call(t, 'POST', base, podBody(`${prefix}-${i}`));
  afterCreates?.();
  const get = await timeIt(N, (i) => call(t, 'GET', `${base}/${prefix}-${i % N}`));
  const list = await timeIt(30, () => call(t, 'GET', base));
  // Watch delivery: from sending a create to its ADDED event arriving on an open watch.
  let waiting: ((name: string) => void) | undefined;
  const stop = await openWatch(t, `${base}?watch=true&resourceVersion=${'0'}&labelSelector=app%3Dwatchbench`, (line) => {
    const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
    if (ev.type === 'ADDED') waiting?.(ev.object.metadata.name);
  });
  const watch: number[] = [];
  for (let i = 0; i < 100; i++) {
    const name = `${prefix}-w-${i}`;
    const t0 = performance.now();
    const seen = new Promise<void>((resolve) => {
      waiting = (n) => {
        if (n === name) resolve();
      };
    });
    const body = podBody(name);
    body.metadata.labels.app = 'watchbench';
    await call(t, 'POST', base, body);
    await seen;
    watch.push(performance.now() - t0);
  }
  stop();
  return { create, get, list, watch };
}

export default async function bench(r: BenchReporter): Promise<void> {
  r.section('API server (HTTPS, bearer token, one keep-alive connection)');
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-api-'));
  const cluster = await startCluster({ dataDir, port: 0 });
  try {
    const creds = await loadOrCreateCredentials(dataDir);
    const bare = await startBareServer(creds.serverCert, creds.serverKey, creds.token);
    const kd: Target = { port: cluster.port, ca: creds.caCert, token: creds.token, agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
    const ref: Target = { port: bare.port, ca: creds.caCert, token: creds.token, agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
    const k = await measure(kd, 'kd');
    const b = await measure(ref, 'bare', bare.trigger);
    for (const [label, key] of [
      ['create pod', 'create'],
      ['get pod', 'get'],
      [`list ${LIST_SIZE} pods`, 'list'],
      ['watch delivery (create → event)', 'watch'],
    ] as const) {
      r.row(`${label} p50`, percentile(k[key], 50), percentile(b[key], 50), 'ms', 'bare https');
      r.row(`${label} p99`, percentile(k[key], 99), percentile(b[key], 99), 'ms', 'bare https');
    }
    r.note(`samples: ${N} creates/gets, 30 lists, 100 watch deliveries; the bare server stores nothing and serialises the same JSON`);
    kd.agent.destroy();
    ref.agent.destroy();
    bare.server.close();
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
