/**
 * Metrics section (issue 12 A5b): the idle cost of the metrics pipeline.
 * 30 pods (30 app containers followed, each with its pause container) sit
 * idle; the CPU the cluster process (this one: API server, controllers,
 * kubelet) uses with the kubelet's metrics on — one engine stats stream per
 * container, the 10 s history — is measured beside the same process with
 * metrics off (Kubelet.setMetricsEnabled, what config.yaml
 * `metrics: {enabled: false}` sets at start), in interleaved windows of the
 * same run. Docker's daemon does the sampling for the streams, so its CPU is
 * shown the same way.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Kubelet } from '../../src/main/kubelet/kubelet';
import type { BenchReporter } from './reporter';
import { startBenchCluster, waitUntil, type BenchCluster } from './support/docker-cluster';

const run = promisify(execFile);
const PODS = 30;
const PAIRS = 4;
const WINDOW_MS = 20_000;
const SETTLE_MS = 5_000;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: idle}
spec:
  replicas: ${PODS}
  selector: {matchLabels: {app: idle}}
  template:
    metadata: {labels: {app: idle}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - {name: c, image: kubedeck/busybox:latest, imagePullPolicy: IfNotPresent, command: ["sleep", "3600"]}
`;

/** procCpuMs reads a process's user+system CPU time from /proc (ms); undefined if unreadable. */
function procCpuMs(pid: number | undefined, ticksPerSecond: number): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state is [0]; utime [11], stime [12].
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Window {
  cluster: number;
  dockerd?: number;
}

async function measure(dockerd: number | undefined, ticks: number): Promise<Window> {
  const t0 = performance.now();
  const c0 = selfCpuMs();
  const d0 = procCpuMs(dockerd, ticks);
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const wall = performance.now() - t0;
  const c1 = selfCpuMs();
  const d1 = procCpuMs(dockerd, ticks);
  return { cluster: ((c1 - c0) / wall) * 100, ...(d0 !== undefined && d1 !== undefined ? { dockerd: ((d1 - d0) / wall) * 100 } : {}) };
}

const kubeletsOf = (bc: BenchCluster): Kubelet[] => bc.kubelets?.started()?.set.kubelets ?? [];
const following = (bc: BenchCluster) => kubeletsOf(bc).reduce((a, k) => a + k.metrics.following(), 0);

async function setMetrics(bc: BenchCluster, on: boolean): Promise<void> {
  for (const k of kubeletsOf(bc)) k.setMetricsEnabled(on);
  await waitUntil(`metrics ${on ? 'following every container' : 'off'}`, async () => (on ? following(bc) >= PODS : following(bc) === 0), 60_000);
  // Streams just opened or closed: let the engine and the process settle before measuring.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export default async function metricsBench(r: BenchReporter): Promise<void> {
  r.section(`metrics: idle cost of the metrics pipeline, ${PODS} running pods`);
  const ticks = Number((await run('getconf', ['CLK_TCK']).catch(() => ({ stdout: '100' }))).stdout.trim()) || 100;
  const dockerd = Number((await run('pidof', ['dockerd']).catch(() => ({ stdout: '' }))).stdout.trim().split(/\s+/)[0]) || undefined;
  const bc = await startBenchCluster('metrics');
  try {
    await bc.kubectl(['apply', '-f', '-'], deployment);
    await bc.kubectl(['rollout', 'status', 'deployment/idle', '--timeout=300s']);
    const on: Window[] = [];
    const off: Window[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // Alternate the order: on/off, off/on, …
      for (const state of i % 2 === 0 ? [true, false] : [false, true]) {
        await setMetrics(bc, state);
        (state ? on : off).push(await measure(dockerd, ticks));
      }
    }
    r.row('cluster process CPU, metrics on', mean(on.map((w) => w.cluster)), mean(off.map((w) => w.cluster)), '%', 'metrics off');
    if (on.every((w) => w.dockerd !== undefined) && off.every((w) => w.dockerd !== undefined)) {
      r.row('dockerd CPU, metrics on', mean(on.map((w) => w.dockerd!)), mean(off.map((w) => w.dockerd!)), '%', 'metrics off');
    } else {
      r.note('dockerd CPU not readable here (no /proc access to its pid).');
    }
    r.note(`% of one core; ${PAIRS} interleaved pairs of ${WINDOW_MS / 1000} s windows; ${PODS} app containers followed (one stats stream each) when on.`);
    const series = (ws: Window[], k: keyof Window) => ws.map((w) => (w[k] === undefined ? '?' : w[k].toFixed(1))).join(' ');
    r.note(`per window, cluster on: ${series(on, 'cluster')} · off: ${series(off, 'cluster')}; dockerd on: ${series(on, 'dockerd')} · off: ${series(off, 'dockerd')}`);
    r.note('dockerd is shared with anything else on this engine (other clusters, builds): its figure is only as quiet as the machine.');
  } finally {
    await bc.kubectl(['delete', 'deployment', 'idle', '--wait=true', '--timeout=120s']).catch(() => undefined);
    await bc.stop();
  }
}
