/**
 * API server figures (issue 3 A5): p50/p99 latency of create, get, list of
 * 1,000 pods (read from the store, and at resourceVersion=0 from the watch
 * cache) and watch delivery through Kubedeck's HTTPS API, each beside a
 * bare `node:https` server serialising the same JSON on the same machine in
 * the same run. Both use one keep-alive connection from the same client.
 *
 * Watch fan-out (issue 14 A3): the server's CPU (process.cpuUsage of this
 * process, which holds the cluster) over a burst of WATCH_BURST pod writes
 * with 20 pod watchers open, beside the same burst with one watcher, the two
 * alternating (A B A B). The watchers run in a child process so their own
 * parsing is not counted. Goal: 20 watchers < 3× one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateCredentials } from '../../src/main/apiserver/pki';
import { startCluster } from '../../src/main/cluster/cluster';
import { GVR } from '../../src/shared/api/resources';
import { interleave, median, percentile, type BenchReporter } from './reporter';

const N = 300;
const WATCH_BURST = 500;
const WATCH_ROUNDS = 3;

/** The watchers' process: opens n watches on pods, prints "ready", then "done" once each has seen `expect` events. */
const WATCHERS_SOURCE = `
const https = require('node:https');
const [port, n, expect] = process.argv.slice(1).map(Number);
const { ca, token } = JSON.parse(process.env.BENCH_WATCH_CREDS);
let ready = 0, done = 0;
for (let i = 0; i < n; i++) {
  let seen = 0, buf = '';
  const req = https.request({ host: '127.0.0.1', port, path: '/api/v1/namespaces/burst/pods?watch=true&resourceVersion=' + process.env.BENCH_WATCH_RV, ca, agent: false, headers: { Authorization: 'Bearer ' + token } }, (res) => {
    if (++ready === n) console.log('ready');
    res.setEncoding('utf8');
    res.on('data', (d) => {
      buf += d;
      let j;
      while ((j = buf.indexOf('\\n')) >= 0) { buf = buf.slice(j + 1); if (++seen === expect && ++done === n) console.log('done'); }
    });
  });
  req.end();
}
`;

/** watcherCpu measures this process's CPU (ms) over a burst of writes while n watchers in a child process follow them. */
async function watcherCpu(cluster: Awaited<ReturnType<typeof startCluster>>, creds: { caCert: string; token: string }, n: number, round: number): Promise<number> {
  const rv = String((await cluster.client.list(GVR.pods, 'burst', { limit: 1 })).metadata.resourceVersion);
  const child = spawn(process.execPath, ['-e', WATCHERS_SOURCE, String(cluster.port), String(n), String(WATCH_BURST)], {
    env: { ...process.env, NODE_OPTIONS: '', BENCH_WATCH_RV: rv, BENCH_WATCH_CREDS: JSON.stringify({ ca: creds.caCert, token: creds.token }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    for (const l of d.split('\n').filter(Boolean)) {
      lines.push(l);
      for (const w of waiters) if (w.line === l) w.resolve();
    }
  });
  const seen = (line: string) => (lines.includes(line) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ line, resolve })));
  try {
    await seen('ready');
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < WATCH_BURST; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => cluster.client.create(GVR.pods, 'burst', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `b${round}-${n}-${i + j}` }, spec: { containers: [{ name: 'c', image: 'busybox:latest' }] } })));
    }
    await seen('done');
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / 1000;
  } finally {
    child.kill();
  }
}
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
async function startBareServer(cert: string, key: string, token: string): Promise<{ server: Server; port: number; trigger: (sample: string) => void }> {
  const watchers = new Set<import('node:http').ServerResponse>();
  let podJson = '';
  // Kept as an object and serialised per request, as a server must: the reference does the serialisation work too.
  let list: unknown = {};
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
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(list));
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
    // The list holds LIST_SIZE copies of sample, a pod as Kubedeck stores it (defaults, status, managedFields): the same bytes to serialise.
    trigger: (sample: string) => {
      list = { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '1' }, items: Array.from({ length: LIST_SIZE }, (_, i) => ({ ...JSON.parse(sample), metadata: { ...JSON.parse(sample).metadata, name: `p-${i}` } })) };
    },
  };
}

interface Figures {
  create: number[];
  get: number[];
  list: number[];
  listCache: number[];
  watch: number[];
}

