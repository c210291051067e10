/**
 * The node lifecycle controller: a node whose kubelet stops renewing its Lease
 * (and posting status) for longer than the grace period gets Ready=Unknown
 * ("Kubelet stopped posting node status."), the `node.kubernetes.io/unreachable`
 * taints (NoSchedule and NoExecute; `not-ready` when Ready=False), and its
 * pods marked not ready. Pods on a NoExecute-tainted node are evicted once
 * their toleration runs out: tolerationSeconds, or the default (300 s, as the
 * DefaultTolerationSeconds admission would add) for the not-ready/unreachable
 * taints, or at once for other untolerated NoExecute taints.
 */
import type { PauseGate } from '../../client/pause-gate';
import type { Lease } from '../../../shared/api/coordination';
import { NODE_REASON_RUNTIME_UNREACHABLE, type Node, type Pod, type Taint, type Toleration } from '../../../shared/api/core';
import type { Condition } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock, type TimerHandle } from '../../client/clock';
import type { Informer } from '../../client/informer';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import type { EventRecorder } from '../../client/event-recorder';
import { isPodActive } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import { tolerates } from './taints';

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** POD_NODE_INDEX files pods under spec.nodeName. */
export const POD_NODE_INDEX = 'nodeName';

export interface NodeLifecycleOptions {
  /** How long without a heartbeat before Ready becomes Unknown (Kubernetes: 40 s). */
  gracePeriodMs?: number;
  /** How often every node is checked (Kubernetes: 5 s). */
  monitorPeriodMs?: number;
  /** tolerationSeconds assumed for not-ready/unreachable when a pod declares none (Kubernetes: 300). */
  defaultTolerationSeconds?: number;
}

export interface NodeLifecycleDeps extends NodeLifecycleOptions {
  client: ApiClient;
  nodeInformer: Informer<Node>;
  leaseInformer: Informer<Lease>;
  podInformer: Informer<Pod>;
  recorder: EventRecorder;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

interface Health {
  /** Local time at which a heartbeat was last observed. */
  probeAt: number;
  renewTime?: string;
  heartbeat?: string;
}

const CONDITIONS_SET_UNKNOWN = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** NodeLifecycleController watches node heartbeats, taints unhealthy nodes and evicts their pods. */
export class NodeLifecycleController {
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly health = new Map<string, Health>();
  private monitorTimer: TimerHandle | undefined;
  private stopped = false;
  private readonly grace: number;
  private readonly period: number;
  private readonly defaultToleration: number;

  constructor(private readonly deps: NodeLifecycleDeps) {
    this.clock = deps.clock ?? realClock;
    this.grace = deps.gracePeriodMs ?? 40_000;
    this.period = deps.monitorPeriodMs ?? 5_000;
    this.defaultToleration = deps.defaultTolerationSeconds ?? 300;
    this.queue = new WorkQueue<string>({ name: 'nodelifecycle', clock: this.clock });
    deps.podInformer.addIndexers({ [POD_NODE_INDEX]: (p) => (p.spec.nodeName ? [p.spec.nodeName] : []) });
    deps.nodeInformer.addEventHandler({
      onAdd: (n) => this.queue.add(n.metadata.name!),
      onUpdate: (_o, n) => this.queue.add(n.metadata.name!),
      onDelete: (n) => this.health.delete(n.metadata.name!),
    });
    deps.leaseInformer.addEventHandler({
      onAdd: (l) => this.queue.add(l.metadata.name!),
      onUpdate: (_o, l) => this.queue.add(l.metadata.name!),
    });
    // A pod landing on a tainted node may have to go.
    deps.podInformer.addEventHandler({
      onAdd: (p) => p.spec.nodeName && this.queue.add(p.spec.nodeName),
      onUpdate: (o, p) => p.spec.nodeName && p.spec.nodeName !== o.spec.nodeName && this.queue.add(p.spec.nodeName),
    });
  }

