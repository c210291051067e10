/**
 * FakeApiClient: a small in-memory ApiClient for kubelet tests until the real
 * in-process client exists. It keeps what the kubelet relies on: resourceVersion
 * CAS (409 Conflict), status-only updates, equality field/label selectors,
 * watches with ADDED/MODIFIED/DELETED, graceful pod deletion (deletionTimestamp
 * first when the pod is bound to a node and the grace period is non-zero).
 */
import { randomUUID } from 'node:crypto';
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '../../../shared/api/meta';
import type { GroupVersionResource } from '../../../shared/api/resources';
import { ApiError } from '../../../shared/errors';
import type { ApiClient, ListOptions, PatchType, WatchCallbacks, WatchOptions, WatchSubscription, WriteOptions } from '../../client/types';

function status(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
}

function key(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.resource}`;
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** matchesSelectors evaluates equality-only field and label selectors ("a=b,c!=d"). */
export function matchesSelectors(obj: KubeObject, opts: ListOptions = {}): boolean {
  const check = (sel: string | undefined, get: (k: string) => unknown) => {
    if (!sel) return true;
    return sel.split(',').every((term) => {
      const neg = term.includes('!=');
      const [k, v] = term.split(neg ? '!=' : term.includes('==') ? '==' : '=').map((s) => s.trim());
      const actual = get(k ?? '');
      const val = actual === undefined ? '' : String(actual);
      return neg ? val !== v : val === v;
    });
  };
  return check(opts.fieldSelector, (k) => getPath(obj, k)) && check(opts.labelSelector, (k) => obj.metadata.labels?.[k]);
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

interface Watcher {
  gvr: string;
  namespace: string | undefined;
  opts: WatchOptions;
  cb: WatchCallbacks<KubeObject>;
}

/** FakeApiClient is an in-memory ApiClient; `objects` may be inspected directly by tests. */
export class FakeApiClient implements ApiClient {
  private rv = 1;
  readonly objects = new Map<string, Map<string, KubeObject>>();
  private watchers = new Set<Watcher>();
  /** Every patch body, in order, with its target — for asserting annotations written in passing. */
  readonly patches: { resource: string; name: string; patch: unknown }[] = [];
  /** Every status written, in order, per "ns/name" (pods only) — for asserting transitions. */
  readonly statusHistory = new Map<string, unknown[]>();

  private bucket(gvr: GroupVersionResource): Map<string, KubeObject> {
    let b = this.objects.get(key(gvr));
    if (!b) this.objects.set(key(gvr), (b = new Map()));
    return b;
  }

  private emit(gvr: GroupVersionResource, type: WatchEvent['type'], obj: KubeObject): void {
    for (const w of this.watchers) {
      if (w.gvr !== key(gvr)) continue;
      if (w.namespace && w.namespace !== obj.metadata.namespace) continue;
      if (!matchesSelectors(obj, w.opts)) continue;
      w.cb.onEvent({ type, object: structuredClone(obj) });
    }
  }

  private store(gvr: GroupVersionResource, obj: KubeObject): KubeObject {
    obj.metadata.resourceVersion = String(++this.rv);
    this.bucket(gvr).set(`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, obj);
    if (gvr.resource === 'pods' && obj.status) {
      const k = `${obj.metadata.namespace}/${obj.metadata.name}`;
      const h = this.statusHistory.get(k) ?? [];
      h.push(structuredClone(obj.status));
      this.statusHistory.set(k, h);
    }
    return structuredClone(obj);
  }

  async get<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, name: string): Promise<T> {
    const o = this.bucket(gvr).get(`${namespace ?? ''}/${name}`);
    if (!o) throw new ApiError(status(404, 'NotFound', `${gvr.resource} "${name}" not found`));
    return structuredClone(o) as T;
  }

  async list<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts?: ListOptions): Promise<KubeList<T>> {
    const items = [...this.bucket(gvr).values()].filter((o) => (!namespace || o.metadata.namespace === namespace) && matchesSelectors(o, opts));
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(this.rv) }, items: structuredClone(items) as T[] };
  }

  async create<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T, _opts?: WriteOptions): Promise<T> {
    const o = structuredClone(obj) as KubeObject;
    o.metadata = { ...o.metadata };
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = o.metadata.generateName + randomUUID().slice(0, 5);
    if (namespace) o.metadata.namespace = namespace;
    const k = `${namespace ?? ''}/${o.metadata.name}`;
    if (this.bucket(gvr).has(k)) throw new ApiError(status(409, 'AlreadyExists', `${gvr.resource} "${o.metadata.name}" already exists`));
    o.metadata.uid ??= randomUUID();
    o.metadata.creationTimestamp ??= new Date().toISOString();
    const saved = this.store(gvr, o);
    this.emit(gvr, 'ADDED', saved);
    return saved as T;
  }

  private replace(gvr: GroupVersionResource, namespace: string | undefined, obj: KubeObject, statusOnly: boolean): KubeObject {
    const k = `${namespace ?? ''}/${obj.metadata.name}`;
    const cur = this.bucket(gvr).get(k);
    if (!cur) throw new ApiError(status(404, 'NotFound', `${gvr.resource} "${obj.metadata.name}" not found`));
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      throw new ApiError(status(409, 'Conflict', `Operation cannot be fulfilled on ${gvr.resource} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`));
    }
    const next: KubeObject = statusOnly ? { ...structuredClone(cur), status: structuredClone(obj.status) } : { ...structuredClone(obj), status: structuredClone(cur.status) };
    if (!statusOnly) next.metadata = { ...obj.metadata, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp, deletionTimestamp: cur.metadata.deletionTimestamp };
    const saved = this.store(gvr, next);
    this.emit(gvr, 'MODIFIED', saved);
    return saved;
  }

  async update<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T): Promise<T> {
    return this.replace(gvr, namespace, obj, false) as T;
  }

  async updateStatus<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, obj: T): Promise<T> {
    return this.replace(gvr, namespace, obj, true) as T;
  }

  async patch<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, name: string, patchType: PatchType, patch: unknown, opts?: WriteOptions & { subresource?: string }): Promise<T> {
    if (patchType !== 'application/merge-patch+json' && patchType !== 'application/strategic-merge-patch+json') throw new Error(`fake client: unsupported patch type ${patchType}`);
    this.patches.push({ resource: gvr.resource, name, patch: structuredClone(patch) });
    const cur = await this.get<KubeObject>(gvr, namespace, name);
    const merged = mergePatch(cur, patch) as KubeObject;
    merged.metadata.resourceVersion = cur.metadata.resourceVersion;
    return this.replace(gvr, namespace, merged, opts?.subresource === 'status') as T;
  }

  async delete(gvr: GroupVersionResource, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<KubeObject | Status> {
    const k = `${namespace ?? ''}/${name}`;
    const cur = this.bucket(gvr).get(k);
    if (!cur) throw new ApiError(status(404, 'NotFound', `${gvr.resource} "${name}" not found`));
    if (opts?.preconditions?.uid && opts.preconditions.uid !== cur.metadata.uid) throw new ApiError(status(409, 'Conflict', 'Precondition failed: UID in precondition does not match'));
    const spec = cur.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
    const grace = opts?.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30;
    if (gvr.resource === 'pods' && spec?.nodeName && grace > 0) {
      if (!cur.metadata.deletionTimestamp) {
        const next = structuredClone(cur);
        next.metadata.deletionTimestamp = new Date().toISOString();
        next.metadata.deletionGracePeriodSeconds = grace;
        const saved = this.store(gvr, next);
        this.emit(gvr, 'MODIFIED', saved);
        return saved;
      }
      return structuredClone(cur);
    }
    this.bucket(gvr).delete(k);
    const gone = structuredClone(cur);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit(gvr, 'DELETED', gone);
    return gone;
  }

  async createSubresource(gvr: GroupVersionResource, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<KubeObject | Status> {
    if (gvr.resource === 'pods' && subresource === 'binding') {
      const cur = await this.get<KubeObject>(gvr, namespace, name);
      (cur.spec as { nodeName?: string }).nodeName = (body as { target: { name: string } }).target.name;
      return this.replace(gvr, namespace, cur, false);
    }
    throw new Error(`fake client: unsupported subresource ${subresource}`);
  }

  async watch<T extends KubeObject>(gvr: GroupVersionResource, namespace: string | undefined, opts: WatchOptions, cb: WatchCallbacks<T>): Promise<WatchSubscription> {
    const w: Watcher = { gvr: key(gvr), namespace, opts, cb: cb as unknown as WatchCallbacks<KubeObject> };
    this.watchers.add(w);
    if (opts.sendInitialEvents || !opts.resourceVersion || opts.resourceVersion === '0') {
      for (const o of (await this.list(gvr, namespace, opts)).items) cb.onEvent({ type: 'ADDED', object: o as T });
    }
    return {
      stop: () => {
        if (this.watchers.delete(w)) w.cb.onClose?.();
      },
    };
  }
}
