/**
 * `npm run soak -- --minutes N`: a leak check. Runs the cluster in this
 * process, composed as `kubedeck serve` composes it (controllers, scheduler,
 * kubelets, Service proxy), with hollow nodes from the config (real kubelets
 * on an in-memory runtime) and one node on the local Docker engine. It churns
 * pods: about 10 a second on the hollow nodes (bare pods, created and deleted
 * a few seconds later, placed by the scheduler) and one every few seconds on
 * Docker (created, Running, deleted, gone). After a warm-up and at the end it
 * pauses the churn, waits until no churn pod is left, collects garbage and
 * samples this process: RSS, JS heap used,
 * open file descriptors and active handles. It prints both samples with their
 * ratio and exits 1 when any grew by more than 10 %. Every pod, container and
 * temp dir it made is removed at the end, also on Ctrl-C.
 *
 * The warm-up lasts 20 % of the run (at most a minute) and at least until
 * --warmup-pods hollow pods went through, churned 3× faster: the event
 * recorders keep 4,096 aggregates each (as client-go's correlator does), one
 * to a few per pod, and their growth until full is a bound, not a leak. Then
 * the churn runs at --rate for the rest of --minutes (measured from the end
 * of that minute or 20 %), so a long fill makes the run longer.
 *
 * Options: --minutes N (10), --rate PODS_PER_S (10), --warmup-pods N (5000), --hollow-nodes N (4),
 * --docker-every SECONDS (5), --verbose (the cluster's log on stderr),
 * --heap-snapshots DIR (a V8 heap snapshot at both samples, to compare in
 * Chrome DevTools' Memory tab when the heap grew).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { startCluster, type Cluster } from '../src/main/cluster/cluster';
import { defaultComponents } from '../src/main/cluster/components';
import type { ClusterConfig } from '../src/main/cluster/config';
import { connectTestRuntime, testRunId } from '../src/main/kubelet/testing/docker-env';
import { LABEL_NODE } from '../src/main/kubelet/naming';
import type { Pod } from '../src/shared/api/core';
import { GVR } from '../src/shared/api/resources';
import { isNotFound } from '../src/shared/errors';

const GROWTH_LIMIT = 1.1;
/** How long a hollow pod lives before the churn deletes it. */
const HOLLOW_POD_LIFETIME_MS = 5_000;
/** At most this many API calls of the hollow churn in flight: a slow cluster gets fewer pods, not a pile-up. */
const MAX_IN_FLIGHT = 20;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '10' },
    'warmup-pods': { type: 'string', default: '5000' },
    'hollow-nodes': { type: 'string', default: '4' },
    'docker-every': { type: 'string', default: '5' },
    verbose: { type: 'boolean', default: false },
    'heap-snapshots': { type: 'string' },
  },
  strict: true,
});
const num = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!(n > 0)) {
    console.error(`soak: --${name} must be a positive number, got "${String(values[name])}"`);
    process.exit(2);
  }
  return n;
};
const runMs = num('minutes') * 60_000;
const warmupMs = Math.min(60_000, runMs * 0.2);
const rate = num('rate');
const warmupPods = num('warmup-pods');
const hollowNodes = Math.round(num('hollow-nodes'));
const dockerEveryMs = num('docker-every') * 1000;

const gc = (globalThis as { gc?: (opts?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void }).gc;
if (!gc) console.error('soak: run with --expose-gc (npm run soak does) for heap figures that do not depend on when V8 last collected');

interface Sample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** /proc/self/status lines that split RSS: anonymous (malloc, V8), file-backed, shared memory. */
  rssParts: string;
  fds: number;
  handles: number;
  handleKinds: Record<string, number>;
}

