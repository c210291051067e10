/**
 * The kubelet of one node. It registers the Node and keeps its status and
 * Lease current (node-reporter.ts), keeps its engine connection and health
 * (runtime-connection.ts: an engine that is missing or goes away turns the
 * node NotReady with the reason and comes back by itself), gets the pods
 * bound to it from a pod informer (fieldSelector spec.nodeName, as every
 * other component gets its objects), and runs one serialized worker per pod
 * (pod-workers.ts) whose sync (pod-sync.ts, deciding with the pure
 * pod-actions.ts) converges the runtime to the spec; the status manager
 * (status-manager.ts) writes the pod's status. Container deaths arrive as
 * runtime events (not polling) and wake the pod's worker. On start it
 * rebuilds its state from the runtime's labels: running containers are
 * adopted, those of pods gone from the API are removed.
 */
import { cpus, totalmem } from 'node:os';
import type { Readable, Duplex } from 'node:stream';
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Taint } from '../../shared/api/core';
import type { KubeObject, Status } from '../../shared/api/meta';
import { GVR, type GroupVersionResource } from '../../shared/api/resources';
import { ApiError, isConflict, isNotFound } from '../../shared/errors';
import { createInformer, type Informer } from '../client/informer';
import { PauseGate, watchPause } from '../client/pause-gate';
import type { ApiClient } from '../client/types';
import { createEventRecorder, type EventRecorder } from '../client/event-recorder';
import { Backoff } from './backoff';
import type { EnvLookups } from './env';
import { LABEL_NODE, LABEL_POD_UID, LABEL_TYPE, TYPE_SANDBOX } from './naming';
import { NodeReporter } from './node-reporter';
import type { NodeCapacity, NodeSpecInput, RuntimeHealth } from './node-status';
import { instancesOf, PodSyncer, PUBLISHED_PORTS_ANNOTATION } from './pod-sync';
import { PodWorkers, type PodWorker } from './pod-workers';
import { ProbeManager } from './probes';
import { RuntimeConnection } from './runtime-connection';
import { podIPsReachableFromHost } from '../docker/endpoint';
import { limitBytes } from './runtime/docker/stream-demux';
import type { ContainerInfo, ExecSession, Runtime } from './runtime/types';
import { StatusManager } from './status-manager';
import { MetricsCollector } from './metrics/collector';

export { NODE_LEASE_NAMESPACE } from './node-lease';
export const DEFAULT_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

export interface KubeletOptions {
  nodeName: string;
  client: ApiClient;
  /** Connects to the node's engine; called again after a failure (reconnect back-off). */
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
  /** Back-off between attempts to reach an unreachable engine. */
  reconnectBackoff?: { initialMs: number; maxMs: number };
  /** The node's InternalIP (default: the cluster network's gateway). */
  hostIP?: string;
  /** Publish pod ports on this address and annotate pods with where (remote nodes; default 127.0.0.1, no annotation). */
  publishIP?: string;
  /** Probes dial pod IPs from the host (default: a rootful engine on this Linux host, see podIPsReachableFromHost). */
  hostCanReachPodIP?: boolean;
  recorder?: EventRecorder;
  log?: (msg: string) => void;
  /** false: no stats streams, no usage history (default true). setMetricsEnabled switches it at run time. */
  metrics?: boolean;
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
  private readonly conn: RuntimeConnection;
  private readonly reporter: NodeReporter;
  private readonly statuses: StatusManager;
  private readonly workers: PodWorkers;
  /** Usage of this node's containers from the engine's stats streams (metrics.k8s.io reads it). */
  readonly metrics: MetricsCollector;
  private syncer?: PodSyncer;
  private heartbeatTimer?: NodeJS.Timeout;
  private podInformer?: Informer<Pod>;
  /** Held while `kubelet/<node>` is paused: pod workers sync nothing (heartbeats go on). */
  readonly pauseGate = new PauseGate();
  private pauseWatch?: { stop(): void };
  private stopRuntimeEvents?: () => void;
  private running = false;
  private podsStarted = false;
  private poweredOff = false;
  /** start() has registered the node: a runtime that comes up later starts the pods itself. */
  private startDone = false;
  private hostIP = '127.0.0.1';
  /** Resolves once the first pod list has been reconciled (adoption done). */
  private initialSync?: Promise<void>;

