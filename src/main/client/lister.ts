/**
 * The informer's cache: objects by `namespace/name` key with secondary
 * indexes (namespace always; custom ones such as pods by node name or objects
 * by owner uid), and a read-only Lister view for controllers. Objects handed
 * out are the cache's own and must be treated as read-only: clone before change.
 */
import type { KubeObject } from '../../shared/api/meta';

/** IndexFunc maps an object to the index values it is filed under. */
export type IndexFunc<T> = (obj: Readonly<T>) => string[];

/** NAMESPACE_INDEX is the index every cache has. */
export const NAMESPACE_INDEX = 'namespace';
/** OWNER_UID_INDEX files objects under each owner's uid. */
export const OWNER_UID_INDEX = 'ownerUid';

/** objectKey is the cache key: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : (obj.metadata.name ?? '');
}

/** splitKey splits a cache key into namespace ('' when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** ownerUidIndex is an IndexFunc filing an object under its owners' uids. */
export const ownerUidIndex: IndexFunc<KubeObject> = (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid);

/** Indexer stores objects by key and keeps its indexes current. */
export class Indexer<T extends KubeObject> {
  private readonly items = new Map<string, Readonly<T>>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexers({ [NAMESPACE_INDEX]: (o) => [o.metadata.namespace ?? ''], ...indexers });
  }

  /** addIndexers adds indexes, filing the objects already stored. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) continue;
      this.indexers.set(name, fn);
      const idx = new Map<string, Set<string>>();
      this.indices.set(name, idx);
      for (const [k, o] of this.items) for (const v of fn(o)) addTo(idx, v, k);
    }
  }

  /** upsert stores obj and returns the object it replaced. */
  upsert(obj: Readonly<T>): Readonly<T> | undefined {
    const k = objectKey(obj);
    const old = this.items.get(k);
    if (old) this.unindex(k, old);
    this.items.set(k, obj);
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      for (const v of fn(obj)) addTo(idx, v, k);
    }
    return old;
  }

  /** remove drops the object under key and returns it. */
  remove(key: string): Readonly<T> | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  get(key: string): Readonly<T> | undefined {
    return this.items.get(key);
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  values(): IterableIterator<Readonly<T>> {
    return this.items.values();
  }

  get size(): number {
    return this.items.size;
  }

  /** byIndex returns the objects filed under value in the named index. */
  byIndex(index: string, value: string): Readonly<T>[] {
    const idx = this.indices.get(index);
    if (!idx) throw new Error(`no index named ${index}`);
    const keys = idx.get(value);
    if (!keys) return [];
    const out: Readonly<T>[] = [];
    for (const k of keys) {
      const o = this.items.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  private unindex(k: string, old: Readonly<T>): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      for (const v of fn(old)) {
        const s = idx.get(v);
        if (!s) continue;
        s.delete(k);
        if (s.size === 0) idx.delete(v);
      }
    }
  }
}

function addTo(idx: Map<string, Set<string>>, v: string, k: string): void {
  let s = idx.get(v);
  if (!s) idx.set(v, (s = new Set()));
  s.add(k);
}

/** Lister is the read-only view of an informer's cache that controllers use. */
export class Lister<T extends KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** get returns the cached object or undefined. namespace is ignored for cluster-scoped objects ('' or undefined). */
  get(namespace: string | undefined, name: string): Readonly<T> | undefined {
    return this.indexer.get(namespace ? `${namespace}/${name}` : name);
  }

  /** getByKey returns the cached object for a `namespace/name` key. */
  getByKey(key: string): Readonly<T> | undefined {
    return this.indexer.get(key);
  }

  /** list returns cached objects, optionally in one namespace and filtered. */
  list(namespace?: string, filter?: (o: Readonly<T>) => boolean): Readonly<T>[] {
    const src = namespace ? this.indexer.byIndex(NAMESPACE_INDEX, namespace) : [...this.indexer.values()];
    return filter ? src.filter(filter) : src;
  }

  /** byIndex returns the objects filed under value in a custom index. */
  byIndex(index: string, value: string): Readonly<T>[] {
    return this.indexer.byIndex(index, value);
  }
}
