/**
 * The kubelet's metrics: one engine stats stream per running container
 * (opened when it starts, closed when it stops: an idle container costs a
 * frame a second on an open stream, nothing per request), the latest
 * reading per container, node and pod totals, and a 10 s history of both.
 * It serves the node's summary (NodeUsage) that metrics.k8s.io is built from.
 */
import type { ContainerUsage, NodeUsage, PodUsage, UsagePoint } from '../../node-api/metrics';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, LABEL_TYPE, TYPE_SANDBOX } from '../naming';
import type { Labels, Runtime, UsageSample } from '../runtime/types';
import { History, HISTORY_STEP_MS } from './history';

interface Tracked {
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  stop?: () => void;
  last?: UsageSample;
  prevTimeMs?: number;
}

/** A reading older than this is dropped (the stream stalled or the container is gone). */
const STALE_MS = 30_000;

export interface MetricsCollectorOptions {
  node: string;
  now?: () => number;
  log?: (msg: string) => void;
  /** The history's resolution (default 10 s). */
  historyStepMs?: number;
  /** false: start() does nothing until setEnabled(true) (config.yaml `metrics: {enabled: false}`). */
  enabled?: boolean;
}

/** MetricsCollector follows the containers of one node. */
export class MetricsCollector {
  private readonly tracked = new Map<string, Tracked>();
  private nodeHistory = new History();
  private readonly podHistories = new Map<string, History>();
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private runtime?: Runtime;
  private enabled: boolean;

  constructor(private readonly opts: MetricsCollectorOptions) {
    this.now = opts.now ?? Date.now;
    this.enabled = opts.enabled !== false;
  }

  /** isEnabled reports whether the collector follows containers when started. */
  get isEnabled(): boolean {
    return this.enabled;
  }

  /** setEnabled switches collection; off stops every stream and forgets the readings (the caller starts it again when on). */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) {
      this.stop();
      this.nodeHistory = new History();
      this.podHistories.clear();
    }
  }

  /** start records history every step on this runtime's readings (nothing while disabled). */
  start(rt: Runtime): void {
    if (!this.enabled) return;
    this.runtime = rt;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.record(), this.opts.historyStepMs ?? HISTORY_STEP_MS);
    this.timer.unref?.();
  }

  /** stop closes every stream and the history timer. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const id of [...this.tracked.keys()]) this.untrack(id);
    this.runtime = undefined;
  }

  /** containerStarted opens the stream of a pod container (sandboxes are not measured, as the pause container's cost is nil). */
  containerStarted(id: string, labels: Labels): void {
    const rt = this.runtime;
    if (!rt || this.tracked.has(id) || labels[LABEL_TYPE] === TYPE_SANDBOX) return;
    const namespace = labels[LABEL_POD_NAMESPACE];
    const pod = labels[LABEL_POD_NAME];
    const uid = labels[LABEL_POD_UID];
    const container = labels[LABEL_CONTAINER_NAME];
    if (!namespace || !pod || !uid || !container) return;
    const t: Tracked = { namespace, pod, uid, container };
    this.tracked.set(id, t);
    rt.statsStream(
      id,
      (s) => {
        if (this.tracked.get(id) !== t) return;
        t.prevTimeMs = t.last?.timeMs;
        t.last = s;
      },
      () => {
        if (this.tracked.get(id) === t) this.tracked.delete(id);
      },
    ).then(
      (stop) => {
        if (this.tracked.get(id) === t) t.stop = stop;
        else stop();
      },
      (err: unknown) => {
        if (this.tracked.get(id) === t) this.tracked.delete(id);
        this.opts.log?.(`metrics: cannot follow container ${id.slice(0, 12)}: ${(err as Error).message}`);
      },
    );
  }

  /** containerStopped closes a container's stream. */
  containerStopped(id: string): void {
    this.untrack(id);
  }

  /** reconcile follows exactly the running containers given (adoption after a start or an engine outage). */
  reconcile(running: { id: string; labels: Labels }[]): void {
    const ids = new Set(running.map((c) => c.id));
    for (const id of [...this.tracked.keys()]) if (!ids.has(id)) this.untrack(id);
    for (const c of running) this.containerStarted(c.id, c.labels);
  }

  private untrack(id: string): void {
    const t = this.tracked.get(id);
    this.tracked.delete(id);
    t?.stop?.();
  }

  /** summary is the node's current usage: its pods' containers and their total. */
  summary(): NodeUsage {
    const now = this.now();
    const pods = new Map<string, PodUsage>();
    let cpu = 0;
    let mem = 0;
    let oldest = now;
    let window = 1;
    for (const t of this.tracked.values()) {
      const s = t.last;
      if (!s || now - s.timeMs > STALE_MS) continue;
      const key = `${t.namespace}/${t.pod}`;
      let p = pods.get(key);
      const w = t.prevTimeMs ? Math.max(1, Math.round((s.timeMs - t.prevTimeMs) / 1000)) : 1;
      if (!p) {
        p = { namespace: t.namespace, name: t.pod, uid: t.uid, timeMs: s.timeMs, windowSeconds: w, containers: [] };
        pods.set(key, p);
      }
      p.timeMs = Math.min(p.timeMs, s.timeMs);
      const c: ContainerUsage = { name: t.container, cpuNanoCores: s.cpuNanoCores, memoryWorkingSetBytes: s.memoryWorkingSetBytes };
      p.containers.push(c);
      cpu += c.cpuNanoCores;
      mem += c.memoryWorkingSetBytes;
      oldest = Math.min(oldest, s.timeMs);
      window = Math.max(window, w);
    }
    for (const p of pods.values()) p.containers.sort((a, b) => a.name.localeCompare(b.name));
    return { node: this.opts.node, timeMs: oldest, windowSeconds: window, cpuNanoCores: cpu, memoryWorkingSetBytes: mem, pods: [...pods.values()] };
  }

  /** record appends the current totals to the node's and each pod's history. */
  record(): void {
    const s = this.summary();
    const timeMs = this.now();
    this.nodeHistory.add({ timeMs, cpuNanoCores: s.cpuNanoCores, memoryWorkingSetBytes: s.memoryWorkingSetBytes });
    const seen = new Set<string>();
    for (const p of s.pods) {
      const key = `${p.namespace}/${p.name}`;
      seen.add(key);
      let h = this.podHistories.get(key);
      if (!h) this.podHistories.set(key, (h = new History()));
      h.add({
        timeMs,
        cpuNanoCores: p.containers.reduce((a, c) => a + c.cpuNanoCores, 0),
        memoryWorkingSetBytes: p.containers.reduce((a, c) => a + c.memoryWorkingSetBytes, 0),
      });
    }
    // A pod without readings for a whole history is forgotten.
    for (const [key, h] of this.podHistories) {
      const pts = h.list();
      if (!seen.has(key) && (pts.length === 0 || timeMs - pts[pts.length - 1]!.timeMs > HISTORY_STEP_MS * 96)) this.podHistories.delete(key);
    }
  }

  /** history returns the node's points, oldest first. */
  history(): UsagePoint[] {
    return this.nodeHistory.list();
  }

  /** podHistory returns a pod's points, oldest first. */
  podHistory(namespace: string, name: string): UsagePoint[] {
    return this.podHistories.get(`${namespace}/${name}`)?.list() ?? [];
  }

  /** following reports how many streams are open (tests). */
  following(): number {
    return this.tracked.size;
  }
}
