/**
 * The in-process ApiClient: the same Resource methods the HTTP layer calls,
 * without a socket in between, so controllers, scheduler and kubelet get the
 * API's semantics (validation, defaults, concurrency, watch) at function-call
 * cost. Objects are deep-copied across the boundary so no caller can mutate
 * what another holds; a caller asking for shared read-only objects (an
 * informer) gets one deeply frozen copy per object revision, the same for
 * every such caller.
 */
import type { KubeList, KubeObject, Status } from '../../shared/api/meta';
import type { GroupVersionResource } from '../../shared/api/resources';
import { ApiError } from '../../shared/errors';
import type { Registry, Resource } from '../apiserver/registry/types';
import { componentContext, runInRequest } from '../apiserver/audit/context';
import { admitted } from '../event-loop/loop-budget';
import type { ApiClient, ListOptions, PatchType, SharedReadOnly, WatchCallbacks, WatchOptions, WatchSubscription, WriteOptions } from './types';
import { sharedCopy } from './shared-copy';

function notServed(gvr: GroupVersionResource): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'NotFound',
    message: `the server could not find the requested resource (${gvr.resource}.${gvr.group || 'core'}/${gvr.version})`,
    code: 404,
  });
}

/**
 * createInProcessClient returns an ApiClient over the registry whose calls
 * are made as `identity` (the audit log's user, e.g. "replicaset-controller");
 * `forComponent(name)` gives the same client under another identity.
 */
export function createInProcessClient(registry: Registry, identity = 'kubedeck'): ApiClient {
  const ctx = componentContext(identity);
  // Every write waits for the event-loop budget (loop-budget.ts), then runs in the component's own
  // request context, never in that of whatever triggered it (the context is set once admitted).
  const as = <T>(fn: () => Promise<T>): Promise<T> => admitted(() => runInRequest(ctx, fn));
  const resource = (gvr: GroupVersionResource): Resource => {
    const r = registry.lookup(gvr.group, gvr.version, gvr.resource);
    if (!r) throw notServed(gvr);
    return r;
  };
  const copy = <T>(v: T): T => structuredClone(v);
  const nsOf = (r: Resource, ns: string | undefined) => (r.info.namespaced ? ns : undefined);

  return {
    async get<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, name: string) {
      const r = resource(gvr);
      return copy((await admitted(() => r.get(nsOf(r, namespace), name))) as T);
    },
    async list<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts: ListOptions & SharedReadOnly = {}) {
      const r = resource(gvr);
      const { sharedReadOnly, ...listOpts } = opts;
      const list = (await admitted(() => r.list(nsOf(r, namespace), listOpts))) as KubeList<T>;
      if (!sharedReadOnly) return copy(list);
      return { ...list, metadata: copy(list.metadata), items: list.items.map((o) => sharedCopy(o)) };
    },
    async create<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts: WriteOptions = {}) {
      const r = resource(gvr);
      return copy((await as(() => r.create(nsOf(r, namespace), copy(obj), opts))) as T);
    },
    async update<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts: WriteOptions = {}) {
      const r = resource(gvr);
      return copy((await as(() => r.update(nsOf(r, namespace), obj.metadata.name ?? '', copy(obj), opts))) as T);
    },
    async updateStatus<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts: WriteOptions = {}) {
      const r = resource(gvr);
      return copy((await as(() => r.update(nsOf(r, namespace), obj.metadata.name ?? '', copy(obj), { ...opts, subresource: 'status' }))) as T);
    },
    async patch<T extends KubeObject>(
      gvr: GroupVersionResource,
      namespace: string | undefined,
      name: string,
      patchType: PatchType,
      patch: unknown,
      opts: WriteOptions & { subresource?: string } = {},
    ) {
      const r = resource(gvr);
      return copy((await as(() => r.patch(nsOf(r, namespace), name, patchType, copy(patch), opts))) as T);
    },
    async delete(gvr, namespace, name, opts = {}) {
      const r = resource(gvr);
      const { dryRun, ...rest } = opts;
      return copy(await as(() => r.delete(nsOf(r, namespace), name, { ...rest, ...(dryRun?.includes('All') ? { dryRun: true } : {}) })));
    },
    async createSubresource(gvr, namespace, name, subresource, body) {
      const r = resource(gvr);
      return copy(await as(() => r.createSubresource(nsOf(r, namespace), name, subresource, copy(body), {})));
    },
    forComponent(name: string) {
      return createInProcessClient(registry, name);
    },
    async watch<T extends KubeObject>(
      gvr: GroupVersionResource,
      namespace: string | undefined,
      opts: WatchOptions & SharedReadOnly,
      cb: WatchCallbacks<T>,
    ): Promise<WatchSubscription> {
      const r = resource(gvr);
      let stopped = false;
      const { sharedReadOnly, ...watchOpts } = opts;
      // The watch is held as this component (the revision ring names who received each event).
      const handle = await admitted(() => runInRequest(ctx, () => r.watch(nsOf(r, namespace), watchOpts, {
        event(ev) {
          if (stopped) return;
          // Every watcher of one event gets the registry's one decoded object: shared, it is copied once for all of them.
          const out = sharedReadOnly && ev.type !== 'ERROR' ? { type: ev.type, object: sharedCopy(ev.object) } : copy(ev);
          cb.onEvent(out as { type: typeof ev.type; object: T | Status });
        },
        close() {
          if (!stopped) {
            stopped = true;
            cb.onClose?.();
          }
        },
      })));
      return {
        stop() {
          stopped = true;
          handle.stop();
        },
      };
    },
  };
}
