/**
 * The hollow kubelet — for benchmarks only, as Kubernetes' kubemark "hollow
 * node": it registers N nodes with Leases in kube-node-lease, keeps the
 * leases renewed, and reports every pod bound to its nodes Running and Ready
 * without running any container. A pod being deleted is finished at once.
 * A node whose stored Ready condition is not True (the node lifecycle
 * controller set it Unknown after leases came late) gets its status posted
 * again, as a kubelet does when the stored status differs from its own:
 * otherwise a hollow node never recovers and its pods are evicted.
 * Never use it where real workloads are expected.
 */
import type { Lease } from '../../shared/api/coordination';
import type { Node, Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { isAlreadyExists, isConflict, isNotFound } from '../../shared/errors';
import { realClock, type Clock, type TimerHandle } from '../client/clock';
import { createInformer, type Informer } from '../client/informer';
import { objectKey } from '../client/lister';
import { clientFor, type ApiClient } from '../client/types';
import { WorkQueue } from '../client/workqueue';
import { runWorkers } from '../client/worker';
import { ensureNamespace, NODE_LEASE_NAMESPACE, nodeLease, renewNodeLease } from '../kubelet/node-lease';
import { buildNode, nodeStatus, type NodeSpecInput } from '../kubelet/node-status';
import { parseQuantity } from '../../shared/quantity';
import type { MetricsProvider, NodeUsage } from '../node-api/metrics';

export const HOLLOW_LABEL = 'kubedeck.io/hollow';

const isReady = (n: Readonly<Node>) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export interface HollowKubeletOptions {
  /** How many nodes (named `<prefix><i>`), or explicit names. */
  nodes: number | string[];
  namePrefix?: string;
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  /** Lease renewal period (ms); 0 = never renew after registration. */
  leaseRenewMs?: number;
  /** Report bound pods Running/Ready (default true). */
  runPods?: boolean;
  workers?: number;
  clock?: Clock;
  /** Share an existing pod informer instead of starting one. */
  podInformer?: Informer<Pod>;
  onError?: (err: unknown) => void;
}

/** HollowKubelet fakes the node side of N nodes for control-plane benchmarks. */
export class HollowKubelet {
  readonly nodeNames: string[];
  private readonly nodeSet: Set<string>;
  private readonly clock: Clock;
  private readonly queue: WorkQueue<string>;
  private readonly nodeQueue: WorkQueue<string>;
  private nodeInformer: Informer<Node> | undefined;
  private podInformer: Informer<Pod> | undefined;
  private ownInformer = false;
  private renewTimer: TimerHandle | undefined;
  private workers: Promise<void> | undefined;
  private podIp = 0;
  /** Pods reported Running so far. */
  started = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: HollowKubeletOptions,
  ) {
    const prefix = opts.namePrefix ?? 'hollow-node-';
    this.nodeNames = typeof opts.nodes === 'number' ? Array.from({ length: opts.nodes }, (_, i) => `${prefix}${i}`) : [...opts.nodes];
    this.nodeSet = new Set(this.nodeNames);
    this.clock = opts.clock ?? realClock;
    this.queue = new WorkQueue<string>({ name: 'hollow-kubelet', clock: this.clock });
    this.nodeQueue = new WorkQueue<string>({ name: 'hollow-kubelet-nodes', clock: this.clock });
  }

  /**
   * fakeMetrics reports made-up (zero) usage for the hollow nodes and their
   * running pods, marked fake, so metrics.k8s.io lists them without Docker.
   */
  fakeMetrics(): MetricsProvider {
    const summaries = (): NodeUsage[] => {
      const timeMs = Date.now();
      const byNode = new Map<string, NodeUsage>(this.nodeNames.map((node) => [node, { node, timeMs, windowSeconds: 10, cpuNanoCores: 0, memoryWorkingSetBytes: 0, pods: [], fake: true }]));
      for (const p of this.podInformer?.lister.list() ?? []) {
        const n = byNode.get(p.spec.nodeName ?? '');
        if (!n || p.status?.phase !== 'Running') continue;
        const containers = p.spec.containers.map((c) => ({ name: c.name, cpuNanoCores: 0, memoryWorkingSetBytes: 0 }));
        n.pods.push({ namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '', uid: p.metadata.uid ?? '', timeMs, windowSeconds: 10, containers });
      }
      return [...byNode.values()];
    };
    return { nodes: summaries, nodeHistory: () => [], podHistory: () => [] };
  }

  /** start registers the nodes and leases, then reports pods bound to them. */
  async start(): Promise<void> {
    await ensureNamespace(this.client, NODE_LEASE_NAMESPACE);
    const now = this.clock.now();
    // Register in modest parallel batches: a thousand nodes should not take a thousand round trips in series.
    for (let i = 0; i < this.nodeNames.length; i += 50) {
      await Promise.all(this.nodeNames.slice(i, i + 50).map((n) => this.register(n, now)));
    }
    if (this.opts.runPods !== false) {
      this.podInformer = this.opts.podInformer;
      if (!this.podInformer) {
        this.podInformer = createInformer<Pod>(this.client, GVR.pods, { fieldSelector: 'spec.nodeName!=' });
        this.ownInformer = true;
      }
      this.podInformer.addEventHandler({
        onAdd: (p) => this.mine(p) && this.queue.add(objectKey(p)),
        onUpdate: (_o, p) => this.mine(p) && this.queue.add(objectKey(p)),
      });
      if (this.ownInformer) this.podInformer.start();
      this.workers = runWorkers(this.queue, this.opts.workers ?? 4, (k) => this.syncPod(k), { onError: (_k, e) => this.opts.onError?.(e) });
    }
    this.nodeInformer = createInformer<Node>(this.client, GVR.nodes, { labelSelector: `${HOLLOW_LABEL}=true` });
    const check = (n: Readonly<Node>) => {
      if (this.nodeSet.has(n.metadata.name ?? '') && !isReady(n)) this.nodeQueue.add(n.metadata.name!);
    };
    this.nodeInformer.addEventHandler({ onAdd: check, onUpdate: (_o, n) => check(n) });
    this.nodeInformer.start();
    this.nodeWorkers = runWorkers(this.nodeQueue, 1, (name) => this.syncNode(name), { onError: (_k, e) => this.opts.onError?.(e) });
    this.scheduleRenew();
  }

  private nodeWorkers: Promise<void> | undefined;

  /** syncNode posts a hollow node's status again when the stored one is not Ready (the lifecycle controller then lifts its taints). */
  async syncNode(name: string): Promise<void> {
    const node = this.nodeInformer?.lister.get(undefined, name);
    if (!node || isReady(node)) return;
    try {
      await this.as(name).updateStatus<Node>(GVR.nodes, undefined, { ...(node as Node), status: this.nodeStatus(name, this.clock.now()) });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err; // conflict: retried with the fresh node
    }
  }

  /** stop ends renewal and pod reporting (nodes and leases stay, as a powered-off machine's would). */
  async stop(): Promise<void> {
    this.renewTimer?.cancel();
    this.renewTimer = undefined;
    this.queue.shutDown();
    this.nodeQueue.shutDown();
    if (this.ownInformer) this.podInformer?.stop();
    this.nodeInformer?.stop();
    await this.workers;
    await this.nodeWorkers;
  }

  private mine(p: Readonly<Pod>): boolean {
    return !!p.spec.nodeName && this.nodeSet.has(p.spec.nodeName);
  }

  /** nodeInput describes a hollow node as the real kubelet's node-status.ts renders one: an engine that is always up. */
  private nodeInput(name: string): NodeSpecInput {
    return {
      name,
      capacity: { cpu: parseQuantity(this.opts.cpu ?? '4'), memory: parseQuantity(this.opts.memory ?? '16Gi'), pods: Number(this.opts.pods ?? '110') },
      labels: { [HOLLOW_LABEL]: 'true', ...(this.opts.labels ?? {}) },
      taints: [],
      hostIP: '127.0.0.1',
      health: { ready: true, version: { name: 'hollow', version: '0', apiVersion: '' } },
    };
  }

  private nodeStatus(name: string, now: number): Node['status'] {
    return nodeStatus(undefined, this.nodeInput(name), new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  }

  private readonly nodeClients = new Map<string, ApiClient>();

  /** as is the client under the node's kubelet identity (kubelet/<node>, the audit log's user). */
  private as(node: string): ApiClient {
    let c = this.nodeClients.get(node);
    if (!c) this.nodeClients.set(node, (c = clientFor(this.client, `kubelet/${node}`)));
    return c;
  }

  private async register(name: string, now: number): Promise<void> {
    const node = buildNode(this.nodeInput(name), new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    let created: Node;
    try {
      created = await this.as(name).create<Node>(GVR.nodes, undefined, node);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      created = await this.client.get<Node>(GVR.nodes, undefined, name);
    }
    // Status may be dropped on create (status is a subresource): write it explicitly.
    await this.as(name).updateStatus<Node>(GVR.nodes, undefined, { ...created, status: this.nodeStatus(name, now) });
    try {
      await this.as(name).create<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, nodeLease(name, now, created.metadata.uid));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      await this.renew(name);
    }
  }

  private renew(name: string): Promise<void> {
    return renewNodeLease(this.as(name), name, this.clock.now());
  }

  private scheduleRenew(): void {
    const ms = this.opts.leaseRenewMs ?? 10_000;
    if (!ms) return;
    this.renewTimer = this.clock.setTimeout(() => {
      void Promise.all(this.nodeNames.map((n) => this.renew(n).catch((e) => this.opts.onError?.(e)))).finally(() => {
        if (this.renewTimer) this.scheduleRenew();
      });
    }, ms);
  }

  /** syncPod reports one bound pod Running and Ready, or finishes its deletion. */
  async syncPod(key: string): Promise<void> {
    const pod = this.podInformer?.lister.getByKey(key);
    if (!pod || !this.mine(pod)) return;
    if (pod.metadata.deletionTimestamp) {
      try {
        await this.as(pod.spec.nodeName!).delete(GVR.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
      return;
    }
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (pod.status?.phase === 'Running' && ready) return;
    const ts = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const n = ++this.podIp;
    const c = (type: string) => ({ type, status: 'True' as const, lastProbeTime: null, lastTransitionTime: ts });
    const status: Pod['status'] = {
      ...pod.status,
      phase: 'Running',
      conditions: [c('PodReadyToStartContainers'), c('Initialized'), c('Ready'), c('ContainersReady'), c('PodScheduled')],
      hostIP: '127.0.0.1',
      podIP: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      startTime: pod.status?.startTime ?? ts,
      containerStatuses: pod.spec.containers.map((ct) => ({
        name: ct.name,
        ready: true,
        started: true,
        restartCount: 0,
        image: ct.image ?? '',
        imageID: '',
        containerID: `hollow://${pod.metadata.uid}/${ct.name}`,
        state: { running: { startedAt: ts } },
      })),
    };
    try {
      await this.as(pod.spec.nodeName!).updateStatus<Pod>(GVR.pods, pod.metadata.namespace, { ...(pod as Pod), status });
      this.started++;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err; // conflict: retried with the fresh object
    }
  }
}
