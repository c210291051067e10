/**
 * The scheduler: takes pending pods one at a time from the scheduling queue,
 * filters the nodes (stopping, as Kubernetes does, once enough feasible nodes
 * are found in large clusters), scores the feasible ones, assumes the pod on
 * the best node in its cache and writes the Binding in the background. Every
 * decision is explained on the pod (annotation `kubedeck.io/scheduling`):
 * each node's verdict, failure reasons and scores. A pod that fits nowhere
 * gets PodScheduled=False/Unschedulable with Kubernetes' message and a
 * FailedScheduling event, and waits with back-off for a cluster change.
 */
import type { Node, Pod } from '../../shared/api/core';
import type { Condition } from '../../shared/api/meta';
import { GVR } from '../../shared/api/resources';
import { SCHEDULING_ANNOTATION, type Explanation, type NodeVerdict } from '../../shared/api/scheduling';
import { isConflict, isNotFound } from '../../shared/errors';
import { realClock, type Clock } from '../client/clock';
import type { Informer, SharedInformerFactory } from '../client/informer';
import type { PauseGate } from '../client/pause-gate';
import { objectKey } from '../client/lister';
import type { ApiClient } from '../client/types';
import type { EventRecorder } from '../client/event-recorder';
import { fitErrorMessage } from './fit-error';
import { SchedulerCache, podResources, type NodeInfo } from './node-info';
import { balancedAllocationScore, explicitSpreadFilter, filterNode, leastAllocatedScore, preparePod, Reasons } from './plugins';
import { SchedulingQueue } from './scheduling-queue';
import { podVolumes, volumeFilter, type PodVolumes, type VolumeInformers } from './volume-binding';
import type { PersistentVolume, PersistentVolumeClaim } from '../../shared/api/core';
import { SELECTED_NODE_ANNOTATION, type StorageClass } from '../../shared/api/storage';

export const SCHEDULER_NAME = 'default-scheduler';
/** EXPLANATION_ANNOTATION is where each decision is explained (see src/shared/api/scheduling.ts). */
export const EXPLANATION_ANNOTATION = SCHEDULING_ANNOTATION;

/** Score plugin weights of the default profile. */
const WEIGHTS = { NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1, PodTopologySpread: 2 } as const;

export type { Explanation, NodeVerdict };

export interface ScheduleResult {
  node?: string;
  message?: string;
  explanation: Explanation;
}

export interface SchedulerOptions {
  clock?: Clock;
  schedulerName?: string;
  /** Nodes listed in the explanation of a pod that fits nowhere, at most (all of them in clusters up to this size; default 50). */
  explainMaxNodes?: number;
  /**
   * Nodes listed in the explanation of a placed pod, at most (default 10:
   * the chosen node and the best of the rest). Every pod carries its
   * explanation, in the store and in every cache: at 50 nodes it was 7.5 KB,
   * half of a pod's memory in the informers at 30,000 pods.
   */
  explainMaxNodesPlaced?: number;
  /** Kubernetes' percentageOfNodesToScore (0 = adaptive, as the default). */
  percentageOfNodesToScore?: number;
  /** Bindings written concurrently. */
  bindConcurrency?: number;
  /** How long PreBind waits for a pod's claims to be bound (provisioned) before trying again. */
  volumeBindTimeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  onError?: (key: string, err: unknown) => void;
}

export interface SchedulerDeps extends SchedulerOptions {
  client: ApiClient;
  podInformer: Informer<Pod>;
  nodeInformer: Informer<Node>;
  /** Claims, volumes and classes, for pods with persistentVolumeClaim volumes (absent: such pods are not checked). */
  volumes?: VolumeInformers;
  recorder: EventRecorder;
}

/** numFeasibleNodesToFind is Kubernetes' adaptive sample size: all nodes up to 100, then 50% − n/125 % (≥ 5 %), at least 100. */
export function numFeasibleNodesToFind(numNodes: number, percentage = 0): number {
  if (numNodes < 100 || percentage >= 100) return numNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(5, 50 - Math.floor(numNodes / 125));
  return Math.max(100, Math.floor((numNodes * pct) / 100));
}