  constructor(opts: KubeletOptions) {
    this.opts = opts;
    this.nodeName = opts.nodeName;
    this.client = opts.client;
    const log = opts.log ?? (() => {});
    this.log = (msg) => log(`kubelet ${this.nodeName}: ${msg}`);
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
      this.workers.trigger(c.podUid);
    });
    this.statuses = new StatusManager(opts.client);
    this.metrics = new MetricsCollector({ node: opts.nodeName, log: this.log, enabled: opts.metrics !== false });
    this.workers = new PodWorkers({ sync: (w) => this.syncPod(w), onForget: (uid) => this.statuses.forget(uid), log: this.log });
    this.pauseGate.onChange((paused) => this.workers.setPaused(paused));
    this.reporter = new NodeReporter(opts.client, () => this.nodeInput(), opts.taints ?? []);
    const conn: ConstructorParameters<typeof RuntimeConnection>[0] = {
      connect: opts.connect,
      onUp: (rt) => this.runtimeUp(rt),
      onDown: () => this.runtimeDown(),
      log: this.log,
    };
    if (opts.reconnectBackoff) conn.reconnect = opts.reconnectBackoff;
    this.conn = new RuntimeConnection(conn);
  }

  /** isPoweredOff reports whether the node is powered off (failure drill). */
  get isPoweredOff(): boolean {
    return this.poweredOff;
  }

  /** runtimeHealth is the last known state of the container runtime. */
  get runtimeHealth(): RuntimeHealth {
    return this.conn.health;
  }

  private get runtime(): Runtime | undefined {
    return this.conn.runtime;
  }

  /** start registers the node, starts heartbeats and — once the runtime answers — the pods. Never throws for an unreachable engine. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.poweredOff = false;
    this.startDone = false;
    this.pauseWatch ??= watchPause(this.client, `kubelet/${this.nodeName}`, this.pauseGate, this.log);
    await this.conn.connect();
    await this.reporter.register();
    await this.heartbeat();
    this.scheduleHeartbeat();
    this.startDone = true;
    if (this.runtime) await this.startPods();
  }

  /** ready resolves when the initial pod list has been reconciled with the runtime (adoption finished). */
  async ready(): Promise<void> {
    await this.initialSync;
  }

  /** runtimeUp runs when the engine answers: the first time the pods start, after an outage every pod is resynced. */
  private async runtimeUp(rt: Runtime): Promise<void> {
    if (this.opts.hostIP) this.hostIP = this.opts.hostIP;
    else {
      const net = await (rt as Runtime & { clusterNetwork?: () => Promise<{ gateway: string }> }).clusterNetwork?.().catch(() => undefined);
      if (net?.gateway) this.hostIP = net.gateway;
    }
    if (!this.running || this.poweredOff) return;
    this.log('container runtime reachable');
    void this.reporter.writeStatus(true).catch((err: unknown) => this.log(`node status write failed: ${(err as Error).message}`));
    if (!this.podsStarted) {
      // Started with the engine away: the pods start now (during start() itself, start does it).
      if (this.startDone) await this.startPods();
      return;
    }
    // Back after an outage: events were missed and the engine may have lost containers (restart without live-restore).
    await this.subscribeRuntimeEvents();
    this.workers.triggerAll();
    void this.followRunningContainers(rt);
  }

  /** followRunningContainers opens a stats stream for every running container (adoption, return of the engine). */
  private async followRunningContainers(rt: Runtime): Promise<void> {
    this.metrics.start(rt);
    try {
      const running = await rt.listContainers({ labels: { [LABEL_NODE]: this.nodeName }, all: false });
      this.metrics.reconcile(running.filter((c) => c.state === 'running'));
    } catch (err) {
      this.log(`metrics: cannot list containers: ${(err as Error).message}`);
    }
  }

  /**
   * setMetricsEnabled switches the metrics pipeline at run time: off closes
   * every stats stream (readings and history are dropped); on follows the
   * running containers again.
   */
  setMetricsEnabled(on: boolean): void {
    this.metrics.setEnabled(on);
    const rt = this.runtime;
    if (on && rt && this.podsStarted) void this.followRunningContainers(rt);
  }

  /** runtimeDown tells the API at once (not at the next heartbeat) that the node is not ready and why. */
  private runtimeDown(): void {
    if (!this.running || this.poweredOff) return;
    void this.reporter.writeStatus(false).catch(() => undefined);
  }

  private capacity(): NodeCapacity {
    const c = this.opts.capacity ?? {};
    const info = this.conn.health.info;
    return {
      cpu: c.cpu ?? info?.cpus ?? cpus().length,
      memory: c.memory ?? (info?.memoryBytes || totalmem()),
      pods: c.pods ?? 110,
    };
  }

  private nodeInput(): NodeSpecInput {
    return { name: this.nodeName, capacity: this.capacity(), labels: this.opts.labels ?? {}, taints: this.opts.taints ?? [], hostIP: this.hostIP, health: this.conn.health };
  }

  private async heartbeat(): Promise<void> {
    if (this.poweredOff) return;
    // Check the runtime each beat: a stopped Docker turns the node NotReady with its reason.
    await this.conn.check();
    try {
      await this.reporter.renewLease();
      await this.reporter.writeStatus(false);
    } catch (err) {
      this.log(`heartbeat failed: ${(err as Error).message}`);
    }
    if (this.runtime && !this.podsStarted && this.running) await this.startPods();
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
    const get = async <T extends KubeObject>(gvr: GroupVersionResource, ns: string | undefined, name: string): Promise<T | undefined> => {
      try {
        return await this.client.get<T>(gvr, ns, name);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    };
    return {
      configMap: (ns, n) => get<ConfigMap>(GVR.configmaps, ns, n),
      secret: (ns, n) => get<Secret>(GVR.secrets, ns, n),
      claim: (ns, n) => get<PersistentVolumeClaim>(GVR.persistentvolumeclaims, ns, n),
      volume: (n) => get<PersistentVolume>(GVR.persistentvolumes, undefined, n),
    };
  }

  private async startPods(): Promise<void> {
    if (this.podsStarted || !this.runtime) return;
    this.podsStarted = true;
    const rt = this.runtime;
    this.syncer = new PodSyncer({
      runtime: rt,
      ctx: {
        node: this.nodeName,
        ...(this.opts.extraContainerLabels ? { extraLabels: this.opts.extraContainerLabels } : {}),
        ...(this.opts.publishIP ? { publishIP: this.opts.publishIP } : {}),
      },
      pauseImage: this.opts.pauseImageResolver ? await this.opts.pauseImageResolver(rt) : (this.opts.pauseImage ?? DEFAULT_PAUSE_IMAGE),
      dataDir: this.opts.dataDir,
      hostIP: this.hostIP,
      hostCanReachPodIP: this.opts.hostCanReachPodIP ?? podIPsReachableFromHost(rt.endpoint),
      lookups: this.lookups(),
      recorder: this.recorder,
      crashBackoff: this.crashBackoff,
      imageBackoff: this.imageBackoff,
      probes: this.probes,
      reportPullProgress: (pod, p) => this.statuses.reportPullProgress(pod, p),
      reportInterimStatus: async (pod, status) => {
        await this.statuses.write(pod, status);
      },
      reportPublishedPorts: async (pod, value) => {
        await this.client.patch(GVR.pods, pod.metadata.namespace, pod.metadata.name as string, 'application/merge-patch+json', { metadata: { annotations: { [PUBLISHED_PORTS_ANNOTATION]: value } } });
      },
      log: this.log,
    });
    await this.subscribeRuntimeEvents();
    this.initialSync = this.watchPods();
    await this.initialSync;
    await this.followRunningContainers(rt);
  }

  private async subscribeRuntimeEvents(): Promise<void> {
    const rt = this.runtime;
    if (!rt) return;
    // One stream at a time: a broken one may be resubscribed both by its error timer and by runtimeUp.
    this.stopRuntimeEvents?.();
    this.stopRuntimeEvents = undefined;
    try {
      this.stopRuntimeEvents = await rt.events(
        { [LABEL_NODE]: this.nodeName },
        (ev) => {
          const uid = ev.labels[LABEL_POD_UID];
          if (!uid) return;
          if (ev.type === 'start') this.metrics.containerStarted(ev.containerId, ev.labels);
          else if (ev.type === 'die' || ev.type === 'stop' || ev.type === 'destroy') this.metrics.containerStopped(ev.containerId);
          if (ev.type === 'die' || ev.type === 'oom' || ev.type === 'destroy' || (ev.type === 'start' && ev.labels[LABEL_TYPE] !== TYPE_SANDBOX)) this.workers.trigger(uid);
        },
        (err) => {
          if (!this.podsStarted) return;
          this.log(`runtime event stream broke (${err.message}); resubscribing`);
          // The engine may have gone away: find out now rather than at the next heartbeat.
          void this.conn.check();
          setTimeout(() => {
            // An unreachable engine is resubscribed when it answers again (runtimeUp).
            if (!this.podsStarted || !this.runtime) return;
            void this.subscribeRuntimeEvents().then(() => {
              // Events may have been missed while the stream was down: resync everything.
              this.workers.triggerAll();
            });
          }, 1000).unref?.();
        },
      );
    } catch (err) {
      this.log(`cannot subscribe to runtime events: ${(err as Error).message}`);
      void this.conn.check();
    }
  }

  /**
   * watchPods starts the pod informer (this node's pods), waits for its first
   * list — every pod gets a worker — and then removes the containers of pods
   * that no longer exist (deleted while the kubelet was down).
   */
  private async watchPods(): Promise<void> {
    const informer = createInformer<Pod>(this.client, GVR.pods, {
      fieldSelector: `spec.nodeName=${this.nodeName}`,
      onError: (err) => this.log(`pod watch: ${(err as Error).message ?? String(err)}`),
    });
    this.podInformer = informer;
    informer.addEventHandler({
      onAdd: (p) => this.workers.upsert(p as Pod),
      onUpdate: (old, p) => {
        if (old.metadata.uid !== p.metadata.uid) {
          // Same name, new pod: the old one is gone.
          this.workers.markDeleted(old as Pod);
          this.workers.upsert(p as Pod);
          return;
        }
        // Our own status write echoing back needs no sync.
        this.workers.upsert(p as Pod, !this.statuses.isOwnWrite(p as Pod));
      },
      onDelete: (p) => this.workers.markDeleted(p as Pod),
    });
    this.workers.start();
    informer.start();
    if (!(await informer.waitForSync())) return;
    const rt = this.runtime;
    const syncer = this.syncer;
    if (!rt || !syncer || this.podInformer !== informer) return;
    const live = new Set(informer.lister.list().map((p) => p.metadata.uid as string));
    try {
      const all = await rt.listContainers({ labels: { [LABEL_NODE]: this.nodeName } });
      const orphans = new Set(all.map((c) => c.labels[LABEL_POD_UID]).filter((u): u is string => !!u && !live.has(u) && !this.workers.get(u)));
      for (const uid of orphans) {
        this.log(`removing containers of deleted pod ${uid}`);
        await syncer.cleanup(uid);
      }
    } catch (err) {
      this.log(`orphan removal failed: ${(err as Error).message}`);
    }
  }

  /** syncPod is one pod worker's sync: converge, then write status, or finish a deletion. */
  private async syncPod(w: PodWorker): Promise<number | undefined> {
    const syncer = this.syncer;
    // The engine is away: nothing can be done; runtimeUp resyncs every pod when it is back.
    if (!syncer || !this.runtime) return undefined;
    let result;
    try {
      result = await syncer.sync(w.pod, w.deleted);
    } catch (err) {
      // A failing engine call may be the first sign the engine went away.
      void this.conn.check();
      throw err;
    }
    if (result.finished === 'terminated') {
      // Containers went before the object, so "pod gone" means its ports and names are free.
      const pod = w.pod;
      try {
        await this.client.delete(GVR.pods, pod.metadata.namespace, pod.metadata.name as string, { gracePeriodSeconds: 0, preconditions: { uid: w.uid } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }
    if (result.finished) {
      this.workers.forget(w.uid);
      return undefined;
    }
    if (result.status) {
      const updated = await this.statuses.write(w.pod, result.status);
      if (updated && this.workers.get(w.uid) === w) w.pod = { ...w.pod, metadata: { ...w.pod.metadata, resourceVersion: updated.metadata.resourceVersion }, status: updated.status ?? result.status };
    }
    return result.requeueAfterMs;
  }

  /** stop stops watching and heartbeating; containers keep running (a restarted kubelet adopts them). */
  async stop(): Promise<void> {
    this.running = false;
    this.pauseWatch?.stop();
    this.pauseWatch = undefined;
    this.conn.stop();
    await this.stopPods();
    clearTimeout(this.heartbeatTimer);
  }

  private async stopPods(): Promise<void> {
    this.podsStarted = false;
    this.podInformer?.stop();
    this.podInformer = undefined;
    this.stopRuntimeEvents?.();
    this.stopRuntimeEvents = undefined;
    this.probes.stopAll();
    this.metrics.stop();
    // Let in-flight syncs finish so nothing writes after stop returns.
    await this.workers.stop();
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
    if (!this.runtime || !this.syncer) throw statusError(503, 'ServiceUnavailable', `node ${this.nodeName}: container runtime is not available: ${this.conn.health.message ?? ''}`);
    if (this.poweredOff) throw statusError(503, 'ServiceUnavailable', `node ${this.nodeName} is powered off`);
    return { rt: this.runtime, syncer: this.syncer };
  }

  /** containerFor resolves the container instance for a pod and container name (previous = the one before the current). */
  async containerFor(pod: Pod, container: string | undefined, previous = false): Promise<ContainerInfo> {
    const { syncer } = this.requireRuntime();
    const name = pod.metadata.name;
    const appNames = pod.spec.containers.map((c) => c.name);
    const initNames = (pod.spec.initContainers ?? []).map((c) => c.name);
    const ephemeralNames = (pod.spec.ephemeralContainers ?? []).map((c) => c.name);
    let c = container;
    if (!c) {
      if (appNames.length !== 1) throw statusError(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${appNames.join(' ')}]${initNames.length ? ` or one of the init containers: [${initNames.join(' ')}]` : ''}`);
      c = appNames[0] as string;
    }
    const init = !appNames.includes(c) && !ephemeralNames.includes(c);
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
