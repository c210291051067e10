/**
 * The Service proxy (the kube-proxy role): one HAProxy container per Service
 * on the cluster network, at the Service's ClusterIP, answering to its DNS
 * names, forwarding each port to the ready endpoints. Handlers enqueue
 * service keys (Service and Endpoints share `namespace/name`); syncService
 * converges one: create / recreate / reload / remove the container, and set
 * a LoadBalancer's ingress to 127.0.0.1. Containers that survive an app
 * restart are adopted through their labels.
 */
import type Docker from 'dockerode';
import type { Endpoints, Pod, Service } from '../../shared/api/core';
import { PUBLISHED_PORTS_ANNOTATION, publishedAddress } from '../../shared/api/published-ports';
import { GVR } from '../../shared/api/resources';
import { isNotFound } from '../../shared/errors';
import { realClock, type Clock } from '../client/clock';
import { SharedInformerFactory, type Informer } from '../client/informer';
import { objectKey } from '../client/lister';
import type { ApiClient } from '../client/types';
import { WorkQueue } from '../client/workqueue';
import { runWorkers } from '../client/worker';
import { clusterNetworkName, DEFAULT_CLUSTER_ID } from '../cluster/identity';
import { waitForClusterNetwork } from '../docker/engine-wait';
import type { ClusterNetwork } from '../docker/network';
import { createEventRecorder, type ApiEventRecorder, type EventRecorder } from '../client/event-recorder';
import { LABEL_SPEC_HASH, PROXY_IMAGE, proxyContainerSpec, renderHaproxyConfig, wantsProxy, type BackendResolver, type Degradation } from './haproxy-config';
import { DockerProxyBackend, startConflict, type ProxyBackend } from './proxy-docker';

export interface ServiceProxyDeps {
  client: ApiClient;
  serviceInformer: Informer<Service>;
  endpointsInformer: Informer<Endpoints>;
  /** Pods, for the published ports of pods on other engines (kubedeck.io/published-ports); without it, pod IPs only. */
  podInformer?: Informer<Pod>;
  backend: ProxyBackend;
  /** The cluster network's subnet: a ClusterIP inside it becomes the container's static address. */
  subnet: string;
  image?: string;
  /** Cluster label on the containers (several clusters may share one engine). */
  clusterId?: string;
  /** Where Warning events about degraded Services go. */
  recorder?: EventRecorder;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

interface Known {
  id: string;
  uid: string;
  specHash: string;
  /** The configuration last written; undefined after adoption (unknown, so it is rewritten once). */
  config?: string;
}

/** ServiceProxy reconciles proxy containers with Services and Endpoints. */
export class ServiceProxy {
  readonly queue: WorkQueue<string>;
  private readonly known = new Map<string, Known>();
  /** What Docker refused per Service, for the full shape's hash: a changed Service tries the full shape again. */
  private readonly degraded = new Map<string, { fullHash: string; d: Degradation }>();

