/**
 * Memory of the cluster process (issue 14 A4): 1,000 hollow nodes and 30,000
 * pods (Deployments of 1,000 replicas each, scheduled and reported Running by
 * the hollow kubelet). The figure is this process's RSS, which holds the
 * whole cluster, beside the RSS of the same process with the same cluster
 * idle and empty (measured first, in the same run). k3s publishes 1.6 GB for
 * a comparable scale; the goal is ≤ 1.5 GB (printed as notes: a published
 * figure is context, not a reference).
 *
 * BENCH_MEMORY_PODS and BENCH_MEMORY_NODES override 30,000 and 1,000.
 * BENCH_MEMORY_WATCH_CACHE=1 also keeps the API server's watch caches of
 * pods and nodes running (a resourceVersion=0 list of each at every poll, as
 * a client listing from the cache would), to show what they cost.
 * BENCH_MEMORY_PROFILE=1 also samples allocations (V8's sampling heap
 * profiler, through node:inspector) from the start and prints, as notes, the
 * functions whose allocations are still live at the end: where the memory
 * goes, by allocation site. BENCH_MEMORY_SNAPSHOT=<file> writes a heap
 * snapshot at the end (open it in Chrome DevTools' Memory tab).
 *
 * The section runs in a child node process started with the cluster's V8
 * flags (src/main/cluster/v8-flags.ts, as `npm run serve` starts it): heap
 * sizing cannot be changed once V8 runs, and the child holds nothing of the
 * other sections.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { getHeapSpaceStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCluster } from '../../src/main/cluster/cluster';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { hollowKubeletComponent } from '../../src/main/kubelet-hollow/component';
import { CLUSTER_V8_FLAGS } from '../../src/main/cluster/v8-flags';
import type { Deployment } from '../../src/shared/api/apps';
import { GVR } from '../../src/shared/api/resources';
import type { BenchReporter } from './reporter';

const PODS = Number(process.env.BENCH_MEMORY_PODS ?? 30_000);
const NODES = Number(process.env.BENCH_MEMORY_NODES ?? 1000);
const PER_DEPLOYMENT = 1000;
const K3S_PUBLISHED_MB = 1600;
const GOAL_MB = 1500;
const WATCH_CACHE = Boolean(process.env.BENCH_MEMORY_WATCH_CACHE);

const mb = (bytes: number) => bytes / 1024 / 1024;

function deployment(name: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'kubedeck/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
    },
  };
}

/**
 * fullGc runs a full collection: the bench is not started with --expose-gc,
 * so the flag is set at run time and the function taken from a new context
 * (V8's documented way to reach it late).
 */
function fullGc(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** settledRss runs a full collection (garbage is not memory the cluster needs) and returns the RSS in bytes. */
async function settledRss(): Promise<number> {
  fullGc();
  await new Promise((r) => setTimeout(r, 500));
  return process.memoryUsage().rss;
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * liveBySite sums a sampling heap profile's live bytes per allocation site,
 * naming each by its innermost frame in the project's code (so a
 * JSON.parse or structuredClone is charged to the caller that asked for it).
 */
function liveBySite(root: SamplingNode): [string, number][] {
  const sites = new Map<string, number>();
  const walk = (n: SamplingNode, site: string) => {
    const f = n.callFrame;
    const ours = f.url.includes('/src/') && !f.url.includes('node_modules');
    const here = ours ? `${f.functionName || '(anonymous)'} ${f.url.slice(f.url.indexOf('/src/') + 1)}:${f.lineNumber + 1}` : site;
    if (n.selfSize) sites.set(here, (sites.get(here) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, here);
  };
  walk(root, '(outside the project)');
  return [...sites].sort((a, b) => b[1] - a[1]);
}

/** inChild runs this section in a child node with the cluster's V8 flags; it prints its own figures. */
async function inChild(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, ...CLUSTER_V8_FLAGS, process.argv[1]!, 'memory'], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_MEMORY_CHILD: '1' },
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`memory section's child process exited with ${code}`);
}

