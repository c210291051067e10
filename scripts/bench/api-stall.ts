/**
 * API stall (issue 14 A2): does the API keep answering while the controllers
 * churn thousands of pods? A cluster with 50 hollow nodes (the in-process
 * equivalent of `serve --no-kubelet --hollow-nodes 50`) runs a Deployment of
 * 5,000 replicas, then scales it 5,000 → 0. A probe in a worker thread (its
 * own event loop, so a blocked cluster loop cannot delay the probe's clock)
 * sends `GET /readyz` and a single-object GET every ~50 ms over HTTPS.
 *
 * Phases are interleaved: idle, scale up, idle, scale down, idle; the idle
 * windows are the reference, measured in the same run on the same cluster.
 * The cluster's event-loop delay (perf_hooks monitorEventLoopDelay) is
 * printed per phase. Goal: p99 ≤ 1 s during the scale-down.
 *
 * BENCH_STALL_REPLICAS overrides 5,000 (for quick runs); STALL_WATCHDOG=1
 * prints each gap over 150 ms of a 10 ms timer with its monotonic µs range,
 * to match against a CPU profile (`tsx --cpu-prof`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startCluster } from '../../src/main/cluster/cluster';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { hollowKubeletComponent } from '../../src/main/kubelet-hollow/component';
import type { Deployment } from '../../src/shared/api/apps';
import { GVR } from '../../src/shared/api/resources';
import { percentile, type BenchReporter } from './reporter';

const REPLICAS = Number(process.env.BENCH_STALL_REPLICAS ?? 5000);
const NODES = 50;
const IDLE_MS = 5000;
const PROBE_EVERY_MS = 50;

/** The probe, plain JS so the worker needs no TypeScript loader. */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const https = require('node:https');
const { port, ca, token, path, every } = workerData;
// Enough sockets that a slow answer never queues the next probe behind it in this client.
const agent = new https.Agent({ keepAlive: true, maxSockets: 256 });
let phase = 'idle';
let stopped = false;
function get(kind, url, auth) {
  const t0 = performance.now();
  const p = phase;
  const req = https.request({ host: '127.0.0.1', port, path: url, ca, agent, headers: auth ? { Authorization: 'Bearer ' + token } : {} }, (res) => {
    res.resume();
    res.on('end', () => parentPort.postMessage({ kind, phase: p, ms: performance.now() - t0, code: res.statusCode }));
  });
  req.setTimeout(30000, () => req.destroy(new Error('timeout')));
  req.on('error', () => parentPort.postMessage({ kind, phase: p, ms: performance.now() - t0, code: 0 }));
  req.end();
}
parentPort.on('message', (m) => { if (m.phase) phase = m.phase; if (m.stop) { stopped = true; clearInterval(timer); agent.destroy(); parentPort.close(); } });
const timer = setInterval(() => { if (stopped) return; get('readyz', '/readyz', false); get('get', path, true); }, every);
`;

interface Sample {
  kind: 'readyz' | 'get';
  phase: string;
  ms: number;
  code: number;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** API stall section. */
export default async function apiStall(r: BenchReporter): Promise<void> {
  r.section(`API stall: ${REPLICAS} replicas on ${NODES} hollow nodes, probes every ${PROBE_EVERY_MS} ms (issue 14 A2, goal p99 ≤ 1000 ms)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-stall-'));
  const cluster = await startCluster({
    dataDir,
    port: 0,
    components: [controllerManagerComponent(), schedulerComponent(), hollowKubeletComponent({ nodes: NODES })],
  });
  const samples: Sample[] = [];
  if (process.env.STALL_WATCHDOG) {
    let last = process.hrtime.bigint();
    const wd = setInterval(() => {
      const now = process.hrtime.bigint();
      const gap = Number(now - last) / 1e6;
      if (gap > 150) console.error(`STALL ${Number(last / 1000n)} ${Number(now / 1000n)} ${gap.toFixed(0)}`);
      last = now;
    }, 10);
    wd.unref();
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const loopMax: Record<string, number> = {};
  const loopP99: Record<string, number> = {};
  let worker: Worker | undefined;
  try {
    const name = 'stall';
    const dep: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'kubedeck/pause:3.10' }] } },
      },
    };
    await cluster.client.create(GVR.deployments, 'default', dep);
    worker = new Worker(PROBE_SOURCE, {
      eval: true,
      workerData: { port: cluster.port, ca: cluster.caPem, token: cluster.token, path: `/apis/apps/v1/namespaces/default/deployments/${name}`, every: PROBE_EVERY_MS },
    });
    worker.on('message', (m: Sample) => samples.push(m));
    const phase = async (label: string, work: () => Promise<void>) => {
      worker!.postMessage({ phase: label });
      loop.reset();
      loop.enable();
      const t0 = performance.now();
      await work();
      loop.disable();
      loopMax[label] = Math.max(loopMax[label] ?? 0, loop.max / 1e6);
      loopP99[label] = Math.max(loopP99[label] ?? 0, loop.percentile(99) / 1e6);
      r.note(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    };
    const idle = () => new Promise<void>((res) => setTimeout(res, IDLE_MS));
    const scaleTo = async (n: number) => {
      await cluster.client.patch(GVR.deployments, 'default', name, 'application/merge-patch+json', { spec: { replicas: n } });
      await waitFor(
        async () => {
          const d = await cluster.client.get<Deployment>(GVR.deployments, 'default', name);
          return n === 0 ? (d.status?.replicas ?? 0) === 0 : (d.status?.readyReplicas ?? 0) === n;
        },
        600_000,
        `scale to ${n}`,
      );
      if (n === 0) {
        await waitFor(async () => (await cluster.client.list(GVR.pods, 'default', { labelSelector: `app=${name}`, limit: 1 })).items.length === 0, 600_000, 'pods gone');
      }
    };
    await phase('idle', idle);
    await phase('scale-up', () => scaleTo(REPLICAS));
    await phase('idle', idle);
    await phase('scale-down', () => scaleTo(0));
    await phase('idle', idle);
    worker.postMessage({ stop: true });
    await new Promise((res) => setTimeout(res, 200));

    for (const kind of ['readyz', 'get'] as const) {
      const of = (p: string) => samples.filter((s) => s.kind === kind && s.phase === p).map((s) => s.ms);
      const idleMs = of('idle');
      for (const busy of ['scale-up', 'scale-down']) {
        const ms = of(busy);
        const label = kind === 'readyz' ? 'GET /readyz' : 'GET deployment';
        for (const p of [50, 99]) r.row(`${label} ${busy} p${p}`, percentile(ms, p), percentile(idleMs, p), 'ms', `idle p${p}`);
        r.row(`${label} ${busy} max`, Math.max(...ms), Math.max(...idleMs), 'ms', 'idle max');
        const failed = samples.filter((s) => s.kind === kind && s.phase === busy && s.code !== 200).length;
        r.note(`${label} ${busy}: ${ms.length} probes, ${failed} failed; idle: ${idleMs.length} probes`);
      }
    }
    for (const busy of ['scale-up', 'scale-down']) {
      r.row(`event-loop delay ${busy} max`, loopMax[busy]!, loopMax.idle!, 'ms', 'idle max');
      r.row(`event-loop delay ${busy} p99`, loopP99[busy]!, loopP99.idle!, 'ms', 'idle p99');
    }
    r.note('idle = the same probes on the same cluster with nothing to do, phases interleaved (idle, up, idle, down, idle); loop delay of the cluster process, 10 ms resolution');
  } finally {
    await worker?.terminate();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
