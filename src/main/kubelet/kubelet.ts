/**
 * The kubelet of one node. It registers the Node, renews its Lease every
 * heartbeat, watches the pods bound to it (fieldSelector spec.nodeName) and
 * runs one serialized worker per pod that converges the runtime to the spec
 * (PodSyncer) and writes the pod's status. Container deaths arrive as runtime
 * events (not polling) and wake the pod's worker. On start it rebuilds its
 * state from the runtime's labels: running containers are adopted, those of
 * pods gone from the API are removed.
 */
import { cpus, totalmem } from 'node:os';
import type { Readable, Duplex } from 'node:stream';
import type { Lease } from '../../shared/api/coordination';
import type { ConfigMap, Node, Pod, PodStatus, Secret, Taint } from '../../shared/api/core';
import type { KubeObject, Status, WatchEvent } from '../../shared/api/meta';
import { GVR } from '../../shared/api/resources';
import { ApiError, isAlreadyExists, isConflict, isNotFound } from '../../shared/errors';
import type { ApiClient, WatchSubscription } from '../client/types';
import { createEventRecorder, type EventRecorder } from '../controller/events/recorder';
import { Backoff } from './backoff';
import type { EnvLookups } from './env';
import { LABEL_NODE, LABEL_POD_UID, LABEL_TYPE, TYPE_SANDBOX } from './naming';
import { buildNode, microTime, nodeStatus, type NodeCapacity, type RuntimeHealth } from './node-status';
import { instancesOf, PodSyncer, PULL_PROGRESS_ANNOTATION } from './pod-sync';
import { ProbeManager } from './probes';
import { podIPsReachableFromHost } from './runtime/docker/endpoint';
import { limitBytes } from './runtime/docker/stream-demux';
import type { ContainerInfo, ExecSession, PullProgress, Runtime } from './runtime/types';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const DEFAULT_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

export interface KubeletOptions {
  nodeName: string;
  client: ApiClient;
  /** Connects to the node's engine; called again after a failure (heartbeat retries). */
  connect: () => Promise<Runtime>;
  /** Where configMap/secret volume files live (<dataDir>/pods/<uid>/…). */
  dataDir: string;
  pauseImage?: string;
  /** Chooses the pause image per runtime (e.g. falls back to a local build offline); wins over pauseImage. */
  pauseImageResolver?: (rt: Runtime) => Promise<string>;
  /** Overrides what the engine reports (virtual nodes). */
  capacity?: Partial<NodeCapacity>;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Extra labels on every container (tests tag their run). */
  extraContainerLabels?: Record<string, string>;
  heartbeatIntervalMs?: number;
  crashBackoff?: { initialMs: number; maxMs: number };
  imageBackoff?: { initialMs: number; maxMs: number };
  /** The node's InternalIP (default: the cluster network's gateway). */
  hostIP?: string;
  /** Probes dial pod IPs from the host (default: a rootful engine on this Linux host, see podIPsReachableFromHost). */
  hostCanReachPodIP?: boolean;
  recorder?: EventRecorder;
  log?: (msg: string) => void;
}

export interface PodLogRequest {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

interface Worker {
  uid: string;
  pod: Pod;
  deleted: boolean;
  running: boolean;
  dirty: boolean;
  timer?: NodeJS.Timeout;
  lastStatusJson?: string;
  lastWrittenRV?: string;
  pullProgressAt?: number;
  pullProgressSet?: boolean;
}

function statusError(code: number, reason: string, message: string): ApiError {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
  return new ApiError(s);
}

/** Kubelet runs the pods bound to one node on one container runtime. */
export class Kubelet {
  readonly nodeName: string;
  private readonly client: ApiClient;
  private readonly opts: KubeletOptions;
  private readonly log: (msg: string) => void;
  private readonly recorder: EventRecorder;
  private readonly crashBackoff: Backoff;
  private readonly imageBackoff: Backoff;
  private readonly probes: ProbeManager;
  private runtime?: Runtime;
  private syncer?: PodSyncer;
  private health: RuntimeHealth = { ready: false, message: 'not connected yet' };
  private readonly workers = new Map<string, Worker>();
  private heartbeatTimer?: NodeJS.Timeout;
  private podWatch?: WatchSubscription;
  private stopRuntimeEvents?: () => void;
  private running = false;
  private podsStarted = false;
  private poweredOff = false;
  private lastNodeWrite = 0;
  private lastReady?: boolean;
  private hostIP = '127.0.0.1';
  private relistTimer?: NodeJS.Timeout;
  /** Resolves once the first pod list has been reconciled (adoption done). */
  private initialSync?: Promise<void>;

