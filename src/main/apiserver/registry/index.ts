/**
 * The registry: one GenericResource per served resource, each with the
 * strategy declared under registry/<resource>/. createRegistry is the only
 * entry point; it also makes sure the built-in namespaces exist.
 */
import type { KubeObject } from '../../../shared/api/meta';
import { RESOURCES, type ResourceInfo } from '../../../shared/api/resources';
import { ApiError } from '../../../shared/errors';
import type { Store } from '../../storage/types';
import { configMapStrategy } from './configmaps/strategy';
import { controllerRevisionStrategy } from './controllerrevisions/strategy';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaims/strategy';
import { persistentVolumeStrategy } from './persistentvolumes/strategy';
import { statefulSetStrategy } from './statefulsets/strategy';
import { storageClassStrategy } from './storageclasses/strategy';
import { cronJobStrategy } from './cronjobs/strategy';
import { daemonSetStrategy } from './daemonsets/strategy';
import { deploymentStrategy } from './deployments/strategy';
import { endpointsStrategy } from './endpoints/strategy';
import { endpointSliceStrategy } from './endpointslices/strategy';
import { EventsV1Resource } from './events/events-v1';
import { eventStrategy } from './events/strategy';
import { GenericResource, type WatchCacheTuning } from './generic-resource';
import { ingressClassStrategy } from './ingressclasses/strategy';
import { ingressStrategy } from './ingresses/strategy';
import type { RevisionObserver } from '../observe/revision-ring';
import { jobStrategy } from './jobs/strategy';
import { hpaStrategy } from './horizontalpodautoscalers/strategy';
import { HPAv1Resource } from './horizontalpodautoscalers/v1';
import { leaseStrategy } from './leases/strategy';
import { namespaceStrategy } from './namespaces/strategy';
import { nodeStrategy } from './nodes/strategy';
import { podStrategy } from './pods/strategy';
import { replicaSetStrategy } from './replicasets/strategy';
import { secretStrategy } from './secrets/strategy';
import { DEFAULT_SERVICE_CIDR, ServiceAllocator } from './services/ip-allocator';
import { serviceStrategy } from './services/strategy';
import type { Strategy, StrategyContext } from './strategy';
import type { ListOptions, PatchType, Registry, RegistryDeleteOptions, Resource, WatchOptions, WatchSink, WriteOptions } from './types';

export { GenericResource, rfc3339 } from './generic-resource';
export { DEFAULT_SERVICE_CIDR } from './services/ip-allocator';

/** BUILTIN_NAMESPACES exist from the start. */
export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** RegistryOptions tune createRegistry. */
export interface RegistryOptions {
  /** The clock for timestamps and ages (tests pass a fixed one). */
  clock?: () => Date;
  /** Where service cluster IPs are allocated (default 10.96.0.0/16). */
  serviceCIDR?: string;
  /** Interval between watch BOOKMARK events (default 10 s). */
  bookmarkIntervalMs?: number;
  /** Skip creating the built-in namespaces (tests of bootstrap itself). */
  skipBootstrap?: boolean;
  /** Told of every stored write and watch delivery (src/main/apiserver/observe/revision-ring.ts). */
  revisions?: RevisionObserver;
  /** The watch caches' tuning (registry/watch-cache.ts); false serves every read from the store. */
  watchCache?: WatchCacheTuning | false;
}

/** RegistryWithReady is a Registry that can be awaited until bootstrap finished. */
export interface RegistryWithReady extends Registry {
  /** ready resolves once the built-in namespaces exist. */
  ready(): Promise<void>;
}

function strategies(alloc: ServiceAllocator): Record<string, Strategy> {
  return {
    namespaces: namespaceStrategy,
    pods: podStrategy,
    nodes: nodeStrategy,
    services: serviceStrategy(alloc),
    endpoints: endpointsStrategy,
    events: eventStrategy,
    configmaps: configMapStrategy,
    secrets: secretStrategy,
    deployments: deploymentStrategy,
    replicasets: replicaSetStrategy,
    daemonsets: daemonSetStrategy,
    statefulsets: statefulSetStrategy,
    controllerrevisions: controllerRevisionStrategy,
    persistentvolumeclaims: persistentVolumeClaimStrategy,
    persistentvolumes: persistentVolumeStrategy,
    storageclasses: storageClassStrategy,
    jobs: jobStrategy,
    cronjobs: cronJobStrategy,
    ingresses: ingressStrategy,
    ingressclasses: ingressClassStrategy,
    endpointslices: endpointSliceStrategy,
    leases: leaseStrategy,
    horizontalpodautoscalers: hpaStrategy,
  };
}

/**
 * ReadyResource delays every call until bootstrap is done, so a create in
 * `default` issued right after createRegistry() cannot race the namespace.
 */