  constructor(private readonly deps: ServiceProxyDeps) {
    this.queue = new WorkQueue<string>({ name: 'service-proxy', clock: deps.clock ?? realClock });
    const enqueue = (o: Readonly<Service | Endpoints>) => this.queue.add(objectKey(o));
    deps.serviceInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, s) => enqueue(s), onDelete: enqueue });
    deps.endpointsInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, e) => enqueue(e), onDelete: enqueue });
    // A pod's published ports changing (a new sandbox on a remote engine) changes the backends of the Services listing it.
    deps.podInformer?.addEventHandler({
      onAdd: (p) => this.enqueueServicesOf(p),
      onUpdate: (o, p) => {
        if (o.metadata.annotations?.[PUBLISHED_PORTS_ANNOTATION] !== p.metadata.annotations?.[PUBLISHED_PORTS_ANNOTATION]) this.enqueueServicesOf(p);
      },
    });
  }

  /** enqueueServicesOf queues the Services whose Endpoints name the pod. */
  private enqueueServicesOf(pod: Readonly<Pod>): void {
    const ns = pod.metadata.namespace ?? 'default';
    for (const ep of this.deps.endpointsInformer.lister.list(ns)) {
      const names = (ep.subsets ?? []).flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]).map((a) => a.targetRef?.name);
      if (names.includes(pod.metadata.name)) this.queue.add(objectKey(ep));
    }
  }

  /** resolveBackend sends a pod on another engine's node to its published address (see src/shared/api/published-ports.ts). */
  private readonly resolveBackend: BackendResolver = (a, port, protocol) => {
    const ref = a.targetRef;
    if (!this.deps.podInformer || ref?.kind !== 'Pod' || !ref.name) return undefined;
    const pod = this.deps.podInformer.lister.get(ref.namespace ?? 'default', ref.name);
    return pod ? publishedAddress(pod.metadata.annotations, port, protocol) : undefined;
  };

  /** adopt records the proxy containers already running (from a previous run) and queues their services. */
  async adopt(): Promise<number> {
    const found = await this.deps.backend.list();
    for (const c of found) {
      const key = `${c.namespace}/${c.serviceName}`;
      const prev = this.known.get(key);
      // Two containers claiming one Service (a crash mid-recreate): keep one, the sync replaces it if stale.
      if (prev && prev.id !== c.id) await this.deps.backend.remove(c.id);
      else this.known.set(key, { id: c.id, uid: c.uid, specHash: c.specHash });
      this.queue.add(key);
    }
    return found.length;
  }

  /** containerFor returns the container id serving a Service key (tests, UI). */
  containerFor(key: string): string | undefined {
    return this.known.get(key)?.id;
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 2): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError });
  }

  /** stop shuts the queue down; containers keep serving (adopted at the next start). */
  stop(): void {
    this.queue.shutDown();
  }

  private async removeKnown(key: string): Promise<void> {
    const cur = this.known.get(key);
    if (!cur) return;
    await this.deps.backend.remove(cur.id);
    this.known.delete(key);
  }

  /** sync converges the proxy of one Service (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    const svc = this.deps.serviceInformer.lister.getByKey(key);
    let cur = this.known.get(key);
    if (!svc || !wantsProxy(svc)) {
      await this.removeKnown(key);
      return;
    }
    // No ClusterIP (the registry allocates one for every proxied Service): nothing to place until an update brings one.
    if (!svc.spec?.clusterIP) return;
    const fullHash = proxyContainerSpec(svc, this.deps.subnet, this.deps.image, this.deps.clusterId).labels[LABEL_SPEC_HASH]!;
    let deg = this.degraded.get(key);
    if (deg && deg.fullHash !== fullHash) {
      this.degraded.delete(key);
      deg = undefined;
    }
    const spec = proxyContainerSpec(svc, this.deps.subnet, this.deps.image, this.deps.clusterId, deg?.d);
    const config = renderHaproxyConfig(svc, this.deps.endpointsInformer.lister.getByKey(key), this.resolveBackend);

    // A new Service of the same name, or a changed IP/port publication: Docker cannot change those in place.
    if (cur && (cur.uid !== svc.metadata.uid || cur.specHash !== spec.labels[LABEL_SPEC_HASH])) {
      await this.removeKnown(key);
      cur = undefined;
    }
    if (cur) {
      const info = await this.deps.backend.inspect(cur.id);
      if (!info) {
        this.known.delete(key);
        cur = undefined;
      } else if (!info.running) {
        await this.deps.backend.writeConfig(cur.id, config, false);
        cur.config = config;
        await this.startOrDegrade(key, svc, cur.id, fullHash, deg?.d ?? {}, spec.ip !== undefined, spec.publishes.length > 0);
      }
    }
    if (!cur) {
      const id = await this.deps.backend.create(spec, config);
      cur = { id, uid: svc.metadata.uid ?? '', specHash: spec.labels[LABEL_SPEC_HASH]!, config };
      this.known.set(key, cur);
      await this.startOrDegrade(key, svc, id, fullHash, deg?.d ?? {}, spec.ip !== undefined, spec.publishes.length > 0);
    } else if (cur.config !== config) {
      await this.deps.backend.writeConfig(cur.id, config, true);
      cur.config = config;
    }
    await this.syncLoadBalancerStatus(svc);
  }

  /**
   * startOrDegrade starts the container; when Docker refuses because the
   * ClusterIP or a host port belongs to someone else (another cluster on the
   * engine, another program), it drops that part, says so in a Warning
   * event, and lets the retry run the Service without it rather than not at all.
   */
  private async startOrDegrade(key: string, svc: Readonly<Service>, id: string, fullHash: string, d: Degradation, hasIP: boolean, hasPorts: boolean): Promise<void> {
    try {
      await this.deps.backend.start(id);
    } catch (err) {
      const conflict = startConflict(err);
      const next: Degradation | undefined =
        conflict === 'port' && hasPorts ? { ...d, noHostPorts: true } : conflict === 'address' && hasIP ? { ...d, noStaticIP: true } : undefined;
      if (!next) throw err;
      await this.removeKnown(key);
      this.degraded.set(key, { fullHash, d: next });
      const what = conflict === 'port' ? 'its ports on 127.0.0.1 are taken; running without publishing them' : `its ClusterIP ${svc.spec?.clusterIP ?? ''} is taken on the network; running on a dynamic address (DNS names still work)`;
      this.deps.recorder?.event(svc, 'Warning', conflict === 'port' ? 'PortUnavailable' : 'ClusterIPUnavailable', `Service proxy: ${what}: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  /** degradation reports what a Service currently runs without (tests, UI). */
  degradation(key: string): Degradation | undefined {
    return this.degraded.get(key)?.d;
  }

  /** A LoadBalancer is published on the host's loopback: its ingress is 127.0.0.1 (as Docker Desktop and k3s' servicelb report localhost). */
  private async syncLoadBalancerStatus(svc: Readonly<Service>): Promise<void> {
    const published = !this.degraded.get(objectKey(svc))?.d.noHostPorts;
    const want = svc.spec?.type === 'LoadBalancer' && published ? [{ ip: '127.0.0.1' }] : undefined;
    const have = svc.status?.loadBalancer?.ingress;
    if (JSON.stringify(want ?? []) === JSON.stringify(have ?? [])) return;
    const next = structuredClone(svc) as Service;
    next.status = { ...(next.status ?? {}), loadBalancer: want ? { ingress: want } : {} };
    try {
      await this.deps.client.updateStatus(GVR.services, svc.metadata.namespace, next);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

export interface StartServiceProxyOptions {
  client: ApiClient;
  log?: (msg: string) => void;
  /** Docker engine; found as the docker CLI finds it when absent. */
  docker?: Docker;
  /** The network the proxies join; default the cluster's own (`kubedeck-<clusterId>`). */
  network?: string;
  image?: string;
  /** Identifies this cluster's proxy containers on a shared engine (default 'default'; give test clusters their own). */
  clusterId?: string;
  /** Every resyncMs each Service is re-checked (a proxy container removed behind our back comes back). */
  resyncMs?: number;
  /** While Docker cannot be reached, retry this often. */
  retryMs?: number;
  workers?: number;
}

/** RunningServiceProxy is the started proxy component. */
export interface RunningServiceProxy {
  name: string;
  /** ready resolves once Docker was reached and the caches synced (tests wait on it). */
  ready: Promise<{ proxy: ServiceProxy; network: ClusterNetwork }>;
  stop(): Promise<void>;
}

/**
 * startServiceProxy starts the Service proxy component: it reaches Docker
 * (retrying in the background while it cannot, so the cluster starts
 * without Docker), ensures the cluster network, adopts existing proxy
 * containers, then runs the proxy on its own informers. ClusterIPs come from
 * the registry, which allocates them from the network's service range.
 */
export function startServiceProxy(opts: StartServiceProxyOptions): RunningServiceProxy {
  const log = opts.log ?? (() => {});
  let stopped = false;
  let factory: SharedInformerFactory | undefined;
  let proxy: ServiceProxy | undefined;
  let recorder: ApiEventRecorder | undefined;
  const onError = (key: string, err: unknown) => log(`service-proxy: ${key}: ${err instanceof Error ? err.message : String(err)}`);

  const clusterId = opts.clusterId ?? DEFAULT_CLUSTER_ID;
  const engine = waitForClusterNetwork({
    ...(opts.docker ? { docker: opts.docker } : {}),
    network: opts.network ?? clusterNetworkName(clusterId),
    clusterId,
    ...(opts.retryMs !== undefined ? { retryMs: opts.retryMs } : {}),
    log: (msg) => log(`service-proxy: ${msg}`),
    who: 'service proxy',
  });

  const ready = (async () => {
    const { docker, network } = await engine.ready;
    factory = new SharedInformerFactory(opts.client, { resyncMs: opts.resyncMs ?? 30_000 });
    const serviceInformer = factory.informerFor<Service>(GVR.services);
    const endpointsInformer = factory.informerFor<Endpoints>(GVR.endpoints);
    const podInformer = factory.informerFor<Pod>(GVR.pods);
    const backend = new DockerProxyBackend(docker, network.name, opts.clusterId);
    recorder = createEventRecorder(opts.client, { component: 'service-proxy', onError: (err) => onError('event', err) });
    proxy = new ServiceProxy({
      client: opts.client,
      serviceInformer,
      endpointsInformer,
      podInformer,
      backend,
      subnet: network.subnet,
      image: opts.image ?? PROXY_IMAGE,
      ...(opts.clusterId ? { clusterId: opts.clusterId } : {}),
      recorder,
      onError,
    });
    const adopted = await proxy.adopt();
    factory.start();
    await factory.waitForCacheSync();
    if (stopped) throw new Error('service proxy stopped before it started');
    void proxy.run(opts.workers ?? 2);
    log(`service-proxy: on network ${network.name} (${network.subnet}, services ${network.serviceRange}), adopted ${adopted} container(s)`);
    return { proxy, network };
  })();
  // A stop before Docker answered rejects `ready`; nobody else needs to hear about it.
  ready.catch(() => {});

  return {
    name: 'service-proxy',
    ready,
    async stop() {
      stopped = true;
      engine.cancel();
      proxy?.stop();
      factory?.stop();
      await recorder?.flush();
    },
  };
}
