/**
 * ObjectCodec: how one resource's objects are stored and read back. The
 * stored JSON carries no resourceVersion (it is the key's mod revision);
 * decoded objects get apiVersion and kind first, as the API serialises them,
 * and are cached per stored revision so every watcher shares one decode.
 */
import type { KubeObject } from '../../../shared/api/meta';
import type { KeyValue } from '../../storage/types';

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON_CACHE_MAX bounds the per-resource cache of serialised objects. */
const JSON_CACHE_MAX = 100_000;

/** rfc3339 formats a time as Kubernetes' metav1.Time (seconds precision, UTC). */
export function rfc3339(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** randomSuffix is the 5-character suffix generateName appends (k8s' SimpleNameGenerator alphabet). */
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += GENERATE_NAME_ALPHABET[Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)];
  return s;
}

/** isPlainObject reports whether v is a JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** clone deep-copies a JSON value. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * omitEmptyMetadata drops empty labels, annotations, owner references and
 * finalizers, as Kubernetes' `omitempty` does: `annotations: {}` left by a
 * patch that removed the last key (kubectl diff and apply send exactly that)
 * would otherwise show as a difference that is not one.
 */
export function omitEmptyMetadata(meta: Record<string, unknown>): void {
  for (const f of ['labels', 'annotations'] as const) if (isPlainObject(meta[f]) && Object.keys(meta[f]).length === 0) delete meta[f];
  for (const f of ['ownerReferences', 'finalizers'] as const) if (Array.isArray(meta[f]) && meta[f].length === 0) delete meta[f];
}

/** ObjectCodec encodes and decodes one kind's stored objects. */
export class ObjectCodec {
  /**
   * Decoded objects per stored revision (the KeyValue the store hands every
   * watcher of an event): decoded once, shared read-only by every watcher.
   */
  private readonly decoded = new WeakMap<KeyValue, KubeObject>();
  /** Serialised JSON per key at its last revision served, for lists, while no watch cache runs (see jsonOf). */
  private readonly jsonCache = new Map<string, { rev: number; json: string }>();

  constructor(
    private readonly apiVersion: string,
    private readonly kind: string,
  ) {}

  /** withTypeMeta returns obj with apiVersion and kind first, as the API serialises them. */
  withTypeMeta(obj: KubeObject): KubeObject {
    const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
    return { apiVersion: this.apiVersion, kind: this.kind, metadata, ...rest };
  }

  /** decode returns the object a stored KeyValue holds (shared, read-only). */
  decode(kv: KeyValue): KubeObject {
    const hit = this.decoded.get(kv);
    if (hit) return hit;
    const obj = this.decodeFresh(kv);
    this.decoded.set(kv, obj);
    return obj;
  }

  /** hasJson tells whether the JSON of kv's key at kv's revision is cached (a list may then skip reading its value). */
  hasJson(kv: Pick<KeyValue, 'key' | 'modRevision'>): boolean {
    return this.jsonCache.get(kv.key)?.rev === kv.modRevision;
  }

  /**
   * jsonOf returns the JSON of decode(kv), from the per-key cache when the
   * revision matches; keep=false (the watch cache holds the JSON instead)
   * empties the per-key cache and keeps nothing.
   */
  jsonOf(kv: KeyValue, keep = true): string {
    const hit = this.jsonCache.get(kv.key);
    if (hit && hit.rev === kv.modRevision) return hit.json;
    const json = JSON.stringify(this.decodeFresh(kv));
    if (!keep) {
      if (this.jsonCache.size > 0) this.jsonCache.clear();
      return json;
    }
    // A bound, so deleted keys cannot pile up: start over past it.
    if (this.jsonCache.size >= JSON_CACHE_MAX) this.jsonCache.clear();
    this.jsonCache.set(kv.key, { rev: kv.modRevision, json });
    return json;
  }

  private decodeFresh(kv: KeyValue): KubeObject {
    const obj = JSON.parse(kv.value) as KubeObject;
    obj.metadata ??= {};
    obj.metadata.resourceVersion = String(kv.modRevision);
    return this.withTypeMeta(obj);
  }

  /** encode is the stored JSON of obj. */
  encode(obj: KubeObject): string {
    const o = this.withTypeMeta(obj);
    const meta = { ...o.metadata };
    // The revision is the key's mod revision; storing it would only go stale.
    delete meta.resourceVersion;
    return JSON.stringify({ ...o, metadata: meta });
  }
}
