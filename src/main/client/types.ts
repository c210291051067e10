/**
 * The in-process API client: what controllers, the scheduler, the kubelet and
 * the proxy use to reach cluster state. Same semantics as the HTTP API (it
 * calls the same registry), errors are ApiError with a metav1.Status.
 */
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '../../shared/api/meta';
import type { GroupVersionResource } from '../../shared/api/resources';
import type { ListOptions, PatchType, WatchOptions, WriteOptions } from '../apiserver/registry/types';

export type { ListOptions, PatchType, WatchOptions, WriteOptions };

/**
 * SharedReadOnly asks, on a list or a watch, for objects shared read-only
 * (deeply frozen) with every other caller that asks the same, instead of a
 * private deep copy each: what an informer's cache wants, since it never
 * changes what it holds (objects from the cache are read-only). Three
 * informers of 30,000 pods then hold one copy of each pod, not three. The
 * copies leave out metadata.managedFields (see shared-copy.ts). A client
 * that cannot share returns private copies, which are as good.
 */
export interface SharedReadOnly {
  sharedReadOnly?: boolean;
}

export interface WatchSubscription {
  /** stop ends the watch; no callback follows. */
  stop(): void;
}

export interface WatchCallbacks<T extends KubeObject> {
  /** Each event, in order. An ERROR event carries a Status (e.g. 410 Expired) and ends the watch. */
  onEvent(ev: WatchEvent<T | Status>): void;
  /** The watch ended (server side timeout, error, or stop). */
  onClose?(): void;
}

/** ApiClient is the typed, in-process Kubernetes client. */
export interface ApiClient {
  get<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts?: ListOptions & SharedReadOnly): Promise<KubeList<T>>;
  create<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  update<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  updateStatus<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  patch<T extends KubeObject>(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts?: WriteOptions & { subresource?: string },
  ): Promise<T>;
  delete(gvr: GroupVersionResource, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<KubeObject | Status>;
  /** createSubresource POSTs to a subresource, e.g. pods/binding. */
  createSubresource(gvr: GroupVersionResource, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<KubeObject | Status>;
  watch<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts: WatchOptions & SharedReadOnly, cb: WatchCallbacks<T>): Promise<WatchSubscription>;
  /** forComponent returns the same client making its requests as `name` (the audit log's user); fakes may leave it out. */
  forComponent?(name: string): ApiClient;
}

/** clientFor is client under the component's identity (client itself when it has none to give). */
export function clientFor(client: ApiClient, name: string): ApiClient {
  return client.forComponent?.(name) ?? client;
}