  constructor(opts: KubeletOptions) {
    this.opts = opts;
    this.nodeName = opts.nodeName;
    this.client = opts.client;
    this.log = opts.log ?? (() => {});
    this.recorder = opts.recorder ?? createEventRecorder(opts.client, { component: 'kubelet', host: opts.nodeName });
    this.crashBackoff = new Backoff(opts.crashBackoff?.initialMs ?? 10_000, opts.crashBackoff?.maxMs ?? 300_000);
    this.imageBackoff = new Backoff(opts.imageBackoff?.initialMs ?? 10_000, opts.imageBackoff?.maxMs ?? 300_000);
    this.probes = new ProbeManager((c) => {
      const w = this.workers.get(c.podUid);
      if (!w) return;
      if (!c.result || c.message) {
        const what = c.type === 'liveness' ? 'Liveness' : c.type === 'readiness' ? 'Readiness' : 'Startup';
        if (c.message) this.recorder.event({ ...w.pod, apiVersion: 'v1', kind: 'Pod' }, 'Warning', 'Unhealthy', `${what} probe failed: ${c.message}`);
      }
      this.trigger(c.podUid);
    });
  }

  /** isPoweredOff reports whether the node is powered off (failure drill). */
  get isPoweredOff(): boolean {
    return this.poweredOff;
  }

  /** runtimeHealth is the last known state of the container runtime. */
  get runtimeHealth(): RuntimeHealth {
    return this.health;
  }

  /** start registers the node, starts heartbeats and — once the runtime answers — the pods. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.poweredOff = false;
    await this.connectRuntime();
    await this.registerNode();
    await this.heartbeat();
    this.scheduleHeartbeat();
    if (this.health.ready) await this.startPods();
  }

  /** ready resolves when the initial pod list has been reconciled with the runtime (adoption finished). */
  async ready(): Promise<void> {
    await this.initialSync;
  }

  private async connectRuntime(): Promise<void> {
    try {
      const rt = this.runtime ?? (await this.opts.connect());
      const [info, version] = await Promise.all([rt.info(), rt.version()]);
      this.runtime = rt;
      this.health = { ready: true, info, version };
      if (this.opts.hostIP) this.hostIP = this.opts.hostIP;
      else {
        const net = await (rt as Runtime & { clusterNetwork?: () => Promise<{ gateway: string }> }).clusterNetwork?.();
        if (net?.gateway) this.hostIP = net.gateway;
      }
    } catch (err) {
      this.runtime = undefined;
      this.health = { ready: false, message: (err as Error).message };
      this.log(`kubelet ${this.nodeName}: container runtime unreachable: ${(err as Error).message}`);
    }
  }

  private capacity(): NodeCapacity {
    const c = this.opts.capacity ?? {};
    return {
      cpu: c.cpu ?? this.health.info?.cpus ?? cpus().length,
      memory: c.memory ?? (this.health.info?.memoryBytes || totalmem()),
      pods: c.pods ?? 110,
    };
  }

  private nodeInput() {
    return { name: this.nodeName, capacity: this.capacity(), labels: this.opts.labels ?? {}, taints: this.opts.taints ?? [], hostIP: this.hostIP, health: this.health };
  }