/** watchSampler opens a watch for ADDED events of label app=watchbench and times create → event. */
async function watchSampler(t: Target, base: string): Promise<{ sample: (name: string) => Promise<number>; stop: () => void }> {
  let waiting: ((name: string) => void) | undefined;
  const stop = await openWatch(t, `${base}?watch=true&resourceVersion=0&labelSelector=app%3Dwatchbench`, (line) => {
    const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
    if (ev.type === 'ADDED') waiting?.(ev.object.metadata.name);
  });
  const sample = async (name: string) => {
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
    return performance.now() - t0;
  };
  return { sample, stop };
}

/** measure times Kubedeck (a) and the bare server (b) on the same work, request by request in alternation (A B A B). */
async function measure(kd: Target, ref: Target, afterCreates: (sample: string) => void): Promise<{ a: Figures; b: Figures; bytes: { a: number; b: number } }> {
  const base = '/api/v1/namespaces/default/pods';
  // Fill to LIST_SIZE pods so the list figure covers 1,000 objects; the first N creates are timed.
  const create = await interleave(
    N,
    (i) => call(kd, 'POST', base, podBody(`kd-${i}`)),
    (i) => call(ref, 'POST', base, podBody(`bare-${i}`)),
  );
  for (let i = N; i < LIST_SIZE; i++) {
    await call(kd, 'POST', base, podBody(`kd-${i}`));
    await call(ref, 'POST', base, podBody(`bare-${i}`));
  }
  afterCreates((await call(kd, 'GET', `${base}/kd-0`)).text);
  const get = await interleave(
    N,
    (i) => call(kd, 'GET', `${base}/kd-${i % N}`),
    (i) => call(ref, 'GET', `${base}/bare-${i % N}`),
  );
  const list = await interleave(
    30,
    () => call(kd, 'GET', base),
    () => call(ref, 'GET', base),
  );
  // resourceVersion=0: served from the watch cache (started by the first such list, untimed).
  await call(kd, 'GET', `${base}?resourceVersion=0`);
  const listCache = await interleave(
    30,
    () => call(kd, 'GET', `${base}?resourceVersion=0`),
    () => call(ref, 'GET', `${base}?resourceVersion=0`),
  );
  const bytes = { a: (await call(kd, 'GET', base)).text.length, b: (await call(ref, 'GET', base)).text.length };
  // Watch delivery: from sending a create to its ADDED event arriving on an open watch.
  const wa = await watchSampler(kd, base);
  const wb = await watchSampler(ref, base);
  const watch = await interleave(
    100,
    (i) => wa.sample(`kd-w-${i}`),
    (i) => wb.sample(`bare-w-${i}`),
  );
  wa.stop();
  wb.stop();
  return {
    bytes,
    a: { create: create.a, get: get.a, list: list.a, listCache: listCache.a, watch: watch.a },
    b: { create: create.b, get: get.b, list: list.b, listCache: listCache.b, watch: watch.b },
  };
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
    const { a: k, b, bytes } = await measure(kd, ref, bare.trigger);
    for (const [label, key] of [
      ['create pod', 'create'],
      ['get pod', 'get'],
      [`list ${LIST_SIZE} pods`, 'list'],
      [`list ${LIST_SIZE} pods, resourceVersion=0 (watch cache)`, 'listCache'],
      ['watch delivery (create → event)', 'watch'],
    ] as const) {
      r.row(`${label} p50`, percentile(k[key], 50), percentile(b[key], 50), 'ms', 'bare https');
      r.row(`${label} p99`, percentile(k[key], 99), percentile(b[key], 99), 'ms', 'bare https');
    }
    r.note(`list bodies: Kubedeck ${(bytes.a / 1e6).toFixed(2)} MB, bare ${(bytes.b / 1e6).toFixed(2)} MB (the bare list repeats one of Kubedeck's pods)`);
    r.note(`samples: ${N} creates/gets, 30 lists of each kind, 100 watch deliveries, Kubedeck and the bare server alternating request by request; the bare server stores nothing and serialises the same JSON`);

    await cluster.client.create(GVR.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'burst' } });
    const one: number[] = [];
    const twenty: number[] = [];
    for (let round = 0; round < WATCH_ROUNDS; round++) {
      one.push(await watcherCpu(cluster, creds, 1, round));
      twenty.push(await watcherCpu(cluster, creds, 20, round));
    }
    r.row(`server CPU, ${WATCH_BURST} pod writes, 20 watchers (median)`, median(twenty), median(one), 'ms', '1 watcher');
    r.note(`CPU ms per round, 1 watcher: ${one.map((v) => v.toFixed(0)).join(', ')}; 20 watchers: ${twenty.map((v) => v.toFixed(0)).join(', ')} (goal: ratio < 3)`);
    kd.agent.destroy();
    ref.agent.destroy();
    bare.server.close();
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