  /** run starts the periodic monitor and n workers until stop. */
  run(workers = 2, gate?: PauseGate): Promise<void> {
    this.scheduleMonitor();
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError, gate });
  }

  /** stop ends the monitor and shuts the queue down. */
  stop(): void {
    this.stopped = true;
    this.monitorTimer?.cancel();
    this.queue.shutDown();
  }

  /** monitor queues every node for a health check (runs every monitorPeriod). */
  monitor(): void {
    for (const n of this.deps.nodeInformer.lister.list()) this.queue.add(n.metadata.name!);
  }

  private scheduleMonitor(): void {
    if (this.stopped) return;
    this.monitorTimer = this.clock.setTimeout(() => {
      this.monitor();
      this.scheduleMonitor();
    }, this.period);
  }

  /** sync checks one node's heartbeat, its taints, and the eviction of its pods. */
  async sync(name: string): Promise<void> {
    const cached = this.deps.nodeInformer.lister.get(undefined, name);
    if (!cached) return;
    let node = cached as Node;
    const now = this.clock.now();
    node = (await this.updateHealth(node, now)) ?? node;
    node = (await this.updateTaints(node, now)) ?? node;
    // As Kubernetes' MarkPodsNotReady: whatever makes a node not Ready (an
    // unreachable engine too), its pods stop counting as ready, so Services
    // stop sending them traffic. The kubelet sets them right once it can.
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'False') await this.markPodsNotReady(node.metadata.name!, new Date(now).toISOString());
    await this.evict(node, now);
  }

  private async updateHealth(node: Node, now: number): Promise<Node | undefined> {
    const name = node.metadata.name!;
    const lease = this.deps.leaseInformer.lister.get(NODE_LEASE_NAMESPACE, name);
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const renewTime = lease?.spec?.renewTime;
    const heartbeat = ready?.lastHeartbeatTime;
    const h = this.health.get(name);
    if (!h) {
      this.health.set(name, { probeAt: now, renewTime, heartbeat });
      return undefined;
    }
    if (renewTime !== h.renewTime || heartbeat !== h.heartbeat) {
      h.probeAt = now;
      h.renewTime = renewTime;
      h.heartbeat = heartbeat;
      return undefined;
    }
    if (now <= h.probeAt + this.grace) return undefined;
    if (ready?.status === 'Unknown') return undefined;

    // Silent for longer than the grace period: nobody knows how the node is.
    const ts = new Date(now).toISOString();
    const conditions: Condition[] = [...(node.status?.conditions ?? [])];
    for (const type of CONDITIONS_SET_UNKNOWN) {
      const i = conditions.findIndex((c) => c.type === type);
      const prev = conditions[i];
      const c: Condition = {
        type,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastHeartbeatTime: prev?.lastHeartbeatTime ?? ts,
        lastTransitionTime: ts,
      };
      if (i >= 0) conditions[i] = c;
      else if (type === 'Ready') conditions.push({ ...c, message: 'Kubelet never posted node status.' });
    }
    let updated: Node;
    try {
      updated = await this.deps.client.updateStatus<Node>(GVR.nodes, undefined, { ...node, status: { ...node.status, conditions } });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    this.deps.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    await this.markPodsNotReady(name, ts);
    return updated;
  }

  private async markPodsNotReady(nodeName: string, ts: string): Promise<void> {
    for (const p of this.deps.podInformer.lister.byIndex(POD_NODE_INDEX, nodeName)) {
      const conds = p.status?.conditions ?? [];
      const ready = conds.find((c) => c.type === 'Ready');
      if (!isPodActive(p) || ready?.status === 'False') continue;
      const next = conds.filter((c) => c.type !== 'Ready' && c.type !== 'ContainersReady');
      next.push({ type: 'Ready', status: 'False', lastTransitionTime: ts, reason: 'NodeNotReady' }, { type: 'ContainersReady', status: 'False', lastTransitionTime: ts, reason: 'NodeNotReady' });
      try {
        await this.deps.client.updateStatus<Pod>(GVR.pods, p.metadata.namespace, { ...(p as Pod), status: { ...p.status, conditions: next } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
      this.deps.recorder.event(p, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  /**
   * The taint a node's Ready condition calls for, and its effects. A node
   * whose kubelet reports its container engine unreachable keeps its pods (the
   * kubelet restores them when the engine answers again; on a desktop the
   * engine is often just restarting), so it gets NoSchedule only, never the
   * NoExecute that would evict them after 300 s.
   */
  private wantedTaint(node: Node): { key: string; effects: readonly Taint['effect'][] } | undefined {
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'True') return undefined;
    if (ready.status === 'Unknown') return { key: TAINT_UNREACHABLE, effects: ['NoSchedule', 'NoExecute'] };
    if (ready.reason === NODE_REASON_RUNTIME_UNREACHABLE) return { key: TAINT_NOT_READY, effects: ['NoSchedule'] };
    return { key: TAINT_NOT_READY, effects: ['NoSchedule', 'NoExecute'] };
  }

  private async updateTaints(node: Node, now: number): Promise<Node | undefined> {
    const want = this.wantedTaint(node);
    const taints = node.spec?.taints ?? [];
    const ours = new Set([TAINT_UNREACHABLE, TAINT_NOT_READY]);
    const keep = taints.filter((t) => !ours.has(t.key) || (t.key === want?.key && want.effects.includes(t.effect)));
    const next: Taint[] = [...keep];
    if (want) {
      const ts = new Date(now).toISOString();
      for (const effect of want.effects) {
        if (!keep.some((t) => t.key === want.key && t.effect === effect)) next.push({ key: want.key, effect, timeAdded: ts });
      }
    }
    if (JSON.stringify(next) === JSON.stringify(taints)) return undefined;
    try {
      return await this.deps.client.update<Node>(GVR.nodes, undefined, { ...node, spec: { ...node.spec, taints: next } });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** evictAt returns when pod must leave node (ms), Infinity if it tolerates every NoExecute taint for ever. */
  evictAt(pod: Readonly<Pod>, taints: readonly Taint[]): number {
    let at = Infinity;
    for (const taint of taints) {
      if (taint.effect !== 'NoExecute') continue;
      const added = Date.parse(taint.timeAdded ?? '') || this.clock.now();
      const matching = (pod.spec.tolerations ?? []).filter((t) => tolerates(t, taint));
      let seconds: number | undefined;
      if (matching.length === 0) {
        // DefaultTolerationSeconds admission gives every pod 300 s for these two taints.
        if (taint.key === TAINT_UNREACHABLE || taint.key === TAINT_NOT_READY) seconds = this.defaultToleration;
        else return added;
      } else {
        const bounded = matching.filter((t: Toleration) => t.tolerationSeconds !== undefined && t.tolerationSeconds !== null);
        if (bounded.length < matching.length) continue; // some toleration lasts for ever
        seconds = Math.min(...bounded.map((t) => Math.max(0, t.tolerationSeconds!)));
      }
      at = Math.min(at, added + seconds * 1000);
    }
    return at;
  }

  private async evict(node: Node, now: number): Promise<void> {
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length === 0) return;
    let next = Infinity;
    for (const p of this.deps.podInformer.lister.byIndex(POD_NODE_INDEX, node.metadata.name!)) {
      if (p.metadata.deletionTimestamp) continue;
      const at = this.evictAt(p, taints);
      if (at <= now) {
        this.deps.recorder.event(p, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${p.metadata.namespace}/${p.metadata.name}`);
        try {
          await this.deps.client.delete(GVR.pods, p.metadata.namespace, p.metadata.name!, { preconditions: { uid: p.metadata.uid } });
        } catch (err) {
          if (!isNotFound(err) && !isConflict(err)) throw err;
        }
      } else next = Math.min(next, at);
    }
    if (Number.isFinite(next)) this.queue.addAfter(node.metadata.name!, next - now);
  }
}