/** nodeSchedulingChanged reports a node change a filter could see (Kubernetes' nodeSchedulingPropertiesChange). */
export function nodeSchedulingChanged(a: Readonly<Node>, b: Readonly<Node>): boolean {
  const ready = (n: Readonly<Node>) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return (
    !!a.spec?.unschedulable !== !!b.spec?.unschedulable ||
    JSON.stringify(a.status?.allocatable ?? {}) !== JSON.stringify(b.status?.allocatable ?? {}) ||
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.spec?.taints ?? []) !== JSON.stringify(b.spec?.taints ?? []) ||
    ready(a) !== ready(b)
  );
}

const isPending = (p: Readonly<Pod>) => !p.spec.nodeName && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/** Scheduler assigns pending pods to nodes. */
export class Scheduler {
  readonly queue: SchedulingQueue;
  readonly cache = new SchedulerCache();
  private readonly clock: Clock;
  private readonly name: string;
  private nextStart = 0;
  private inflight = 0;
  private bindWaiters: (() => void)[] = [];
  private readonly pendingAnnotations = new Map<string, string>();
  private readonly podVolumes = new Map<string, PodVolumes>();
  /** Pods scheduled (bound) since start; the bench reads it. */
  bound = 0;

  constructor(private readonly deps: SchedulerDeps) {
    this.clock = deps.clock ?? realClock;
    this.name = deps.schedulerName ?? SCHEDULER_NAME;
    this.queue = new SchedulingQueue({ clock: this.clock, initialBackoffMs: deps.initialBackoffMs, maxBackoffMs: deps.maxBackoffMs });
    deps.nodeInformer.addEventHandler({
      onAdd: (n) => {
        this.cache.upsertNode(n);
        this.queue.moveAllToActive();
      },
      onUpdate: (o, n) => {
        this.cache.upsertNode(n);
        // Heartbeats change nothing a filter reads; only wake parked pods for changes that could help.
        if (nodeSchedulingChanged(o, n)) this.queue.moveAllToActive();
      },
      onDelete: (n) => this.cache.removeNode(n.metadata.name!),
    });
    // A claim created or bound, or a volume provisioned, may let a waiting pod fit.
    const wake = () => this.queue.moveAllToActive();
    deps.volumes?.claims.addEventHandler({ onAdd: wake, onUpdate: wake });
    deps.volumes?.volumes.addEventHandler({ onAdd: wake });
    deps.podInformer.addEventHandler({
      onAdd: (p) => this.podEvent(undefined, p),
      onUpdate: (o, p) => this.podEvent(o, p),
      onDelete: (p) => {
        const key = objectKey(p);
        this.cache.removePod(key);
        this.queue.remove(key);
        this.pendingAnnotations.delete(key);
        this.podVolumes.delete(key);
        // Freed resources may let a parked pod fit.
        if (p.spec.nodeName) this.queue.moveAllToActive();
      },
    });
  }

  private mine(p: Readonly<Pod>): boolean {
    return (p.spec.schedulerName ?? SCHEDULER_NAME) === this.name;
  }

