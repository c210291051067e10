/**
 * FakeApiClient: an in-memory ApiClient for unit tests of informers,
 * controllers and the scheduler. It keeps what tests lean on honest — one
 * global resourceVersion counter, optimistic concurrency, generateName,
 * generation bumps on spec changes, status split from spec, finalizers and
 * deletionTimestamp, watch replay from a resourceVersion with 410 after
 * `compact()`, label/field selectors, pods/binding, graceful deletion of
 * bound pods when asked (`gracefulPodDeletion`, for kubelet tests) — and
 * nothing more (no
 * defaults, no validation, no garbage collection, strategic merge patch is
 * treated as a JSON merge patch, JSON patch is refused).
 */
import { randomUUID } from 'node:crypto';
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent, WatchEventType } from '../../../shared/api/meta';
import { apiVersionOf, findResource, type GroupVersionResource, type ResourceInfo } from '../../../shared/api/resources';
import { ApiError } from '../../../shared/errors';
import type { ApiClient, ListOptions, PatchType, SharedReadOnly, WatchCallbacks, WatchOptions, WatchSubscription, WriteOptions } from '../types';
import { cacheCopy } from '../shared-copy';
import { parseFieldSelector, parseLabelSelector } from './selectors';

export interface FakeAction {
  verb: 'get' | 'list' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete' | 'createSubresource' | 'watch';
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  body?: unknown;
}

interface Watcher {
  res: ResourceInfo;
  namespace?: string;
  matches: (o: KubeObject) => boolean;
  cb: WatchCallbacks<KubeObject>;
  active: boolean;
}

interface HistoryEntry {
  resource: string;
  rv: number;
  type: WatchEventType;
  object: KubeObject;
  old?: KubeObject;
}

const clone = <T>(v: T): T => structuredClone(v);

function status(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message, ...(details ? { details } : {}) });
}

/** mergePatch applies an RFC 7386 JSON merge patch (null deletes). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function specOf(o: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

export interface FakeApiClientOptions {
  /**
   * Delete a pod bound to a node with a non-zero grace period as the API
   * server does: set deletionTimestamp and keep the pod until a delete with
   * grace 0 (its kubelet's, once the containers are gone). Off by default:
   * controller tests expect pods gone at once.
   */
  gracefulPodDeletion?: boolean;
}

/** FakeApiClient implements ApiClient over in-memory maps. */
export class FakeApiClient implements ApiClient {
  /** Every call, in order (like client-go's fake Actions()). */
  readonly actions: FakeAction[] = [];
  private rv = 1;
  private compactedRv = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly failures: { verb: FakeAction['verb']; resource?: string; err: Error; times: number }[] = [];
  private readonly pending: (() => void)[] = [];
  private flushing = false;
  private held = false;
  /** Clock for creationTimestamp/deletionTimestamp. */
  now: () => number = () => Date.now();
  /** Every pod status stored, in order, per "namespace/name" — for asserting transitions (kubelet tests). */
  readonly statusHistory = new Map<string, unknown[]>();

  constructor(private readonly opts: FakeApiClientOptions = {}) {}

  /** patches lists every patch body, in order, with its target — for asserting annotations written in passing. */
  get patches(): { resource: string; name: string; patch: unknown }[] {
    return this.actions.filter((a) => a.verb === 'patch').map((a) => ({ resource: a.resource, name: a.name ?? '', patch: a.body }));
  }

  /** seed stores objects directly (no actions recorded, watch events still sent). */
  seed(gvr: GroupVersionResource, ...objs: KubeObject[]): KubeObject[] {
    return objs.map((o) => this.doCreate(this.info(gvr), o.metadata.namespace, o));
  }

  /** failNext makes the next `times` calls of verb (optionally on a resource) throw err. */
  failNext(verb: FakeAction['verb'], err: Error, opts: { resource?: string; times?: number } = {}): void {
    this.failures.push({ verb, resource: opts.resource, err, times: opts.times ?? 1 });
  }