  private async registerNode(): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      await this.client.create<Node>(GVR.nodes, undefined, buildNode(this.nodeInput(), now));
      this.lastNodeWrite = Date.now();
      this.lastReady = this.health.ready;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // Re-registration: refresh labels and taints from config, then status.
      for (let i = 0; i < 5; i++) {
        const cur = await this.client.get<Node>(GVR.nodes, undefined, this.nodeName);
        const next: Node = { ...cur, metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, ...buildNode(this.nodeInput(), now).metadata.labels } } };
        // Add configured taints that are missing; never drop others (the node lifecycle controller owns those).
        if (this.opts.taints?.length) {
          const have = cur.spec?.taints ?? [];
          const missing = this.opts.taints.filter((t) => !have.some((h) => h.key === t.key && h.effect === t.effect));
          if (missing.length) next.spec = { ...cur.spec, taints: [...have, ...missing] };
        }
        try {
          await this.client.update<Node>(GVR.nodes, undefined, next);
          break;
        } catch (e) {
          if (!isConflict(e)) throw e;
        }
      }
      await this.writeNodeStatus(true);
    }
  }

  private async writeNodeStatus(force: boolean): Promise<void> {
    const changed = this.lastReady !== this.health.ready;
    if (!force && !changed && Date.now() - this.lastNodeWrite < 40_000) return;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    for (let i = 0; i < 5; i++) {
      const cur = await this.client.get<Node>(GVR.nodes, undefined, this.nodeName);
      cur.status = nodeStatus(cur.status, this.nodeInput(), now);
      try {
        await this.client.updateStatus<Node>(GVR.nodes, undefined, cur);
        this.lastNodeWrite = Date.now();
        this.lastReady = this.health.ready;
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
  }

  private async renewLease(): Promise<void> {
    const spec = { holderIdentity: this.nodeName, leaseDurationSeconds: 40, renewTime: microTime(Date.now()) };
    try {
      const cur = await this.client.get<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, this.nodeName);
      cur.spec = { ...cur.spec, ...spec };
      await this.client.update<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, cur);
    } catch (err) {
      if (isConflict(err)) return; // next heartbeat renews
      if (!isNotFound(err)) throw err;
      const lease: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.nodeName, namespace: NODE_LEASE_NAMESPACE }, spec };
      try {
        await this.client.create<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, lease);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // The namespace itself is missing (a fresh store): create it, then the lease.
        await this.client.create(GVR.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NODE_LEASE_NAMESPACE } }).catch((x: unknown) => {
          if (!isAlreadyExists(x)) throw x;
        });
        await this.client.create<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, lease);
      }
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.poweredOff) return;
    // Check the runtime each beat: a stopped Docker turns the node NotReady with its reason.
    if (this.runtime) {
      try {
        await this.runtime.version();
        if (!this.health.ready) this.health = { ...this.health, ready: true, message: '' };
      } catch (err) {
        this.health = { ...this.health, ready: false, message: `${this.runtime.endpoint}: ${(err as Error).message}` };
      }
    } else {
      await this.connectRuntime();
    }
    try {
      await this.renewLease();
      await this.writeNodeStatus(false);
    } catch (err) {
      this.log(`kubelet ${this.nodeName}: heartbeat failed: ${(err as Error).message}`);
    }
    if (this.health.ready && !this.podsStarted && this.running) await this.startPods();
  }

  private scheduleHeartbeat(): void {
    clearTimeout(this.heartbeatTimer);
    if (!this.running || this.poweredOff) return;
    this.heartbeatTimer = setTimeout(() => {
      void this.heartbeat().finally(() => this.scheduleHeartbeat());
    }, this.opts.heartbeatIntervalMs ?? 10_000);
    this.heartbeatTimer.unref?.();
  }

  private lookups(): EnvLookups {
    const get = async <T extends KubeObject>(gvr: typeof GVR.configmaps | typeof GVR.secrets, ns: string, name: string): Promise<T | undefined> => {
      try {
        return await this.client.get<T>(gvr, ns, name);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    };
    return { configMap: (ns, n) => get<ConfigMap>(GVR.configmaps, ns, n), secret: (ns, n) => get<Secret>(GVR.secrets, ns, n) };
  }

  private async startPods(): Promise<void> {
    if (this.podsStarted || !this.runtime) return;
    this.podsStarted = true;
    const rt = this.runtime;
    this.syncer = new PodSyncer({
      runtime: rt,
      ctx: { node: this.nodeName, ...(this.opts.extraContainerLabels ? { extraLabels: this.opts.extraContainerLabels } : {}) },
      pauseImage: this.opts.pauseImageResolver ? await this.opts.pauseImageResolver(rt) : (this.opts.pauseImage ?? DEFAULT_PAUSE_IMAGE),
      dataDir: this.opts.dataDir,
      hostIP: this.hostIP,
      hostCanReachPodIP: this.opts.hostCanReachPodIP ?? podIPsReachableFromHost(rt.endpoint),
      lookups: this.lookups(),
      recorder: this.recorder,
      crashBackoff: this.crashBackoff,
      imageBackoff: this.imageBackoff,
      probes: this.probes,
      reportPullProgress: (pod, p) => this.reportPullProgress(pod, p),
      log: this.log,
    });
    await this.subscribeRuntimeEvents();
    this.initialSync = this.listAndWatch(true);
    await this.initialSync;
  }

  private async subscribeRuntimeEvents(): Promise<void> {
    if (!this.runtime) return;
    try {
      this.stopRuntimeEvents = await this.runtime.events(
        { [LABEL_NODE]: this.nodeName },
        (ev) => {
          const uid = ev.labels[LABEL_POD_UID];
          if (!uid) return;
          if (ev.type === 'die' || ev.type === 'oom' || ev.type === 'destroy' || (ev.type === 'start' && ev.labels[LABEL_TYPE] !== TYPE_SANDBOX)) this.trigger(uid);
        },
        (err) => {
          if (!this.podsStarted) return;
          this.log(`kubelet ${this.nodeName}: runtime event stream broke (${err.message}); resubscribing`);
          setTimeout(() => {
            if (!this.podsStarted) return;
            void this.subscribeRuntimeEvents().then(() => {
              // Events may have been missed while the stream was down: resync everything.
              for (const uid of this.workers.keys()) this.trigger(uid);
            });
          }, 1000).unref?.();
        },
      );
    } catch (err) {
      this.log(`kubelet ${this.nodeName}: cannot subscribe to runtime events: ${(err as Error).message}`);
    }
  }

  /** listAndWatch lists this node's pods, reconciles workers (and, first time, orphan containers), then watches from the list's revision. */
  private async listAndWatch(first: boolean): Promise<void> {
    const fieldSelector = `spec.nodeName=${this.nodeName}`;
    let list;
    try {
      list = await this.client.list<Pod>(GVR.pods, undefined, { fieldSelector });
    } catch (err) {
      this.log(`kubelet ${this.nodeName}: pod list failed: ${(err as Error).message}`);
      this.scheduleRelist();
      return;
    }
    const seen = new Set<string>();
    for (const pod of list.items) {
      seen.add(pod.metadata.uid as string);
      this.upsert(pod);
    }
    for (const [uid, w] of this.workers) {
      if (!seen.has(uid) && !w.deleted) {
        w.deleted = true;
        this.trigger(uid);
      }
    }
    if (first && this.runtime && this.syncer) {
      // Containers of pods that no longer exist (deleted while the kubelet was down).
      const all = await this.runtime.listContainers({ labels: { [LABEL_NODE]: this.nodeName } });
      const orphans = new Set(all.map((c) => c.labels[LABEL_POD_UID]).filter((u): u is string => !!u && !seen.has(u)));
      for (const uid of orphans) {
        this.log(`kubelet ${this.nodeName}: removing containers of deleted pod ${uid}`);
        await this.syncer.cleanup(uid);
      }
    }
    if (!this.podsStarted) return;
    this.podWatch = await this.client.watch<Pod>(
      GVR.pods,
      undefined,
      { fieldSelector, resourceVersion: list.metadata.resourceVersion ?? '', allowWatchBookmarks: true },
      {
        onEvent: (ev) => this.onPodEvent(ev),
        onClose: () => this.scheduleRelist(),
      },
    );
  }

  private scheduleRelist(): void {
    if (!this.podsStarted || this.relistTimer) return;
    this.relistTimer = setTimeout(() => {
      this.relistTimer = undefined;
      this.podWatch = undefined;
      if (this.podsStarted) void this.listAndWatch(false);
    }, 1000);
    this.relistTimer.unref?.();
  }

  private onPodEvent(ev: WatchEvent<Pod | Status>): void {
    if (ev.type === 'BOOKMARK') return;
    if (ev.type === 'ERROR') {
      this.podWatch?.stop();
      return;
    }
    const pod = ev.object as Pod;
    if (ev.type === 'DELETED' || (pod.spec?.nodeName && pod.spec.nodeName !== this.nodeName)) {
      const w = this.workers.get(pod.metadata.uid as string);
      if (w) {
        w.pod = pod;
        w.deleted = true;
        this.trigger(w.uid);
      }
      return;
    }
    this.upsert(pod);
  }

  private upsert(pod: Pod): void {
    const uid = pod.metadata.uid as string;
    let w = this.workers.get(uid);
    if (!w) {
      w = { uid, pod, deleted: false, running: false, dirty: false };
      this.workers.set(uid, w);
      this.trigger(uid);
      return;
    }
    const ours = pod.metadata.resourceVersion !== undefined && pod.metadata.resourceVersion === w.lastWrittenRV;
    w.pod = pod;
    // Our own status write echoing back needs no sync.
    if (!ours) this.trigger(uid);
  }

  /** trigger asks the pod's worker to sync (coalesced; one sync at a time per pod). */
  private trigger(uid: string): void {
    const w = this.workers.get(uid);
    if (!w || !this.podsStarted) return;
    if (w.running) {
      w.dirty = true;
      return;
    }
    clearTimeout(w.timer);
    w.timer = undefined;
    w.running = true;
    void this.runWorker(w);
  }

  private async runWorker(w: Worker): Promise<void> {
    let requeue: number | undefined;
    do {
      w.dirty = false;
      try {
        requeue = await this.syncWorker(w);
      } catch (err) {
        this.log(`kubelet ${this.nodeName}: sync of pod ${w.pod.metadata.namespace}/${w.pod.metadata.name} failed: ${(err as Error).message}`);
        requeue = 2000;
      }
    } while (w.dirty && this.podsStarted && this.workers.get(w.uid) === w);
    w.running = false;
    if (requeue !== undefined && this.podsStarted && this.workers.get(w.uid) === w) {
      clearTimeout(w.timer);
      w.timer = setTimeout(() => this.trigger(w.uid), requeue);
      w.timer.unref?.();
    }
  }

  private async syncWorker(w: Worker): Promise<number | undefined> {
    const syncer = this.syncer as PodSyncer;
    const pod = w.pod;
    if (w.deleted) {
      await syncer.terminate(pod, 1);
      await syncer.cleanup(w.uid);
      this.workers.delete(w.uid);
      return undefined;
    }
    if (pod.metadata.deletionTimestamp) {
      const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      await syncer.terminate(pod, grace);
      // Containers go before the object, so "pod gone" means its ports and names are free.
      await syncer.cleanup(w.uid);
      try {
        await this.client.delete(GVR.pods, pod.metadata.namespace, pod.metadata.name as string, { gracePeriodSeconds: 0, preconditions: { uid: w.uid } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
      this.workers.delete(w.uid);
      return undefined;
    }
    const result = await syncer.sync(pod);
    await this.writeStatus(w, result.status);
    return result.requeueAfterMs;
  }

  private async writeStatus(w: Worker, status: PodStatus): Promise<void> {
    const json = JSON.stringify(status);
    // Unchanged and nobody wrote since our last write: nothing to do. Someone else's
    // write (e.g. the node lifecycle controller marking the pod not ready) is corrected.
    if (json === w.lastStatusJson && w.pod.metadata.resourceVersion === w.lastWrittenRV) return;
    if (json === w.lastStatusJson && JSON.stringify(w.pod.status) === json) return;
    let base = w.pod;
    for (let i = 0; i < 5; i++) {
      try {
        const updated = await this.client.updateStatus<Pod>(GVR.pods, base.metadata.namespace, { ...base, status });
        w.lastStatusJson = json;
        w.lastWrittenRV = updated.metadata.resourceVersion;
        if (this.workers.get(w.uid) === w) w.pod = { ...w.pod, metadata: { ...w.pod.metadata, resourceVersion: updated.metadata.resourceVersion }, status: updated.status ?? status };
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
        base = await this.client.get<Pod>(GVR.pods, base.metadata.namespace, base.metadata.name as string);
        if (base.metadata.uid !== w.uid) return;
      }
    }
  }

  private reportPullProgress(pod: Pod, p: PullProgress | undefined): void {
    const w = this.workers.get(pod.metadata.uid as string);
    if (!w) return;
    const now = Date.now();
    if (p && w.pullProgressAt && now - w.pullProgressAt < 500) return;
    if (!p && !w.pullProgressSet) return;
    w.pullProgressAt = now;
    w.pullProgressSet = !!p;
    const value = p ? JSON.stringify({ image: p.image, fraction: p.fraction ?? null, currentBytes: p.currentBytes, totalBytes: p.totalBytes, status: p.status }) : null;
    void this.client
      .patch(GVR.pods, pod.metadata.namespace, pod.metadata.name as string, 'application/merge-patch+json', { metadata: { annotations: { [PULL_PROGRESS_ANNOTATION]: value } } })
      .catch(() => undefined);
  }

  /** stop stops watching and heartbeating; containers keep running (a restarted kubelet adopts them). */
  async stop(): Promise<void> {
    this.running = false;
    await this.stopPods();
    clearTimeout(this.heartbeatTimer);
  }

  private async stopPods(): Promise<void> {
    this.podsStarted = false;
    clearTimeout(this.relistTimer);
    this.relistTimer = undefined;
    this.podWatch?.stop();
    this.podWatch = undefined;
    this.stopRuntimeEvents?.();
    this.stopRuntimeEvents = undefined;
    this.probes.stopAll();
    for (const w of this.workers.values()) clearTimeout(w.timer);
    // Let in-flight syncs finish so nothing writes after stop returns.
    const deadline = Date.now() + 30_000;
    while ([...this.workers.values()].some((w) => w.running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.workers.clear();
  }

  /** powerOff simulates a node failure: heartbeats stop and every container of the node stops. */
  async powerOff(): Promise<void> {
    this.poweredOff = true;
    this.running = false;
    clearTimeout(this.heartbeatTimer);
    await this.stopPods();
    const rt = this.runtime;
    if (!rt) return;
    const all = await rt.listContainers({ labels: { [LABEL_NODE]: this.nodeName }, all: false });
    await Promise.all(all.filter((c) => c.labels[LABEL_TYPE] !== TYPE_SANDBOX).map((c) => rt.stopContainer(c.id, 0)));
    await Promise.all(all.filter((c) => c.labels[LABEL_TYPE] === TYPE_SANDBOX).map((c) => rt.stopSandbox(c.id, 0)));
  }

  /** powerOn boots the node again: it re-registers, heartbeats and recreates its pods' sandboxes. */
  async powerOn(): Promise<void> {
    this.poweredOff = false;
    await this.start();
  }

  // ---- streaming (pods/log, pods/exec, pods/portforward) ----

  private requireRuntime(): { rt: Runtime; syncer: PodSyncer } {
    if (!this.runtime || !this.syncer) throw statusError(503, 'ServiceUnavailable', `node ${this.nodeName}: container runtime is not available: ${this.health.message ?? ''}`);
    if (this.poweredOff) throw statusError(503, 'ServiceUnavailable', `node ${this.nodeName} is powered off`);
    return { rt: this.runtime, syncer: this.syncer };
  }

  /** containerFor resolves the container instance for a pod and container name (previous = the one before the current). */
  async containerFor(pod: Pod, container: string | undefined, previous = false): Promise<ContainerInfo> {
    const { syncer } = this.requireRuntime();
    const name = pod.metadata.name;
    const appNames = pod.spec.containers.map((c) => c.name);
    const initNames = (pod.spec.initContainers ?? []).map((c) => c.name);
    let c = container;
    if (!c) {
      if (appNames.length !== 1) throw statusError(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${appNames.join(' ')}]${initNames.length ? ` or one of the init containers: [${initNames.join(' ')}]` : ''}`);
      c = appNames[0] as string;
    }
    const init = !appNames.includes(c);
    if (init && !initNames.includes(c)) throw statusError(400, 'BadRequest', `container ${c} is not valid for pod ${name}`);
    const state = await syncer.runtimeState(pod.metadata.uid as string);
    const inst = instancesOf(state, c, init);
    const found = previous ? inst[1] : inst[0];
    if (!found) {
      if (previous) throw statusError(400, 'BadRequest', `previous terminated container "${c}" in pod "${name}" not found`);
      throw statusError(400, 'BadRequest', `container "${c}" in pod "${name}" is waiting to start: ContainerCreating`);
    }
    return found;
  }

  /** getLogs streams a container's log as plain text (timestamps: RFC 3339 nano + space). */
  async getLogs(pod: Pod, opts: PodLogRequest): Promise<Readable> {
    const { rt } = this.requireRuntime();
    const inst = await this.containerFor(pod, opts.container, opts.previous);
    let since: number | undefined;
    if (opts.sinceSeconds) since = Date.now() / 1000 - opts.sinceSeconds;
    else if (opts.sinceTime) since = Date.parse(opts.sinceTime) / 1000;
    const lo: Parameters<Runtime['logs']>[1] = { follow: !!opts.follow && !opts.previous, timestamps: !!opts.timestamps };
    if (opts.tailLines !== undefined) lo.tail = opts.tailLines;
    if (since !== undefined) lo.since = since;
    const s = await rt.logs(inst.id, lo);
    if (!opts.limitBytes) return s;
    const limited = s.pipe(limitBytes(opts.limitBytes));
    limited.on('end', () => s.destroy());
    limited.on('close', () => s.destroy());
    return limited;
  }

  /** exec runs a command in a running container of the pod. */
  async exec(pod: Pod, container: string | undefined, command: string[], opts: { stdin: boolean; tty: boolean }): Promise<ExecSession> {
    const { rt } = this.requireRuntime();
    const inst = await this.containerFor(pod, container);
    if (inst.state !== 'running') throw statusError(400, 'BadRequest', `container ${inst.labels['io.kubernetes.container.name']} is not running`);
    return rt.exec(inst.id, { command, stdin: opts.stdin, tty: opts.tty });
  }

  /** attach connects to the main process of a running container of the pod (kubectl attach). */
  async attach(pod: Pod, container: string | undefined, opts: { stdin: boolean }): Promise<ExecSession & { detach(): void }> {
    const { rt } = this.requireRuntime();
    if (!rt.attach) throw statusError(400, 'BadRequest', 'this container runtime does not support attach');
    const inst = await this.containerFor(pod, container);
    if (inst.state !== 'running') throw statusError(400, 'BadRequest', `container ${inst.labels['io.kubernetes.container.name']} is not running`);
    return rt.attach(inst.id, opts);
  }

  /** portForward opens a stream to a TCP port inside the pod's network namespace. */
  async portForward(pod: Pod, port: number): Promise<Duplex> {
    const { rt, syncer } = this.requireRuntime();
    const state = await syncer.runtimeState(pod.metadata.uid as string);
    const sb = state.sandboxes.find((s) => s.state === 'running');
    if (!sb) throw statusError(400, 'BadRequest', `pod ${pod.metadata.name} has no running sandbox`);
    return rt.portForward(sb.id, port);
  }
}