  private podEvent(old: Readonly<Pod> | undefined, p: Readonly<Pod>): void {
    const key = objectKey(p);
    if (p.spec.nodeName) {
      this.cache.observePod(key, p);
      this.queue.remove(key);
      this.ensureAnnotation(key, p);
      return;
    }
    this.cache.observePod(key, p);
    if (!isPending(p) || !this.mine(p)) return;
    if (!old) return this.queue.add(key);
    const relevant = JSON.stringify(old.spec) !== JSON.stringify(p.spec) || JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {});
    if (relevant) this.queue.podUpdated(key);
    if (!this.queue.isParked(key)) this.queue.add(key);
  }

  /** If the API did not carry the Binding's annotations onto the pod, write the explanation directly. */
  private ensureAnnotation(key: string, p: Readonly<Pod>): void {
    const want = this.pendingAnnotations.get(key);
    if (want === undefined) return;
    this.pendingAnnotations.delete(key);
    if (p.metadata.annotations?.[EXPLANATION_ANNOTATION] === want) return;
    this.deps.client
      .patch(GVR.pods, p.metadata.namespace, p.metadata.name!, 'application/merge-patch+json', { metadata: { annotations: { [EXPLANATION_ANNOTATION]: want } } })
      .catch((err) => this.deps.onError?.(key, err));
  }

  /** run schedules pods until stop; while gate is paused, the popped pod waits unscheduled. */
  async run(gate?: PauseGate): Promise<void> {
    for (;;) {
      const key = await this.queue.pop();
      if (key === undefined) break;
      if (gate?.paused) {
        await gate.whenRunning();
        if (this.queue.isShutDown()) {
          this.queue.done(key);
          break;
        }
      }
      try {
        await this.scheduleOne(key);
      } catch (err) {
        this.deps.onError?.(key, err);
        this.queue.retry(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  /** stop shuts the queue down (bindings in flight finish). */
  stop(): void {
    this.queue.shutDown();
  }

  /** idle resolves when no binding is in flight. */
  async idle(): Promise<void> {
    while (this.inflight > 0) await new Promise<void>((r) => this.bindWaiters.push(r));
  }

  /** scheduleOne makes one scheduling attempt for the pod under key. */
  async scheduleOne(key: string): Promise<void> {
    const pod = this.deps.podInformer.lister.getByKey(key);
    if (!pod || !isPending(pod) || !this.mine(pod) || this.cache.isAssumed(key)) return;
    const result = this.schedule(pod);
    if (result.node) {
      this.cache.assume(key, pod, result.node);
      // Bind in the background, a bounded number at a time, so the next pod is scheduled meanwhile.
      while (this.inflight >= (this.deps.bindConcurrency ?? 64)) await new Promise<void>((r) => this.bindWaiters.push(r));
      this.inflight++;
      void this.bind(key, pod, result).finally(() => {
        this.inflight--;
        const ws = this.bindWaiters;
        this.bindWaiters = [];
        for (const w of ws) w();
      });
      return;
    }
    this.queue.unschedulable(key);
    await this.recordUnschedulable(pod, result);
  }

  /** schedule runs filters and scores for pod against the cache (no I/O). */
  schedule(pod: Readonly<Pod>): ScheduleResult {
    const nodes = this.cache.nodes();
    const p = preparePod(pod, podResources(pod));
    const toFind = numFeasibleNodesToFind(nodes.length, this.deps.percentageOfNodesToScore);
    const verdicts: NodeVerdict[] = [];
    const feasible: NodeInfo[] = [];
    const failed: string[][] = [];
    const hasSpread = (pod.spec.topologySpreadConstraints ?? []).length > 0;
    const vols = this.deps.volumes && pod.spec.volumes?.some((v) => v.persistentVolumeClaim) ? podVolumes(pod, this.deps.volumes) : undefined;
    const key = objectKey(pod);
    if (vols) this.podVolumes.set(key, vols);
    else this.podVolumes.delete(key);
    let processed = 0;
    for (; processed < nodes.length && feasible.length < toFind; processed++) {
      const n = nodes[(this.nextStart + processed) % nodes.length]!;
      let reasons = filterNode(p, n);
      if (reasons.length === 0 && vols) reasons = volumeFilter(vols, n.node?.metadata.labels ?? {}, n.name);
      if (reasons.length === 0 && hasSpread && !explicitSpreadFilter(pod, n, nodes, (x) => this.podsOn(x))) reasons = [Reasons.spread];
      if (reasons.length > 0) {
        failed.push(reasons);
        const v: NodeVerdict = { name: n.name, feasible: false, reasons };
        // Numbers for "what would make it fit": only nodes short of CPU or memory carry them.
        if (reasons.includes(Reasons.cpu) || reasons.includes(Reasons.memory)) {
          v.resources = { freeMilliCPU: n.allocMilliCPU - n.milliCPU, freeMemory: n.allocMemory - n.memory, allocatableMilliCPU: n.allocMilliCPU, allocatableMemory: n.allocMemory };
        }
        verdicts.push(v);
      } else {
        feasible.push(n);
      }
    }
    if (nodes.length > 0) this.nextStart = (this.nextStart + processed) % nodes.length;
    const time = new Date(this.clock.now()).toISOString();

    if (feasible.length === 0) {
      // A PreFilter rejection (VolumeBinding's) names no node count, as Kubernetes prints it.
      const message = vols?.unschedulable ? `0/${nodes.length} nodes are available: ${vols.unschedulable}.` : fitErrorMessage(nodes.length, failed);
      return { message, explanation: this.compact({ time, message, nodes: verdicts, request: { milliCPU: p.res.milliCPU, memory: p.res.memory } }) };
    }

    // Default topology spread: fewer pods of the same owner on a node scores higher.
    const group = p.res.group;
    let minG = Infinity;
    let maxG = -Infinity;
    if (group) {
      for (const n of feasible) {
        const c = n.groups.get(group) ?? 0;
        if (c < minG) minG = c;
        if (c > maxG) maxG = c;
      }
    }
    // Scores go to flat arrays; verdict objects are built only for the nodes the explanation keeps.
    const k = feasible.length;
    const fit = new Int32Array(k);
    const balanced = new Int32Array(k);
    const spread = new Int32Array(k);
    const total = new Float64Array(k);
    let best = 0;
    for (let i = 0; i < k; i++) {
      const n = feasible[i]!;
      fit[i] = leastAllocatedScore(p, n);
      balanced[i] = balancedAllocationScore(p, n);
      spread[i] = !group || maxG === minG ? 100 : Math.floor((100 * (maxG - (n.groups.get(group) ?? 0))) / (maxG - minG));
      total[i] = fit[i]! * WEIGHTS.NodeResourcesFit + balanced[i]! * WEIGHTS.NodeResourcesBalancedAllocation + spread[i]! * WEIGHTS.PodTopologySpread;
      if (total[i]! > total[best]!) best = i;
    }
    const verdict = (i: number): NodeVerdict => ({
      name: feasible[i]!.name,
      feasible: true,
      scores: { NodeResourcesFit: fit[i]!, NodeResourcesBalancedAllocation: balanced[i]!, PodTopologySpread: spread[i]! },
      total: total[i]!,
    });
    const max = this.deps.explainMaxNodesPlaced ?? 10;
    const chosen = feasible[best]!.name;
    let kept: number[];
    if (k + verdicts.length <= max) {
      kept = Array.from({ length: k }, (_, i) => i);
    } else {
      // The best `max` feasible nodes by total (the chosen one first), without sorting every verdict object.
      const sorted = Float64Array.from(total).sort().reverse();
      const threshold = sorted[Math.min(max, k) - 1]!;
      kept = [best];
      for (let i = 0; i < k && kept.length < max; i++) if (i !== best && total[i]! > threshold) kept.push(i);
      for (let i = 0; i < k && kept.length < max; i++) if (i !== best && total[i] === threshold) kept.push(i);
    }
    const nodesOut = kept.map(verdict);
    const explanation = this.compact({ time, node: chosen, nodes: [...nodesOut, ...verdicts], request: { milliCPU: p.res.milliCPU, memory: p.res.memory } }, k + verdicts.length, max);
    return { node: chosen, explanation };
  }

  private podsOn(n: NodeInfo): Readonly<Pod>[] {
    const out: Readonly<Pod>[] = [];
    for (const k of n.podKeys) {
      const p = this.deps.podInformer.lister.getByKey(k);
      if (p) out.push(p);
    }
    return out;
  }

  /**
   * compact orders the explanation (chosen node, then feasible by score, then
   * the rest by name) and keeps at most max entries: every node in small
   * clusters; `omitted` counts the evaluated nodes left out.
   */
  private compact(e: Explanation, evaluated = e.nodes.length, max = this.deps.explainMaxNodes ?? 50): Explanation {
    const sorted = e.nodes.length > max * 4 ? e.nodes.slice(0, max * 4) : e.nodes;
    sorted.sort(
      (a, b) => Number(b.name === e.node) - Number(a.name === e.node) || Number(b.feasible) - Number(a.feasible) || (b.total ?? 0) - (a.total ?? 0) || (a.name < b.name ? -1 : 1),
    );
    const nodes = sorted.slice(0, max);
    return evaluated > nodes.length ? { ...e, nodes, omitted: evaluated - nodes.length } : { ...e, nodes };
  }

  private async bind(key: string, pod: Readonly<Pod>, result: ScheduleResult): Promise<void> {
    const node = result.node!;
    const explanation = JSON.stringify(result.explanation);
    this.pendingAnnotations.set(key, explanation);
    try {
      await this.preBindVolumes(key, pod, node);
      await this.deps.client.createSubresource(GVR.pods, pod.metadata.namespace, pod.metadata.name!, 'binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, annotations: { [EXPLANATION_ANNOTATION]: explanation } },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      });
      this.bound++;
      this.deps.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`);
    } catch (err) {
      this.pendingAnnotations.delete(key);
      this.cache.forget(key);
      if (isNotFound(err)) return;
      this.deps.recorder.event(pod, 'Warning', 'FailedScheduling', `Binding rejected: ${(err as Error).message}`);
      // Already bound by someone else: the watch will show it. Otherwise try again after back-off.
      if (!isConflict(err)) this.queue.retry(key);
      this.deps.onError?.(key, err);
    }
  }

  /**
   * preBindVolumes records the node on the pod's unbound WaitForFirstConsumer
   * claims and waits until every claim is bound, as the VolumeBinding
   * plugin's PreBind does, so the kubelet finds the volume there.
   */
  private async preBindVolumes(key: string, pod: Readonly<Pod>, node: string): Promise<void> {
    const vols = this.podVolumes.get(key);
    this.podVolumes.delete(key);
    const inf = this.deps.volumes;
    if (!vols || !inf) return;
    for (const c of vols.toSelect) {
      if (c.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === node) continue;
      await this.deps.client.patch(GVR.persistentvolumeclaims, c.metadata.namespace, c.metadata.name!, 'application/merge-patch+json', { metadata: { annotations: { [SELECTED_NODE_ANNOTATION]: node } } });
    }
    const deadline = this.clock.now() + (this.deps.volumeBindTimeoutMs ?? 60_000);
    const ns = pod.metadata.namespace;
    const bound = () => vols.claimNames.every((n) => inf.claims.lister.get(ns, n)?.status?.phase === 'Bound');
    while (!bound()) {
      if (this.clock.now() > deadline || this.queue.isShutDown()) throw new Error(`binding volumes: timed out waiting for the condition (claims ${vols.claimNames.join(', ')})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async recordUnschedulable(pod: Readonly<Pod>, result: ScheduleResult): Promise<void> {
    const message = result.message!;
    this.deps.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name!;
    const cur = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    try {
      // The explanation first: whoever sees the condition can read why.
      await this.deps.client.patch(GVR.pods, ns, name, 'application/merge-patch+json', {
        metadata: { annotations: { [EXPLANATION_ANNOTATION]: JSON.stringify(result.explanation) } },
      });
      if (cur?.status !== 'False' || cur.reason !== 'Unschedulable' || cur.message !== message) {
        const cond: Condition = {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message,
          lastProbeTime: null,
          lastTransitionTime: cur?.status === 'False' && cur.lastTransitionTime ? cur.lastTransitionTime : new Date(this.clock.now()).toISOString(),
        };
        const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), cond];
        await this.deps.client.patch(GVR.pods, ns, name, 'application/merge-patch+json', { status: { conditions } }, { subresource: 'status' });
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** createScheduler wires a Scheduler to a shared informer factory (call factory.start() afterwards). */
export function createScheduler(client: ApiClient, factory: SharedInformerFactory, recorder: EventRecorder, opts: SchedulerOptions = {}): Scheduler {
  return new Scheduler({
    ...opts,
    client,
    podInformer: factory.informerFor<Pod>(GVR.pods),
    nodeInformer: factory.informerFor<Node>(GVR.nodes),
    volumes: {
      claims: factory.informerFor<PersistentVolumeClaim>(GVR.persistentvolumeclaims),
      volumes: factory.informerFor<PersistentVolume>(GVR.persistentvolumes),
      classes: factory.informerFor<StorageClass>(GVR.storageclasses),
    },
    recorder,
  });
}