/** collect runs V8's "last resort" collection: besides freeing garbage it gives back the pages it no longer needs, so RSS does not depend on how much heap V8 happened to keep committed. */
function collect(): void {
  gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** sample measures this process, after a full garbage collection (and writes a heap snapshot when asked). */
function sample(tag: string): Sample {
  collect();
  const dir = values['heap-snapshots'];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    console.log(`soak: heap snapshot ${writeHeapSnapshot(join(dir, `soak-${tag}.heapsnapshot`))}`);
    collect();
  }
  const mem = process.memoryUsage();
  let fds = Number.NaN;
  try {
    fds = readdirSync('/proc/self/fd').length;
  } catch {
    // Not Linux: no fd count.
  }
  let rssParts = '';
  try {
    rssParts = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .filter((l) => /^Rss(Anon|File|Shmem):/.test(l))
      .map((l) => l.replace(/\s+/g, ' '))
      .join(', ');
  } catch {
    // Not Linux.
  }
  const kinds = process.getActiveResourcesInfo();
  const handleKinds: Record<string, number> = {};
  for (const k of kinds) handleKinds[k] = (handleKinds[k] ?? 0) + 1;
  return { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, rssParts, fds, handles: kinds.length, handleKinds };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const elapsed = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

const run = testRunId();
const dockerNode = `soak-${run}`;
const LABEL = 'kubedeck.io/soak';
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-soak-'));
const config: ClusterConfig = {
  nodes: [
    // A name of its own: a kubelet removes the containers of its node name it does not know.
    { kind: 'local', name: dockerNode },
    ...Array.from({ length: hollowNodes }, (_, i) => ({ kind: 'hollow' as const, name: `soak-${run}-hollow-${i}`, capacity: { pods: 200 } })),
  ],
  pauseImage: 'kubedeck/pause:3.10',
};
const logErrors: string[] = [];
let logLines = 0;
const log = (msg: string) => {
  logLines++;
  if (values.verbose) console.error(msg);
  else if (/fail|error|cannot/i.test(msg) && logErrors.length < 10) logErrors.push(msg);
};

function podOf(name: string, selector: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { [LABEL]: run } },
    spec: {
      nodeSelector: selector,
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'c', image: 'kubedeck/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
    },
  };
}

/** Churn drives both pod churns until paused or stopped, counting what it did. */
class Churn {
  hollowCreated = 0;
  hollowDeleted = 0;
  dockerCycles = 0;
  errors = 0;
  skippedTicks = 0;
  private readonly live: { name: string; at: number }[] = [];
  private inFlight = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private dockerLoop: Promise<void> | undefined;
  private running = false;
  private readonly firstErrors: string[] = [];

  constructor(private readonly cluster: Cluster) {}

  start(podsPerSecond: number): void {
    this.running = true;
    this.timer = setInterval(() => this.tick(), 1000 / podsPerSecond);
    this.dockerLoop = this.runDocker();
  }

  /** pause stops making calls and waits for those in flight. */
  async pause(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.dockerLoop;
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  }

  errorsSeen(): string[] {
    return this.firstErrors;
  }

  private fail(what: string, err: unknown): void {
    this.errors++;
    if (this.firstErrors.length < 10) this.firstErrors.push(`${what}: ${(err as Error).message}`);
  }

  private call(what: string, fn: () => Promise<unknown>): void {
    this.inFlight++;
    fn()
      .catch((err: unknown) => this.fail(what, err))
      .finally(() => this.inFlight--);
  }

