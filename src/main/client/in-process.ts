/**
 * The in-process ApiClient: the same Resource methods the HTTP layer calls,
 * without a socket in between, so controllers, scheduler and kubelet get the
 * API's semantics (validation, defaults, concurrency, watch) at function-call
 * cost. Objects are deep-copied across the boundary so no caller can mutate
 * what another holds.
 */
import type { KubeList, KubeObject, Status } from '../../shared/api/meta';
import type { GroupVersionResource } from '../../shared/api/resources';
import { ApiError } from '../../shared/errors';
import type { Registry, Resource } from '../apiserver/registry/types';
import { admitted } from '../event-loop/loop-budget';
import type { ApiClient, ListOptions, PatchType, WatchCallbacks, WatchOptions, WatchSubscription, WriteOptions } from './types';

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

/** createInProcessClient returns an ApiClient over the registry. */
export function createInProcessClient(registry: Registry): ApiClient {
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
    async list<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts: ListOptions = {}) {
      const r = resource(gvr);
      return copy((await admitted(() => r.list(nsOf(r, namespace), opts))) as KubeList<T>);
    },
    async create<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts: WriteOptions = {}) {
      const r = resource(gvr);
      return copy((await admitted(() => r.create(nsOf(r, namespace), copy(obj), opts))) as T);
    },
    async update<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts: WriteOptions = {}) {
      const r = resource(gvr);
      return copy((await admitted(() => r.update(nsOf(r, namespace), obj.metadata.name ?? '', copy(obj), opts))) as T);
    },
    async updateStatus<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts: WriteOptions = {}) {
      const r = resource(gvr);
      return copy((await admitted(() => r.update(nsOf(r, namespace), obj.metadata.name ?? '', copy(obj), { ...opts, subresource: 'status' }))) as T);
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
      return copy((await admitted(() => r.patch(nsOf(r, namespace), name, patchType, copy(patch), opts))) as T);
    },
    async delete(gvr, namespace, name, opts = {}) {
      const r = resource(gvr);
      const { dryRun, ...rest } = opts;
      return copy(await admitted(() => r.delete(nsOf(r, namespace), name, { ...rest, ...(dryRun?.includes('All') ? { dryRun: true } : {}) })));
    },
    async createSubresource(gvr, namespace, name, subresource, body) {
      const r = resource(gvr);
      return copy(await admitted(() => r.createSubresource(nsOf(r, namespace), name, subresource, copy(body), {})));
    },
    async watch<T extends KubeObject>(
      gvr: GroupVersionResource,
      namespace: string | undefined,
      opts: WatchOptions,
      cb: WatchCallbacks<T>,
    ): Promise<WatchSubscription> {
      const r = resource(gvr);
      let stopped = false;
      const handle = await admitted(() => r.watch(nsOf(r, namespace), opts, {
        event(ev) {
          if (!stopped) cb.onEvent(copy(ev) as { type: typeof ev.type; object: T | Status });
        },
        close() {
          if (!stopped) {
            stopped = true;
            cb.onClose?.();
          }
        },
      }));
      return {
        stop() {
          stopped = true;
          handle.stop();
        },
      };
    },
  };
}