  /** compact forgets watch history up to the current revision: older resourceVersions get 410 Expired. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history = [];
  }

  /** closeWatches ends every open watch as a server-side timeout would. */
  closeWatches(): void {
    for (const w of [...this.watchers]) this.endWatch(w);
  }

  /** watchCount is the number of open watches. */
  watchCount(): number {
    return this.watchers.size;
  }

  /** currentResourceVersion is the global revision. */
  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** clearActions empties the action log. */
  clearActions(): void {
    this.actions.length = 0;
  }

  /** flush resolves once every queued watch event has been delivered. */
  async flush(): Promise<void> {
    for (let i = 0; i < 100 && ((this.pending.length > 0 && !this.held) || this.flushing); i++) await new Promise((r) => setImmediate(r));
  }

  /** peek reads an object without recording an action (undefined if absent). */
  peek<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, name: string): T | undefined {
    const o = this.bucket(this.info(gvr)).get(this.key(this.info(gvr), namespace, name));
    return o ? (clone(o) as T) : undefined;
  }

  /** all lists every stored object of a resource (no action recorded). */
  all<T extends KubeObject>(gvr: GroupVersionResource, namespace?: string): T[] {
    return [...this.bucket(this.info(gvr)).values()].filter((o) => !namespace || o.metadata.namespace === namespace).map((o) => clone(o) as T);
  }

  async get<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, name: string): Promise<T> {
    const res = this.info(gvr);
    this.record({ verb: 'get', resource: res.resource, namespace, name });
    const o = this.bucket(res).get(this.key(res, namespace, name));
    if (!o) throw this.notFound(res, name);
    return clone(o) as T;
  }

  async list<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts: ListOptions & SharedReadOnly = {}): Promise<KubeList<T>> {
    const res = this.info(gvr);
    this.record({ verb: 'list', resource: res.resource, namespace });
    const match = this.matcher(opts);
    const items = [...this.bucket(res).values()].filter((o) => (!namespace || o.metadata.namespace === namespace) && match(o));
    // Shared objects are frozen, as the in-process client's are: a caller that changes one fails here too.
    const out = (o: KubeObject) => (opts.sharedReadOnly ? cacheCopy(o) : clone(o)) as T;
    return { apiVersion: apiVersionOf(res), kind: res.listKind, metadata: { resourceVersion: String(this.rv) }, items: items.map(out) };
  }

  async create<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, _opts?: WriteOptions): Promise<T> {
    const res = this.info(gvr);
    this.record({ verb: 'create', resource: res.resource, namespace, name: obj.metadata?.name, body: obj });
    return this.doCreate(res, namespace, obj) as T;
  }

  async update<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, _opts?: WriteOptions): Promise<T> {
    const res = this.info(gvr);
    this.record({ verb: 'update', resource: res.resource, namespace, name: obj.metadata.name, body: obj });
    return this.doUpdate(res, namespace, obj, false) as T;
  }

  async updateStatus<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, _opts?: WriteOptions): Promise<T> {
    const res = this.info(gvr);
    this.record({ verb: 'updateStatus', resource: res.resource, namespace, name: obj.metadata.name, subresource: 'status', body: obj });
    return this.doUpdate(res, namespace, obj, true) as T;
  }

  async patch<T extends KubeObject>(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts?: WriteOptions & { subresource?: string },
  ): Promise<T> {
    const res = this.info(gvr);
    this.record({ verb: 'patch', resource: res.resource, namespace, name, subresource: opts?.subresource, body: patch });
    if (patchType === 'application/json-patch+json' || patchType === 'application/apply-patch+yaml') {
      throw status(415, 'UnsupportedMediaType', `the fake client does not support ${patchType}`);
    }
    const cur = this.bucket(res).get(this.key(res, namespace, name));
    if (!cur) throw this.notFound(res, name);
    const next = mergePatch(clone(cur), patch) as KubeObject;
    next.metadata.resourceVersion = cur.metadata.resourceVersion;
    return this.doUpdate(res, namespace, next, opts?.subresource === 'status') as T;
  }

  async delete(gvr: GroupVersionResource, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<KubeObject | Status> {
    const res = this.info(gvr);
    this.record({ verb: 'delete', resource: res.resource, namespace, name, body: opts });
    const k = this.key(res, namespace, name);
    const cur = this.bucket(res).get(k);
    if (!cur) throw this.notFound(res, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== cur.metadata.uid) {
      throw status(409, 'Conflict', `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    const next = clone(cur);
    if (this.opts.gracefulPodDeletion && res.resource === 'pods') {
      const spec = cur.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
      const grace = opts.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30;
      if (spec?.nodeName && grace > 0) {
        if (cur.metadata.deletionTimestamp) return clone(cur);
        next.metadata.deletionTimestamp = new Date(this.now()).toISOString();
        next.metadata.deletionGracePeriodSeconds = grace;
        return this.store(res, k, next, 'MODIFIED', cur);
      }
    }
    const fin = new Set(next.metadata.finalizers ?? []);
    if (opts.propagationPolicy === 'Foreground') fin.add('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan') fin.add('orphan');
    // A namespace is held by its spec.finalizers ('kubernetes') until the namespace controller empties it.
    const nsHeld = res.resource === 'namespaces' && ((next.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
    if (nsHeld) next.status = { ...(next.status as object | undefined), phase: 'Terminating' };
    if (fin.size === 0 && !nsHeld) return this.remove(res, k, next);
    if (fin.size > 0) next.metadata.finalizers = [...fin];
    next.metadata.deletionTimestamp ??= new Date(this.now()).toISOString();
    next.metadata.deletionGracePeriodSeconds ??= 0;
    return this.store(res, k, next, 'MODIFIED', cur);
  }

  async createSubresource(gvr: GroupVersionResource, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<KubeObject | Status> {
    const res = this.info(gvr);
    this.record({ verb: 'createSubresource', resource: res.resource, namespace, name, subresource, body });
    if (res.resource !== 'pods' || subresource !== 'binding') throw status(404, 'NotFound', `the server could not find the requested resource`);
    const k = this.key(res, namespace, name);
    const cur = this.bucket(res).get(k);
    if (!cur) throw this.notFound(res, name);
    const b = body as { metadata?: { annotations?: Record<string, string> }; target?: { name?: string } };
    const pod = clone(cur) as KubeObject & { spec: { nodeName?: string }; status?: { conditions?: { type: string; status: string }[] } };
    if (pod.spec.nodeName) throw status(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    if (pod.metadata.deletionTimestamp) throw status(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`);
    pod.spec.nodeName = b.target?.name;
    // As Kubernetes does, the binding's annotations are copied onto the pod.
    if (b.metadata?.annotations) pod.metadata.annotations = { ...pod.metadata.annotations, ...b.metadata.annotations };
    pod.status ??= {};
    pod.status.conditions = [...(pod.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True' }];
    this.store(res, k, pod, 'MODIFIED', cur);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  }

  async watch<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts: WatchOptions & SharedReadOnly, cb: WatchCallbacks<T>): Promise<WatchSubscription> {
    const res = this.info(gvr);
    this.record({ verb: 'watch', resource: res.resource, namespace });
    const match = this.matcher(opts);
    const shared = opts.sharedReadOnly
      ? { onEvent: (ev: WatchEvent<T | Status>) => cb.onEvent(ev.type === 'ERROR' ? ev : { type: ev.type, object: cacheCopy(ev.object) }), onClose: () => cb.onClose?.() }
      : cb;
    const w: Watcher = {
      res,
      namespace,
      matches: (o) => (!namespace || o.metadata.namespace === namespace) && match(o),
      cb: shared as unknown as WatchCallbacks<KubeObject>,
      active: true,
    };
    const from = opts.resourceVersion && opts.resourceVersion !== '0' ? Number(opts.resourceVersion) : undefined;
    if (from !== undefined && from < this.compactedRv) {
      this.enqueue(() => {
        if (!w.active) return;
        w.cb.onEvent({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 410, reason: 'Expired', message: `too old resource version: ${from} (${this.compactedRv})` } });
        w.active = false;
        w.cb.onClose?.();
      });
      return { stop: () => (w.active = false) };
    }
    // Replay before registering, all inside the ordered delivery queue, so no event is lost or doubled.
    const replay: WatchEvent[] =
      from === undefined
        ? [...this.bucket(res).values()].filter(w.matches).map((o) => ({ type: 'ADDED' as const, object: clone(o) }))
        : this.history.filter((h) => h.resource === res.resource && h.rv > from).flatMap((h) => this.translate(w, h));
    for (const ev of replay) this.enqueue(() => w.active && w.cb.onEvent(ev));
    this.watchers.add(w);
    return { stop: () => { w.active = false; this.watchers.delete(w); } };
  }

  // ---- internals

  private info(gvr: GroupVersionResource): ResourceInfo {
    const r = findResource(gvr.group, gvr.version, gvr.resource);
    if (!r) throw status(404, 'NotFound', `the server could not find the requested resource (${gvr.resource})`);
    return r;
  }

  private bucket(res: ResourceInfo): Map<string, KubeObject> {
    let b = this.objects.get(res.resource);
    if (!b) this.objects.set(res.resource, (b = new Map()));
    return b;
  }

  private key(res: ResourceInfo, namespace: string | undefined, name: string): string {
    return res.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  private notFound(res: ResourceInfo, name: string): ApiError {
    const plural = res.group ? `${res.resource}.${res.group}` : res.resource;
    return status(404, 'NotFound', `${plural} "${name}" not found`, { name, group: res.group, kind: res.resource });
  }

  private matcher(opts: ListOptions): (o: KubeObject) => boolean {
    const l = parseLabelSelector(opts.labelSelector);
    const f = parseFieldSelector(opts.fieldSelector);
    return (o) => l(o.metadata.labels) && f(o);
  }

  private record(a: FakeAction): void {
    this.actions.push(a);
    const i = this.failures.findIndex((f) => f.verb === a.verb && (!f.resource || f.resource === a.resource));
    if (i >= 0) {
      const f = this.failures[i]!;
      if (--f.times <= 0) this.failures.splice(i, 1);
      throw f.err;
    }
  }

  private doCreate(res: ResourceInfo, namespace: string | undefined, obj: KubeObject): KubeObject {
    const o = clone(obj);
    o.metadata ??= {};
    if (res.namespaced) o.metadata.namespace = namespace ?? o.metadata.namespace ?? 'default';
    else delete o.metadata.namespace;
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = o.metadata.generateName + randomUUID().replace(/-/g, '').slice(0, 5);
    if (!o.metadata.name) throw status(422, 'Invalid', `${res.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    const k = this.key(res, o.metadata.namespace, o.metadata.name);
    if (this.bucket(res).has(k)) {
      const plural = res.group ? `${res.resource}.${res.group}` : res.resource;
      throw status(409, 'AlreadyExists', `${plural} "${o.metadata.name}" already exists`, { name: o.metadata.name, group: res.group, kind: res.resource });
    }
    o.apiVersion = apiVersionOf(res);
    o.kind = res.kind;
    o.metadata.uid = randomUUID();
    o.metadata.creationTimestamp ??= new Date(this.now()).toISOString();
    o.metadata.generation = 1;
    delete o.metadata.deletionTimestamp;
    return this.store(res, k, o, 'ADDED');
  }

  private doUpdate(res: ResourceInfo, namespace: string | undefined, obj: KubeObject, statusOnly: boolean): KubeObject {
    const name = obj.metadata.name ?? '';
    const k = this.key(res, namespace, name);
    const cur = this.bucket(res).get(k);
    if (!cur) throw this.notFound(res, name);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      const plural = res.group ? `${res.resource}.${res.group}` : res.resource;
      throw status(409, 'Conflict', `Operation cannot be fulfilled on ${plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    const hasStatus = res.subresources.some((s) => s.name === 'status');
    let next: KubeObject;
    if (statusOnly) {
      next = { ...clone(cur), status: clone(obj.status) };
    } else {
      next = clone(obj);
      next.apiVersion = cur.apiVersion;
      next.kind = cur.kind;
      if (hasStatus) next.status = clone(cur.status);
      // System fields are not the client's to change.
      next.metadata.uid = cur.metadata.uid;
      next.metadata.creationTimestamp = cur.metadata.creationTimestamp;
      next.metadata.namespace = cur.metadata.namespace;
      next.metadata.generation = cur.metadata.generation;
      if (cur.metadata.deletionTimestamp) next.metadata.deletionTimestamp = cur.metadata.deletionTimestamp;
      else delete next.metadata.deletionTimestamp;
      if (specOf(next) !== specOf(cur)) next.metadata.generation = (cur.metadata.generation ?? 1) + 1;
    }
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      const nsFinalizers = res.resource === 'namespaces' ? ((next.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []) : [];
      if (nsFinalizers.length === 0) return this.remove(res, k, next);
    }
    return this.store(res, k, next, 'MODIFIED', cur);
  }

  private remove(res: ResourceInfo, k: string, last: KubeObject): KubeObject {
    const o = clone(last);
    o.metadata.resourceVersion = String(++this.rv);
    this.bucket(res).delete(k);
    this.emit({ resource: res.resource, rv: this.rv, type: 'DELETED', object: o });
    return clone(o);
  }

  private store(res: ResourceInfo, k: string, o: KubeObject, type: WatchEventType, old?: KubeObject): KubeObject {
    o.metadata.resourceVersion = String(++this.rv);
    this.bucket(res).set(k, o);
    if (res.resource === 'pods' && o.status) {
      const h = this.statusHistory.get(k) ?? [];
      h.push(clone(o.status));
      this.statusHistory.set(k, h);
    }
    this.emit({ resource: res.resource, rv: this.rv, type, object: clone(o), old });
    return clone(o);
  }

  private translate(w: Watcher, h: HistoryEntry): WatchEvent[] {
    const now = w.matches(h.object);
    if (h.type !== 'MODIFIED') return now ? [{ type: h.type, object: clone(h.object) }] : [];
    const before = h.old ? w.matches(h.old) : true;
    if (now && before) return [{ type: 'MODIFIED', object: clone(h.object) }];
    if (now) return [{ type: 'ADDED', object: clone(h.object) }];
    if (before) return [{ type: 'DELETED', object: clone(h.object) }];
    return [];
  }

  private emit(h: HistoryEntry): void {
    this.history.push(h);
    if (this.history.length > 100_000) this.history.splice(0, 50_000);
    for (const w of this.watchers) {
      if (w.res.resource !== h.resource) continue;
      for (const ev of this.translate(w, h)) this.enqueue(() => w.active && w.cb.onEvent(ev));
    }
  }

  private endWatch(w: Watcher): void {
    this.watchers.delete(w);
    this.enqueue(() => {
      if (!w.active) return;
      w.active = false;
      w.cb.onClose?.();
    });
  }

  /** holdWatches delays watch delivery (a lagging cache) until releaseWatches. */
  holdWatches(): void {
    this.held = true;
  }

  /** releaseWatches delivers what holdWatches kept back, in order. */
  releaseWatches(): void {
    this.held = false;
    if (this.pending.length > 0 && !this.flushing) {
      const fns = this.pending.splice(0);
      for (const fn of fns) this.enqueue(fn);
    }
  }

  /** Watch delivery is asynchronous and ordered, as over a real connection. */
  private enqueue(fn: () => void): void {
    this.pending.push(fn);
    if (this.flushing || this.held) return;
    this.flushing = true;
    queueMicrotask(() => {
      try {
        for (let i = 0; i < this.pending.length; i++) {
          try {
            this.pending[i]!();
          } catch (err) {
            console.error('fake client: watch callback threw', err);
          }
        }
      } finally {
        this.pending.length = 0;
        this.flushing = false;
      }
    });
  }
}