/** Memory section. */
export default async function memory(r: BenchReporter): Promise<void> {
  if (!process.env.BENCH_MEMORY_CHILD) return inChild();
  r.section(`Memory: cluster process at ${NODES} hollow nodes and ${PODS} pods (issue 14 A4, goal ≤ ${GOAL_MB} MB; V8 flags: ${CLUSTER_V8_FLAGS.join(' ')})`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-memory-'));
  const cluster = await startCluster({
    dataDir,
    port: 0,
    components: [controllerManagerComponent(), schedulerComponent(), hollowKubeletComponent({ nodes: NODES, pods: '110', cpu: '64', memory: '256Gi' })],
  });
  const profile = process.env.BENCH_MEMORY_PROFILE ? new Session() : undefined;
  if (profile) {
    profile.connect();
    await profile.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024 });
  }
  try {
    const idle = await settledRss();
    const t0 = performance.now();
    const names: string[] = [];
    for (let made = 0; made < PODS; made += PER_DEPLOYMENT) {
      const name = `mem-${names.length}`;
      names.push(name);
      await cluster.client.create(GVR.deployments, 'default', deployment(name, Math.min(PER_DEPLOYMENT, PODS - made)));
    }
    // A list from each cache that selects nothing: they start (a full list from the store) and stay, being read.
    const readCaches = async () => {
      if (!WATCH_CACHE) return;
      for (const gvr of [GVR.pods, GVR.nodes]) await cluster.client.list(gvr, undefined, { resourceVersion: '0', fieldSelector: 'metadata.name=-' });
    };
    await readCaches();
    let peak = process.memoryUsage().rss;
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      let ready = 0;
      for (const name of names) ready += (await cluster.client.get<Deployment>(GVR.deployments, 'default', name)).status?.readyReplicas ?? 0;
      peak = Math.max(peak, process.memoryUsage().rss);
      await readCaches();
      if (ready >= PODS) break;
      if (Date.now() > deadline) throw new Error(`only ${ready} of ${PODS} pods Ready after 30 minutes`);
      await new Promise((res) => setTimeout(res, 2000));
    }
    const seconds = (performance.now() - t0) / 1000;
    const settled = await settledRss();
    r.row(`RSS with ${PODS} pods Ready (settled)`, mb(settled), mb(idle), 'MB', 'same cluster idle, empty');
    r.row(`RSS peak while creating ${PODS} pods`, mb(Math.max(peak, settled)), mb(idle), 'MB', 'same cluster idle, empty');
    const m = process.memoryUsage(); // after settledRss's full collection
    if (WATCH_CACHE) r.note('the watch caches of pods and nodes ran throughout (BENCH_MEMORY_WATCH_CACHE=1)');
    r.note(`${PODS} pods Ready in ${seconds.toFixed(0)} s; context: k3s publishes ${K3S_PUBLISHED_MB} MB, goal ≤ ${GOAL_MB} MB`);
    r.note(`settled: heap used ${mb(m.heapUsed).toFixed(0)} MB of ${mb(m.heapTotal).toFixed(0)} MB, external ${mb(m.external).toFixed(0)} MB (array buffers ${mb(m.arrayBuffers).toFixed(0)} MB), RSS ${mb(m.rss).toFixed(0)} MB`);
    r.note(`heap spaces (MB used/committed): ${getHeapSpaceStatistics().filter((sp) => sp.space_size >= 1024 * 1024).map((sp) => `${sp.space_name.replace('_space', '')} ${mb(sp.space_used_size).toFixed(0)}/${mb(sp.space_size).toFixed(0)}`).join(', ')}`);
    if (process.env.BENCH_MEMORY_SNAPSHOT) r.note(`heap snapshot: ${writeHeapSnapshot(process.env.BENCH_MEMORY_SNAPSHOT)}`);
    if (profile) {
      const { profile: heap } = (await profile.post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
      const sites = liveBySite(heap.head);
      const total = sites.reduce((t, [, b]) => t + b, 0);
      r.note(`live JS heap by allocation site (sampled, ${mb(total).toFixed(0)} MB in all):`);
      for (const [site, bytes] of sites.slice(0, 25)) r.note(`  ${mb(bytes).toFixed(1).padStart(7)} MB  ${site}`);
    }
  } finally {
    profile?.disconnect();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