  private tick(): void {
    if (!this.running) return;
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.skippedTicks++;
      return;
    }
    const now = Date.now();
    const oldest = this.live[0];
    if (oldest && now - oldest.at >= HOLLOW_POD_LIFETIME_MS) {
      this.live.shift();
      this.call(`delete ${oldest.name}`, async () => {
        await this.cluster.client.delete(GVR.pods, 'default', oldest.name);
        this.hollowDeleted++;
      });
    }
    const name = `h-${this.seq++}`;
    this.live.push({ name, at: now });
    this.call(`create ${name}`, async () => {
      await this.cluster.client.create(GVR.pods, 'default', podOf(name, { 'kubedeck.io/hollow': 'true' }));
      this.hollowCreated++;
    });
  }

  /** runDocker creates a pod on the Docker node, waits for Running, deletes it, waits until it is gone; one cycle per period. */
  private async runDocker(): Promise<void> {
    let i = 0;
    while (this.running) {
      const started = Date.now();
      const name = `d-${i++}`;
      try {
        await this.cluster.client.create(GVR.pods, 'default', podOf(name, { 'kubernetes.io/hostname': dockerNode }));
        await until(async () => (await this.cluster.client.get<Pod>(GVR.pods, 'default', name)).status?.phase === 'Running', 60_000, `${name} Running`);
        await this.cluster.client.delete(GVR.pods, 'default', name);
        await until(() => gone(this.cluster, name), 60_000, `${name} gone`);
        this.dockerCycles++;
      } catch (err) {
        this.fail(`docker pod ${name}`, err);
        await this.cluster.client.delete(GVR.pods, 'default', name).catch(() => undefined);
      }
      const wait = dockerEveryMs - (Date.now() - started);
      if (wait > 0 && this.running) await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** drain deletes every live hollow pod the churn knows of. */
  async drain(): Promise<void> {
    const names = this.live.splice(0).map((p) => p.name);
    await Promise.all(names.map((n) => this.cluster.client.delete(GVR.pods, 'default', n).then(() => this.hollowDeleted++, () => undefined)));
  }
}

async function gone(cluster: Cluster, name: string): Promise<boolean> {
  try {
    await cluster.client.get(GVR.pods, 'default', name);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

/** until polls check until it holds, failing after timeoutMs. */
async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** soakPodsLeft counts the churn's pods still in the API. */
async function soakPodsLeft(cluster: Cluster): Promise<number> {
  const list = await cluster.client.list<Pod>(GVR.pods, 'default', { labelSelector: `${LABEL}=${run}` });
  return list.items.length;
}

/** quiesce pauses the churn and waits until none of its pods is left, so two samples see the same live objects. */
async function quiesce(cluster: Cluster, churn: Churn): Promise<void> {
  await churn.pause();
  await churn.drain();
  await until(async () => (await soakPodsLeft(cluster)) === 0, 120_000, 'every churn pod to be gone');
  // Let the kubelets' and controllers' follow-up work (status writes, events, queue retries) finish.
  await new Promise((r) => setTimeout(r, 3000));
}

async function removeDockerContainers(): Promise<number> {
  const rt = await connectTestRuntime();
  const list = await rt.docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE}=${dockerNode}`] } });
  await Promise.all(list.map((c) => rt.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  return list.length;
}

function report(start: Sample, end: Sample): boolean {
  const rows: [string, number, number, (n: number) => string][] = [
    ['RSS', start.rss, end.rss, mib],
    ['JS heap used', start.heapUsed, end.heapUsed, mib],
    ['open file descriptors', start.fds, end.fds, String],
    ['active handles', start.handles, end.handles, String],
  ];
  let ok = true;
  console.log('\nsoak: after warm-up → end (ratio; limit 1.10)');
  for (const [name, a, b, fmt] of rows) {
    const ratio = b / a;
    const bad = Number.isFinite(ratio) && ratio > GROWTH_LIMIT;
    if (bad) ok = false;
    console.log(`  ${name.padEnd(22)} ${fmt(a).padStart(10)} → ${fmt(b).padStart(10)}   ×${Number.isFinite(ratio) ? ratio.toFixed(3) : 'n/a'}${bad ? '   GREW' : ''}`);
  }
  console.log(`  (not limited: V8 heap committed ${mib(start.heapTotal)} → ${mib(end.heapTotal)}, external ${mib(start.external)} → ${mib(end.external)})`);
  if (start.rssParts) console.log(`  (RSS split: ${start.rssParts} → ${end.rssParts})`);
  if (end.handles > start.handles) {
    const diff = Object.entries(end.handleKinds)
      .map(([k, n]) => [k, n - (start.handleKinds[k] ?? 0)] as const)
      .filter(([, d]) => d !== 0)
      .map(([k, d]) => `${k} ${d > 0 ? '+' : ''}${d}`);
    console.log(`  handles by kind: ${diff.join(', ')}`);
  }
  return ok;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  console.log(`soak: ${values.minutes} min, ${rate} hollow pods/s on ${hollowNodes} hollow nodes, a Docker pod every ${dockerEveryMs / 1000} s on ${dockerNode}; warm-up ${(warmupMs / 1000).toFixed(0)} s and ${warmupPods} hollow pods at ${3 * rate}/s`);
  const { kubelets: _kubelets, ...components } = await defaultComponents({ dataDir, kubelet: true, config }, log);
  const cluster = await startCluster({ dataDir, port: 0, log, ...components });
  let churn: Churn | undefined;
  let stopping = false;
  const cleanup = async () => {
    if (stopping) return;
    stopping = true;
    await churn?.pause();
    await churn?.drain();
    await until(async () => (await soakPodsLeft(cluster)) === 0, 60_000, 'every churn pod to be gone').catch((err: unknown) => console.error(`soak: ${(err as Error).message}`));
    await cluster.stop();
    const left = await removeDockerContainers();
    if (left > 0) console.error(`soak: removed ${left} container(s) the cluster left on ${dockerNode}`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    console.error('soak: interrupted, cleaning up');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    await until(async () => (await cluster.client.list(GVR.nodes, undefined)).items.length === hollowNodes + 1, 60_000, 'every node to register');
    churn = new Churn(cluster);
    churn.start(3 * rate);
    const progress = setInterval(() => {
      const m = process.memoryUsage();
      console.log(`soak: ${elapsed(t0)}: ${churn!.hollowCreated} hollow pods created, ${churn!.dockerCycles} Docker pod cycles, ${churn!.errors} errors; RSS ${mib(m.rss)}, heap ${mib(m.heapUsed)}`);
    }, 30_000);
    await until(() => Date.now() - t0 >= warmupMs && churn!.hollowCreated >= warmupPods, 3_600_000, 'the warm-up');
    await quiesce(cluster, churn);
    const start = sample('start');
    console.log(`soak: ${elapsed(t0)}: warm-up done (${churn.hollowCreated} hollow pods, ${churn.dockerCycles} Docker cycles): RSS ${mib(start.rss)}, heap ${mib(start.heapUsed)}, ${start.fds} fds, ${start.handles} handles`);
    const measured = { hollow: churn.hollowCreated, docker: churn.dockerCycles, at: Date.now() };
    churn.start(rate);
    await new Promise((r) => setTimeout(r, runMs - warmupMs));
    clearInterval(progress);
    await quiesce(cluster, churn);
    const end = sample('end');
    const secs = (Date.now() - measured.at) / 1000;
    const hollow = churn.hollowCreated - measured.hollow;
    console.log(
      `soak: ${elapsed(t0)}: measured ${secs.toFixed(0)} s: ${hollow} hollow pods created (${(hollow / secs).toFixed(1)}/s), ${churn.dockerCycles - measured.docker} Docker pod cycles; in all ${churn.hollowDeleted} hollow deletes, ${churn.errors} errors, ${churn.skippedTicks} ticks skipped (cluster behind)`,
    );
    for (const e of churn.errorsSeen()) console.log(`  error: ${e}`);
    if (logErrors.length) console.log(`soak: ${logLines} cluster log lines; the first errors:\n  ${logErrors.join('\n  ')}`);
    const ok = report(start, end);
    if (churn.dockerCycles === 0) {
      console.log('soak: FAIL: no Docker pod completed a cycle');
      return 1;
    }
    console.log(ok ? 'soak: PASS' : 'soak: FAIL: growth above 10 % after warm-up');
    return ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