class ReadyResource implements Resource {
  constructor(
    private readonly inner: GenericResource,
    private readonly ready: () => Promise<void>,
  ) {}
  get info(): ResourceInfo {
    return this.inner.info;
  }
  async get(ns: string | undefined, name: string) {
    await this.ready();
    return this.inner.get(ns, name);
  }
  async list(ns: string | undefined, opts: ListOptions) {
    await this.ready();
    return this.inner.list(ns, opts);
  }
  async listJson(ns: string | undefined, opts: ListOptions) {
    await this.ready();
    return this.inner.listJson(ns, opts);
  }
  async create(ns: string | undefined, obj: unknown, opts: WriteOptions) {
    await this.ready();
    return this.inner.create(ns, obj, opts);
  }
  async update(ns: string | undefined, name: string, obj: unknown, opts: WriteOptions & { subresource?: string }) {
    await this.ready();
    return this.inner.update(ns, name, obj, opts);
  }
  async patch(ns: string | undefined, name: string, t: PatchType, p: unknown, opts: WriteOptions & { subresource?: string; force?: boolean }) {
    await this.ready();
    return this.inner.patch(ns, name, t, p, opts);
  }
  async delete(ns: string | undefined, name: string, opts: RegistryDeleteOptions) {
    await this.ready();
    return this.inner.delete(ns, name, opts);
  }
  async deleteCollection(ns: string | undefined, list: ListOptions, opts: RegistryDeleteOptions) {
    await this.ready();
    return this.inner.deleteCollection(ns, list, opts);
  }
  async getSubresource(ns: string | undefined, name: string, sub: string) {
    await this.ready();
    return this.inner.getSubresource(ns, name, sub);
  }
  async createSubresource(ns: string | undefined, name: string, sub: string, body: unknown, opts: WriteOptions) {
    await this.ready();
    return this.inner.createSubresource(ns, name, sub, body, opts);
  }
  async watch(ns: string | undefined, opts: WatchOptions, sink: WatchSink) {
    await this.ready();
    return this.inner.watch(ns, opts, sink);
  }
  toTable(objects: KubeObject[], listMeta: { resourceVersion?: string; continue?: string }, includeObject: 'None' | 'Metadata' | 'Object') {
    return this.inner.toTable(objects, listMeta, includeObject);
  }
}

/** createRegistry builds every served resource over store and creates the built-in namespaces. */
export function createRegistry(store: Store, opts: RegistryOptions = {}): RegistryWithReady {
  const clock = opts.clock ?? (() => new Date());
  const alloc = new ServiceAllocator(opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR);
  const byResource = new Map<string, GenericResource>();
  const context: StrategyContext = {
    now: clock,
    async listObjects(resource, namespace) {
      const r = byResource.get(resource);
      if (!r) return [];
      return (await r.list(namespace, {})).items;
    },
  };
  const table = strategies(alloc);
  for (const info of RESOURCES) {
    // Views of another group's storage (events.k8s.io) are added below; byResource holds the stored resources, by plural.
    if (info.group === 'events.k8s.io') continue;
    const strategy = table[info.resource];
    if (!strategy) continue;
    byResource.set(
      info.resource,
      new GenericResource({
        store,
        info,
        strategy,
        clock,
        context,
        ...(opts.bookmarkIntervalMs ? { bookmarkIntervalMs: opts.bookmarkIntervalMs } : {}),
        ...(opts.revisions ? { revisions: opts.revisions } : {}),
        ...(opts.watchCache !== undefined ? { watchCache: opts.watchCache } : {}),
      }),
    );
  }
  const bootstrap = opts.skipBootstrap ? Promise.resolve() : bootstrapNamespaces(byResource.get('namespaces')!);
  // A failed bootstrap surfaces on every call rather than as an unhandled rejection.
  bootstrap.catch(() => undefined);
  const ready = () => bootstrap;
  const wrapped = new Map<string, Resource>();
  for (const [name, r] of byResource) wrapped.set(name, new ReadyResource(r, ready));
  const views: Resource[] = RESOURCES.filter((info) => info.group === 'events.k8s.io' && wrapped.has('events')).map((info) => new EventsV1Resource(info, wrapped.get('events')!));
  const list = [...wrapped.values(), ...views];
  // autoscaling/v1 is a converting view of the stored v2 HPAs.
  const hpaV1 = wrapped.has('horizontalpodautoscalers') ? new HPAv1Resource(wrapped.get('horizontalpodautoscalers')!) : undefined;
  return {
    resources: () => list,
    lookup(group, version, resource) {
      if (hpaV1 && group === 'autoscaling' && version === 'v1' && resource === 'horizontalpodautoscalers') return hpaV1;
      const view = views.find((v) => v.info.group === group && v.info.version === version && v.info.resource === resource);
      if (view) return view;
      const r = wrapped.get(resource);
      return r && r.info.group === group && r.info.version === version ? r : undefined;
    },
    ready,
  };
}

/** bootstrapNamespaces creates default, kube-system, kube-public and kube-node-lease when missing. */
export async function bootstrapNamespaces(namespaces: Pick<Resource, 'create'>): Promise<void> {
  for (const name of BUILTIN_NAMESPACES) {
    try {
      await namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, {});
    } catch (err) {
      if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
    }
  }
}
