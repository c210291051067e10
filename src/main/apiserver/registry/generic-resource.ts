/**
 * GenericResource: the REST storage every resource shares (Kubernetes'
 * genericregistry.Store), over the revisioned Store. Keys are
 * `/registry/<group|core>/<resource>/<namespace>/<name>` (cluster-scoped:
 * no namespace segment); an object's resourceVersion is its key's mod
 * revision. What differs per resource comes from its Strategy.
 */
import { randomUUID } from 'node:crypto';
import type { KubeList, KubeObject, Status, Table, WatchEvent } from '../../../shared/api/meta';
import { apiVersionOf, type ResourceInfo } from '../../../shared/api/resources';
import type { Scale } from '../../../shared/api/apps';
import { ApiError } from '../../../shared/errors';
import {
  AlreadyExistsError,
  CompactedError,
  ConflictError,
  NotFoundError,
  type KeyValue,
  type Store,
  type StoreEvent,
  type Watcher,
} from '../../storage/types';
import { yieldToLoop } from '../../event-loop/loop-budget';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../patch';
import { labelSelectorString, parseFieldSelector, parseLabelSelector, type FieldSelectorMatcher, type LabelSelectorMatcher } from '../selectors';
import {
  EXPIRED_CONTINUE,
  badRequest,
  alreadyExists,
  conflict,
  expired,
  forbidden,
  forbiddenField,
  formatValue,
  invalid,
  invalidValue,
  notFound,
  apiError,
  successStatus,
  tooOldResourceVersion,
  type FieldError,
  type GroupResource,
} from '../status';
import { buildTable } from '../table/printer';
import { decodeContinue, encodeContinue } from './continue-token';
import { inspectFields, type FieldSchema } from './schema';
import type { ObjectUpdater, Strategy, StrategyContext } from './strategy';
import type {
  ListOptions,
  PatchType,
  RegistryDeleteOptions,
  Resource,
  WatchHandle,
  WatchOptions,
  WatchSink,
  WriteOptions,
} from './types';
import { deepEqual, validateImmutable, validateObjectMeta } from './validation';

/** GenericResourceOptions wire a GenericResource. */
export interface GenericResourceOptions {
  store: Store;
  info: ResourceInfo;
  strategy: Strategy;
  clock: () => Date;
  context: StrategyContext;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK (default 10 s). */
  bookmarkIntervalMs?: number;
}

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_UPDATE_ATTEMPTS = 20;

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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * omitEmptyMetadata drops empty labels, annotations, owner references and
 * finalizers, as Kubernetes' `omitempty` does: `annotations: {}` left by a
 * patch that removed the last key (kubectl diff and apply send exactly that)
 * would otherwise show as a difference that is not one.
 */
function omitEmptyMetadata(meta: Record<string, unknown>): void {
  for (const f of ['labels', 'annotations'] as const) if (isPlainObject(meta[f]) && Object.keys(meta[f]).length === 0) delete meta[f];
  for (const f of ['ownerReferences', 'finalizers'] as const) if (Array.isArray(meta[f]) && meta[f].length === 0) delete meta[f];
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** removeFields deletes the fields at the given paths (as inspectFields reports their segments) from value. */
function removeFields(value: unknown, paths: readonly (string | number)[][]): void {
  for (const path of paths) {
    let cur: unknown = value;
    for (let i = 0; i < path.length - 1 && cur !== undefined && cur !== null; i++) {
      cur = (cur as Record<string | number, unknown>)[path[i]!];
    }
    const last = path[path.length - 1];
    if (isPlainObject(cur) && typeof last === 'string') delete cur[last];
  }
}

/** GenericResource implements Resource for one kind over the Store. */
/** JSON_CACHE_MAX bounds the per-resource cache of serialised objects. */
const JSON_CACHE_MAX = 100_000;

export class GenericResource implements Resource, ObjectUpdater {
  readonly info: ResourceInfo;
  private readonly store: Store;
  private readonly strategy: Strategy;
  private readonly clock: () => Date;
  private readonly ctx: StrategyContext;
  private readonly base: string;
  private readonly gr: GroupResource;
  private readonly apiVersion: string;
  private readonly hasStatus: boolean;
  private readonly bookmarkIntervalMs: number;
  /**
   * Decoded objects per stored revision (the KeyValue the store hands every
   * watcher of an event): decoded once, shared read-only by every watcher.
   */
  private readonly decoded = new WeakMap<KeyValue, KubeObject>();
  /** Serialised JSON per key at its last revision served, for lists (see listJson). */
  private readonly jsonCache = new Map<string, { rev: number; json: string }>();
  private readonly selectableFields: string[];

  constructor(opts: GenericResourceOptions) {
    this.info = opts.info;
    this.store = opts.store;
    this.strategy = opts.strategy;
    this.clock = opts.clock;
    this.ctx = opts.context;
    this.base = `/registry/${opts.info.group || 'core'}/${opts.info.resource}/`;
    this.gr = { group: opts.info.group, resource: opts.info.resource };
    this.apiVersion = apiVersionOf(opts.info);
    this.hasStatus = opts.info.subresources.some((s) => s.name === 'status');
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 10_000;
    this.selectableFields = ['metadata.name', 'metadata.namespace', ...Object.keys(opts.strategy.fieldSelectors ?? {})];
  }

  // ---- keys and (de)serialisation ----

  /** keyPrefix is the store prefix of the collection (within namespace ns when given). */
  keyPrefix(ns?: string): string {
    return this.info.namespaced && ns ? `${this.base}${ns}/` : this.base;
  }

  private key(ns: string | undefined, name: string): string {
    if (this.info.namespaced) {
      if (!ns) throw badRequest('a namespace is required for a namespaced resource');
      return `${this.base}${ns}/${name}`;
    }
    return `${this.base}${name}`;
  }

  private namespaceFor(ns: string | undefined): string | undefined {
    return this.info.namespaced ? ns : undefined;
  }

  /** withTypeMeta returns obj with apiVersion and kind first, as the API serialises them. */
  private withTypeMeta(obj: KubeObject): KubeObject {
    const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
    return { apiVersion: this.apiVersion, kind: this.info.kind, metadata, ...rest };
  }

  private decode(kv: KeyValue): KubeObject {
    const hit = this.decoded.get(kv);
    if (hit) return hit;
    const obj = this.decodeFresh(kv);
    this.decoded.set(kv, obj);
    return obj;
  }

  /** jsonOf returns the JSON of decode(kv), from the per-key cache when the revision matches. */
  private jsonOf(kv: KeyValue): string {
    const hit = this.jsonCache.get(kv.key);
    if (hit && hit.rev === kv.modRevision) return hit.json;
    const json = JSON.stringify(this.decodeFresh(kv));
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

  private encode(obj: KubeObject): string {
    const o = this.withTypeMeta(obj);
    const meta = { ...o.metadata };
    // The revision is the key's mod revision; storing it would only go stale.
    delete meta.resourceVersion;
    return JSON.stringify({ ...o, metadata: meta });
  }

  private fieldsOf(obj: KubeObject): Record<string, string> {
    const f: Record<string, string> = {
      'metadata.name': obj.metadata.name ?? '',
      'metadata.namespace': obj.metadata.namespace ?? '',
    };
    for (const [k, get] of Object.entries(this.strategy.fieldSelectors ?? {})) f[k] = get(obj) ?? '';
    return f;
  }

  /** matcher compiles the selectors of opts; undefined means everything matches. */
  private matcher(opts: ListOptions): ((obj: KubeObject) => boolean) | undefined {
    const label: LabelSelectorMatcher = parseLabelSelector(opts.labelSelector);
    const field: FieldSelectorMatcher = parseFieldSelector(opts.fieldSelector, this.selectableFields);
    if (label.empty && field.empty) return undefined;
    return (obj) => label.matches(obj.metadata.labels) && field.matches(this.fieldsOf(obj));
  }

  // ---- input decoding and field validation ----

  /**
   * decodeInput checks a request body is an object of this kind and applies
   * fieldValidation: Strict refuses unknown fields (400, as the strict
   * decoder), Warn reports them, Ignore drops them silently. Unknown fields
   * are dropped in every mode, as Kubernetes' typed decoding does.
   */
  private decodeInput(body: unknown, opts: WriteOptions, schema: FieldSchema = this.strategy.schema, kind = this.info.kind, version = this.info.version): KubeObject {
    if (!isPlainObject(body)) {
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: the request body must be a JSON object, got ${formatValue(body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body)}`);
    }
    const obj = clone(body) as KubeObject;
    this.checkTypeMeta(obj, kind, version);
    if (obj.metadata !== undefined && !isPlainObject(obj.metadata)) {
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${Array.isArray(obj.metadata) ? 'array' : typeof obj.metadata} into Go struct field ${kind}.metadata of type v1.ObjectMeta`);
    }
    obj.metadata ??= {};
    this.applyFieldValidation(obj, opts, schema, kind, version);
    return obj;
  }

  private checkTypeMeta(obj: KubeObject, kind: string, version: string): void {
    const expectedApiVersion = kind === 'Scale' ? 'autoscaling/v1' : this.apiVersion;
    if (obj.apiVersion !== undefined && obj.apiVersion !== expectedApiVersion) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expectedApiVersion})`);
    }
    if (obj.kind !== undefined && obj.kind !== kind) {
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: the kind in the data (${String(obj.kind)}) does not match the expected kind (${kind})`);
    }
  }

  private applyFieldValidation(obj: KubeObject, opts: WriteOptions, schema: FieldSchema, kind: string, version: string): void {
    const { unknown, unknownSegments, typeErrors } = inspectFields(obj, schema);
    if (typeErrors.length) {
      const t = typeErrors[0]!;
      const goPath = t.path.replace(/\[\d+\]/g, '');
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${t.got} into Go struct field ${kind}.${goPath} of type ${t.want}`);
    }
    if (unknown.length === 0) return;
    const mode = opts.fieldValidation ?? 'Warn';
    if (mode === 'Strict') {
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
    }
    if (mode === 'Warn') for (const f of unknown) opts.warnings?.push(`unknown field "${f}"`);
    removeFields(obj, unknownSegments);
  }

  // ---- reads ----

  /** get returns one object; 404 NotFound when absent. */
  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const ns = this.namespaceFor(namespace);
    const kv = await this.store.get(this.key(ns, name));
    if (!kv) throw notFound(this.gr, name);
    return this.decode(kv);
  }

  /**
   * list reads a consistent snapshot (the current revision, or the revision
   * a continue token carries), filtered by selectors, at most limit items.
   */
  async list(namespace: string | undefined, opts: ListOptions): Promise<KubeList> {
    const { metadata, items } = await this.collect(namespace, opts, (kv) => this.decode(kv));
    return { apiVersion: this.apiVersion, kind: this.info.listKind, metadata, items };
  }

  /**
   * listJson serialises a list without selectors from each object's JSON
   * cached per revision: no parse and no stringify for objects unchanged
   * since the last list.
   */
  async listJson(namespace: string | undefined, opts: ListOptions): Promise<string | undefined> {
    if (opts.labelSelector || opts.fieldSelector) return undefined;
    // With a store that can, read keys and revisions only, then the values of those not cached (changed since the last list).
    const valuesAt = this.store.valuesAt?.bind(this.store);
    const { metadata, items: kvs } = await this.collect(namespace, opts, (kv) => kv, false, Boolean(valuesAt));
    const misses = kvs.filter((kv) => kv.value === '' && this.jsonCache.get(kv.key)?.rev !== kv.modRevision);
    if (misses.length > 0 && valuesAt) {
      const values = await valuesAt(misses.map((kv) => kv.modRevision));
      for (const kv of misses) {
        const value = values.get(kv.modRevision);
        // Compacted away between the two reads: list afresh, with values.
        if (value === undefined) return this.listJsonWithValues(namespace, opts);
        kv.value = value;
      }
    }
    return this.listText(metadata, kvs.map((kv) => this.jsonOf(kv)));
  }

  private async listJsonWithValues(namespace: string | undefined, opts: ListOptions): Promise<string> {
    const { metadata, items } = await this.collect(namespace, opts, (kv) => this.jsonOf(kv), false);
    return this.listText(metadata, items);
  }

  private listText(metadata: KubeList['metadata'], items: string[]): string {
    const head = JSON.stringify({ apiVersion: this.apiVersion, kind: this.info.listKind, metadata });
    return `${head.slice(0, -1)},"items":[${items.join(',')}]}`;
  }

  /** collect reads a list's items as item(kv), filtered by the selectors when filter is set. */
  private async collect<I>(namespace: string | undefined, opts: ListOptions, item: (kv: KeyValue) => I, filter = true, keysOnly = false): Promise<{ metadata: KubeList['metadata']; items: I[] }> {
    const ns = this.namespaceFor(namespace);
    const prefix = this.keyPrefix(ns);
    const matches = this.matcher(opts);
    let revision: number | undefined;
    let startAfter: string | undefined;
    const fromToken = Boolean(opts.continue);
    if (opts.continue) {
      const tok = decodeContinue(opts.continue);
      revision = tok.rv;
      startAfter = prefix + tok.start;
    } else if (opts.resourceVersion && opts.resourceVersion !== '0' && opts.resourceVersionMatch === 'Exact') {
      revision = this.parseRV(opts.resourceVersion);
    } else if (opts.resourceVersion && opts.resourceVersion !== '0') {
      this.parseRV(opts.resourceVersion);
    }
    if (revision !== undefined) {
      // A revision the store has not reached yet cannot come from this server: a forged token or RV.
      const current = await this.store.currentRevision();
      if (revision > current) {
        if (fromToken) throw badRequest('continue key is not valid: the encoded resourceVersion is newer than the current one');
        throw badRequest(`Too large resource version: ${revision}, current: ${current}`);
      }
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const items: I[] = [];
    let more = false;
    let lastKey = '';
    for (;;) {
      const pageSize = limit ? Math.max(limit - items.length, 100) : 0;
      let page;
      try {
        page = await this.store.list(prefix, {
          ...(revision !== undefined ? { revision } : {}),
          ...(pageSize ? { limit: pageSize } : {}),
          ...(startAfter !== undefined ? { startAfter } : {}),
          ...(keysOnly ? { keysOnly } : {}),
        });
      } catch (err) {
        if (err instanceof CompactedError) {
          if (fromToken) throw expired(EXPIRED_CONTINUE);
          throw expired(`The resourceVersion for the provided list is too old.`);
        }
        throw err;
      }
      revision ??= page.revision;
      let i = 0;
      for (; i < page.items.length; i++) {
        const kv = page.items[i]!;
        lastKey = kv.key;
        if (!filter || !matches) items.push(item(kv));
        else if (matches(this.decode(kv))) items.push(item(kv));
        if (limit && items.length >= limit) {
          i++;
          break;
        }
      }
      if (limit && items.length >= limit) {
        more = i < page.items.length || page.more;
        break;
      }
      if (!page.more || page.items.length === 0) break;
      startAfter = lastKey;
    }
    const metadata: KubeList['metadata'] = { resourceVersion: String(revision) };
    if (more) metadata.continue = encodeContinue({ rv: revision, start: lastKey.slice(prefix.length) });
    return { metadata, items };
  }

  private parseRV(rv: string): number {
    const n = Number(rv);
    if (!/^\d+$/.test(rv) || !Number.isSafeInteger(n)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
    return n;
  }

  // ---- create ----

  /** create stores a new object: defaults, validation, namespace lifecycle, generateName. */
  async create(namespace: string | undefined, body: unknown, opts: WriteOptions): Promise<KubeObject> {
    const obj = this.decodeInput(body, opts);
    return this.createDecoded(namespace, obj, opts);
  }

  private async createDecoded(namespace: string | undefined, obj: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    const meta = obj.metadata;
    if (this.info.namespaced) {
      const ns = namespace ?? meta.namespace ?? 'default';
      if (meta.namespace && meta.namespace !== ns) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = ns;
    } else {
      delete meta.namespace;
    }
    const now = this.clock();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete (meta as Record<string, unknown>).selfLink;
    delete meta.managedFields;
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(now);
    meta.generation = 1;
    omitEmptyMetadata(meta as Record<string, unknown>);
    if (this.hasStatus && !this.strategy.keepStatusOnCreate) delete obj.status;
    this.strategy.applyDefaults?.(obj);
    await this.strategy.prepareForCreate?.(obj, this.ctx);
    const generated = !meta.name && Boolean(meta.generateName);
    if (generated) meta.name = `${meta.generateName}${randomSuffix()}`;
    try {
      return await this.storeNew(obj, opts, generated);
    } finally {
      this.strategy.afterWrite?.(obj);
    }
  }

  private async storeNew(obj: KubeObject, opts: WriteOptions, generated: boolean): Promise<KubeObject> {
    const meta = obj.metadata;
    if (this.info.namespaced && meta.namespace) await this.checkNamespaceAcceptsCreate(meta.namespace, meta.name ?? meta.generateName ?? '');
    this.validateOrThrow(obj, this.validateForCreate(obj));
    if (opts.dryRun) return this.withTypeMeta(obj);

    for (let attempt = 0; ; attempt++) {
      try {
        const kv = await this.store.create(this.key(meta.namespace, meta.name!), this.encode(obj));
        return this.decode(kv);
      } catch (err) {
        if (err instanceof AlreadyExistsError) {
          if (generated && attempt < 8) {
            meta.name = `${meta.generateName}${randomSuffix()}`;
            continue;
          }
          throw alreadyExists(this.gr, meta.name!);
        }
        throw err;
      }
    }
  }

  private async checkNamespaceAcceptsCreate(ns: string, name: string): Promise<void> {
    const kv = await this.store.get(`/registry/core/namespaces/${ns}`);
    if (!kv) throw notFound({ group: '', resource: 'namespaces' }, ns);
    const nsObj = JSON.parse(kv.value) as KubeObject & { status?: { phase?: string } };
    if (nsObj.metadata?.deletionTimestamp || nsObj.status?.phase === 'Terminating') {
      throw forbidden(this.gr, name, `unable to create new content in namespace ${ns} because it is being terminated`);
    }
  }

  private validateForCreate(obj: KubeObject): FieldError[] {
    return [...validateObjectMeta(obj, this.info.namespaced, this.strategy.nameValidator), ...(this.strategy.validate?.(obj) ?? [])];
  }

  private validateOrThrow(obj: KubeObject, errs: FieldError[], kind = this.info.kind, group = this.info.group): void {
    if (errs.length) throw invalid(group, kind, obj.metadata?.name ?? '', errs);
  }

  // ---- update / patch ----

  /** update replaces an object (PUT), or its status/scale/finalize part. */
  async update(
    namespace: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions & { subresource?: string },
  ): Promise<KubeObject> {
    const sub = opts.subresource;
    if (sub === 'scale') return this.updateScale(namespace, name, body, opts);
    this.checkSubresource(sub, 'update');
    const input = this.decodeInput(body, opts);
    const ns = this.namespaceFor(namespace);
    if (input.metadata.name && input.metadata.name !== name) {
      throw badRequest(`the name of the object (${input.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (this.info.namespaced && input.metadata.namespace && ns && input.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const rv = input.metadata.resourceVersion || undefined;
    const uid = input.metadata.uid || undefined;
    const compute = (old: KubeObject) => {
      // A PUT naming a uid makes it a precondition, as the apiserver's UpdatedObjectInfo does.
      if (uid !== undefined && uid !== old.metadata.uid) {
        throw conflict(this.gr, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid ?? ''}`);
      }
      return clone(input);
    };
    try {
      return await this.writeUpdate(ns, name, compute, opts, sub, rv);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404 && this.strategy.allowCreateOnUpdate && !sub && !rv) {
        input.metadata.name = name;
        return this.createDecoded(ns, input, opts);
      }
      throw err;
    }
  }

  private checkSubresource(sub: string | undefined, verb: string): void {
    if (sub === undefined) return;
    if (sub === 'finalize' && this.info.resource === 'namespaces') return;
    if (sub === 'status' && this.hasStatus) return;
    if (this.strategy.subresourceUpdates?.[sub]) return;
    throw apiError(404, 'NotFound', `the server could not find the requested resource (${verb} ${this.info.resource}/${sub})`);
  }

  /** now is the registry's clock, for subresource handlers. */
  now(): Date {
    return this.clock();
  }

  /** updateObject implements ObjectUpdater for subresource handlers. */
  async updateObject(
    namespace: string | undefined,
    name: string,
    mutate: (obj: KubeObject) => void,
    opts: WriteOptions & { subresource?: string },
  ): Promise<KubeObject> {
    return this.writeUpdate(
      this.namespaceFor(namespace),
      name,
      (old) => {
        mutate(old);
        return old;
      },
      opts,
      opts.subresource,
    );
  }

  /**
   * writeUpdate is the one read-modify-write loop behind PUT, PATCH and
   * subresource writes. With a resourceVersion precondition a concurrent write
   * is a 409; without one the loop retries on the fresh object, as
   * GuaranteedUpdate does. The update that leaves a deleting object without
   * finalizers (and without a pending grace period) deletes it.
   */
  private async writeUpdate(
    ns: string | undefined,
    name: string,
    compute: (current: KubeObject) => KubeObject,
    opts: WriteOptions,
    subresource: string | undefined,
    rvPrecondition?: string,
  ): Promise<KubeObject> {
    const key = this.key(ns, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.store.get(key);
      if (!kv) throw notFound(this.gr, name);
      const old = this.decode(kv);
      if (rvPrecondition !== undefined && rvPrecondition !== old.metadata.resourceVersion) throw conflict(this.gr, name);
      const input = compute(clone(old));
      let next: KubeObject = input;
      try {
        next = await this.prepareUpdate(input, old, subresource);
        if (deepEqual(next, old)) return old;
        const deleteNow = this.readyToDelete(next);
        if (opts.dryRun) return next;
        if (deleteNow) {
          const gone = await this.store.delete(key, kv.modRevision);
          return this.decode({ ...gone, value: this.encode(next) });
        }
        return this.decode(await this.store.update(key, this.encode(next), kv.modRevision));
      } catch (err) {
        if (err instanceof ConflictError) {
          if (rvPrecondition !== undefined || attempt >= MAX_UPDATE_ATTEMPTS) throw conflict(this.gr, name);
          continue;
        }
        if (err instanceof NotFoundError) throw notFound(this.gr, name);
        throw err;
      } finally {
        this.strategy.afterWrite?.(next);
      }
    }
  }

  /** prepareUpdate turns a client's new object into what is stored, from the old one. */
  private async prepareUpdate(input: KubeObject, old: KubeObject, subresource: string | undefined): Promise<KubeObject> {
    let next: KubeObject;
    const part = subresource === undefined ? undefined : this.strategy.subresourceUpdates?.[subresource];
    if (part) {
      next = part.take(this.withTypeMeta(input), clone(old));
    } else if (subresource === 'status') {
      next = clone(old);
      if (input.status === undefined) delete next.status;
      else next.status = input.status;
    } else if (subresource === 'finalize') {
      next = clone(old);
      const spec = { ...((old.spec as Record<string, unknown> | undefined) ?? {}) };
      spec.finalizers = (input.spec as { finalizers?: unknown } | undefined)?.finalizers ?? [];
      next.spec = spec;
    } else if (subresource !== undefined) {
      // A server-side subresource handler (e.g. pods/binding) changed the object itself.
      next = this.withTypeMeta(input);
    } else {
      next = this.withTypeMeta(input);
      if (!isPlainObject(next.metadata)) next.metadata = {};
      omitEmptyMetadata(next.metadata as Record<string, unknown>);
      if (this.hasStatus) {
        if (old.status === undefined) delete next.status;
        else next.status = clone(old.status);
      }
    }
    // Server-owned metadata is carried over whatever the client sent.
    const m = next.metadata;
    const om = old.metadata;
    m.name = om.name;
    if (om.namespace !== undefined) m.namespace = om.namespace;
    else delete m.namespace;
    m.uid = om.uid;
    m.creationTimestamp = om.creationTimestamp;
    m.resourceVersion = om.resourceVersion;
    if (om.deletionTimestamp !== undefined) m.deletionTimestamp = om.deletionTimestamp;
    else delete m.deletionTimestamp;
    if (om.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    else delete m.deletionGracePeriodSeconds;
    delete (m as Record<string, unknown>).selfLink;
    if (om.managedFields !== undefined) m.managedFields = om.managedFields;
    else delete m.managedFields;
    if (m.generateName === undefined && om.generateName !== undefined) m.generateName = om.generateName;

    this.strategy.applyDefaults?.(next);
    await this.strategy.prepareForUpdate?.(next, old, this.ctx, subresource);

    const errs = validateObjectMeta(next, this.info.namespaced, this.strategy.nameValidator);
    if (om.deletionTimestamp) {
      const added = (Array.isArray(m.finalizers) ? m.finalizers : []).filter((f) => !(om.finalizers ?? []).includes(f));
      if (added.length) {
        errs.push(forbiddenField('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${formatValue(added)}`));
      }
    }
    if (part) {
      errs.push(...part.validate(next, old));
    } else if (subresource === 'status') {
      errs.push(...(this.strategy.validateStatusUpdate?.(next, old) ?? []));
    } else if (subresource !== undefined && subresource !== 'finalize') {
      errs.push(...(this.strategy.validate?.(next) ?? []));
    } else {
      errs.push(...(this.strategy.validate?.(next) ?? []), ...(this.strategy.validateUpdate?.(next, old) ?? []));
    }
    this.validateOrThrow(next, errs);

    const specOf = this.strategy.specOf ?? ((o: KubeObject) => o.spec);
    const oldGen = om.generation ?? 1;
    // Only writes to the object itself bump generation; subresource writes (status, binding, finalize) never do.
    m.generation = subresource !== undefined || deepEqual(specOf(next), specOf(old)) ? oldGen : oldGen + 1;
    return next;
  }

  private readyToDelete(obj: KubeObject): boolean {
    const m = obj.metadata;
    if (!m.deletionTimestamp) return false;
    if ((m.finalizers ?? []).length > 0) return false;
    if (this.strategy.hasPendingFinalizers?.(obj)) return false;
    return (m.deletionGracePeriodSeconds ?? 0) === 0;
  }

  /** patch applies a JSON merge, JSON or strategic merge patch (or a server-side apply approximation). */
  async patch(
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: string; force?: boolean },
  ): Promise<KubeObject> {
    const ns = this.namespaceFor(namespace);
    const sub = opts.subresource;
    if (patchType === 'application/apply-patch+yaml') return this.serverSideApply(ns, name, patch, opts);
    const rvPre =
      patchType !== 'application/json-patch+json' && isPlainObject(patch) && isPlainObject(patch.metadata) && typeof patch.metadata.resourceVersion === 'string'
        ? patch.metadata.resourceVersion || undefined
        : undefined;
    if (sub === 'scale') {
      const out = await this.writeUpdate(
        ns,
        name,
        (old) => {
          const scale = this.applyPatch(patchType, this.toScale(old), patch, 'Scale') as Scale;
          const checked = this.decodeInput(scale, opts, SCALE_SCHEMA, 'Scale', 'v1') as Scale;
          this.setReplicasFromScale(old, checked);
          return old;
        },
        opts,
        undefined,
        rvPre,
      );
      return this.toScale(out);
    }
    this.checkSubresource(sub, 'patch');
    return this.writeUpdate(
      ns,
      name,
      (old) => {
        const patched = this.applyPatch(patchType, old, patch, this.info.kind);
        if (!isPlainObject(patched)) throw badRequest('the patch produced a value that is not an object');
        const obj = this.decodeInput(patched, opts);
        if (obj.metadata.name && obj.metadata.name !== name) {
          throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
        }
        if (obj.metadata.uid !== undefined && obj.metadata.uid !== old.metadata.uid) {
          this.validateOrThrow(obj, validateImmutable(obj.metadata.uid, old.metadata.uid, 'metadata.uid'));
        }
        return obj;
      },
      opts,
      sub,
      rvPre,
    );
  }

  private applyPatch(type: PatchType, original: KubeObject, patch: unknown, kind: string): unknown {
    switch (type) {
      case 'application/merge-patch+json':
        return applyMergePatch(original, patch);
      case 'application/json-patch+json':
        return applyJsonPatch(original, patch);
      case 'application/strategic-merge-patch+json':
        return applyStrategicMergePatch(original, patch, kind);
      default:
        throw apiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    }
  }

  /**
   * serverSideApply approximates `kubectl apply --server-side`: create when
   * absent, otherwise a strategic merge of the applied configuration (field
   * ownership is not tracked, so fields dropped from the configuration stay).
   */
  private async serverSideApply(ns: string | undefined, name: string, body: unknown, opts: WriteOptions & { subresource?: string }): Promise<KubeObject> {
    if (!isPlainObject(body)) throw badRequest('the apply configuration must be an object');
    const sub = opts.subresource;
    this.checkSubresource(sub, 'apply');
    const key = this.key(ns, name);
    if (!sub && !(await this.store.get(key))) {
      const obj = this.decodeInput(body, opts);
      if (obj.metadata.name && obj.metadata.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      }
      obj.metadata.name = name;
      try {
        return await this.createDecoded(ns, obj, opts);
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
      }
    }
    return this.patch(ns, name, 'application/strategic-merge-patch+json', body, { ...opts, ...(sub ? { subresource: sub } : {}) });
  }

  // ---- scale ----

  /** toScale renders an object's autoscaling/v1 Scale. */
  toScale(obj: KubeObject): Scale {
    const spec = (obj.spec ?? {}) as { replicas?: number; selector?: Parameters<typeof labelSelectorString>[0] };
    const status = (obj.status ?? {}) as { replicas?: number };
    const m = obj.metadata;
    const metadata: KubeObject['metadata'] = { name: m.name };
    if (m.namespace) metadata.namespace = m.namespace;
    metadata.uid = m.uid;
    metadata.resourceVersion = m.resourceVersion;
    metadata.creationTimestamp = m.creationTimestamp;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata,
      spec: { replicas: spec.replicas ?? 0 },
      status: { replicas: status.replicas ?? 0, selector: labelSelectorString(spec.selector) },
    };
  }

  private setReplicasFromScale(obj: KubeObject, scale: Scale): void {
    const replicas = scale.spec?.replicas ?? 0;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw invalid('autoscaling', 'Scale', obj.metadata.name ?? '', [invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0')]);
    }
    obj.spec = { ...((obj.spec as Record<string, unknown>) ?? {}), replicas };
  }

  private async updateScale(namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): Promise<KubeObject> {
    this.requireScale();
    const scale = this.decodeInput(body, opts, SCALE_SCHEMA, 'Scale', 'v1') as Scale;
    if (scale.metadata.name && scale.metadata.name !== name) {
      throw badRequest(`the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`);
    }
    const rv = scale.metadata.resourceVersion || undefined;
    const out = await this.writeUpdate(
      this.namespaceFor(namespace),
      name,
      (old) => {
        this.setReplicasFromScale(old, scale);
        return old;
      },
      opts,
      undefined,
      rv,
    );
    return this.toScale(out);
  }

  private requireScale(): void {
    if (!this.info.subresources.some((s) => s.name === 'scale')) {
      throw apiError(404, 'NotFound', `the server could not find the requested resource (${this.info.resource}/scale)`);
    }
  }

  /** getSubresource reads 'status' (the whole object) or 'scale'. */
  async getSubresource(namespace: string | undefined, name: string, subresource: string): Promise<KubeObject> {
    if (subresource === 'scale') {
      this.requireScale();
      return this.toScale(await this.get(namespace, name));
    }
    this.checkSubresource(subresource, 'get');
    return this.get(namespace, name);
  }

  /** createSubresource dispatches POSTs to the strategy's subresource handlers (pods/binding). */
  async createSubresource(namespace: string | undefined, name: string, subresource: string, body: unknown, opts: WriteOptions): Promise<KubeObject | Status> {
    const handler = this.strategy.createSubresource?.[subresource];
    if (!handler) throw apiError(404, 'NotFound', `the server could not find the requested resource (post ${this.info.resource}/${subresource})`);
    return handler(this, this.namespaceFor(namespace), name, body, opts);
  }

  // ---- delete ----

  /**
   * delete honours preconditions, propagationPolicy (orphan/foregroundDeletion
   * finalizers), finalizers and graceful deletion: the object stays, with
   * deletionTimestamp set, until its finalizers are gone and its grace period
   * is confirmed (a pod's kubelet deletes it again with gracePeriodSeconds=0).
   */
  async delete(namespace: string | undefined, name: string, opts: RegistryDeleteOptions): Promise<KubeObject | Status> {
    const ns = this.namespaceFor(namespace);
    const key = this.key(ns, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.store.get(key);
      if (!kv) throw notFound(this.gr, name);
      const old = this.decode(kv);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== old.metadata.uid) {
        throw conflict(this.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid ?? ''}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
        throw conflict(this.gr, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion ?? ''}`);
      }
      this.strategy.checkDelete?.(old);
      const next = clone(old);
      const m = next.metadata;
      let finalizers = Array.isArray(m.finalizers) ? [...m.finalizers] : [];
      if (opts.propagationPolicy === 'Orphan') {
        finalizers = finalizers.filter((f) => f !== 'foregroundDeletion');
        if (!finalizers.includes('orphan')) finalizers.push('orphan');
      } else if (opts.propagationPolicy === 'Foreground') {
        finalizers = finalizers.filter((f) => f !== 'orphan');
        if (!finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
      } else if (opts.propagationPolicy === 'Background') {
        finalizers = finalizers.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
      }
      if (finalizers.length) m.finalizers = finalizers;
      else delete m.finalizers;

      const grace = Math.max(0, this.strategy.gracePeriod?.(old, opts) ?? 0);
      const now = this.clock();
      if (!m.deletionTimestamp) {
        m.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
        m.deletionGracePeriodSeconds = grace;
        this.strategy.beforeDelete?.(next, this.ctx);
      } else if (grace < (m.deletionGracePeriodSeconds ?? 0)) {
        // A second delete may only shorten the grace period.
        m.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
        m.deletionGracePeriodSeconds = grace;
      }
      try {
        if (this.readyToDelete(next)) {
          if (opts.dryRun) return successStatus(this.gr, name, old.metadata.uid);
          await this.store.delete(key, kv.modRevision);
          return successStatus(this.gr, name, old.metadata.uid);
        }
        if (opts.dryRun) return next;
        if (deepEqual(next, old)) return old;
        return this.decode(await this.store.update(key, this.encode(next), kv.modRevision));
      } catch (err) {
        if (err instanceof ConflictError && attempt < MAX_UPDATE_ATTEMPTS) continue;
        if (err instanceof NotFoundError) throw notFound(this.gr, name);
        throw err;
      }
    }
  }

  /** deleteCollection deletes every object the selectors match; returns them as a list. */
  async deleteCollection(namespace: string | undefined, listOpts: ListOptions, opts: RegistryDeleteOptions): Promise<KubeList> {
    const list = await this.list(namespace, { ...listOpts, limit: 0 });
    delete list.metadata.continue;
    const deleted: KubeObject[] = [];
    for (const obj of list.items) {
      try {
        const out = await this.delete(obj.metadata.namespace, obj.metadata.name!, opts);
        deleted.push((out as Status).kind === 'Status' ? obj : (out as KubeObject));
      } catch (err) {
        if (err instanceof ApiError && err.code === 404) continue;
        throw err;
      }
    }
    return { ...list, items: deleted };
  }

  // ---- watch ----

  /**
   * watch streams changes: unset/"0" resourceVersion first replays current
   * state as ADDED; N streams changes after N; a compacted N gets one ERROR
   * (410 Expired) and closes. Objects entering/leaving the selectors are
   * ADDED/DELETED. Bookmarks, when allowed, carry the last revision delivered.
   */
  async watch(namespace: string | undefined, opts: WatchOptions, sink: WatchSink): Promise<WatchHandle> {
    const ns = this.namespaceFor(namespace);
    const prefix = this.keyPrefix(ns);
    const matches = this.matcher(opts);
    const initial = opts.sendInitialEvents ?? (!opts.resourceVersion || opts.resourceVersion === '0');
    let stopped = false;
    // Assigned once the initial state has been sent; halt() may run before that.
    const holder: { watcher?: Watcher } = {};
    const timers: NodeJS.Timeout[] = [];
    const halt = () => {
      stopped = true;
      holder.watcher?.close();
      for (const t of timers) clearInterval(t);
    };
    const emit = (ev: WatchEvent) => {
      if (!stopped) sink.event(ev);
    };
    const finish = () => {
      if (stopped) return;
      halt();
      sink.close();
    };

    let lastRev: number;
    if (initial) {
      const page = await this.store.list(prefix);
      lastRev = page.revision;
      for (const kv of page.items) {
        const obj = this.decode(kv);
        if (!matches || matches(obj)) emit({ type: 'ADDED', object: obj });
        // Thousands of initial events: let the loop serve others in between (the store watch starts at lastRev anyway).
        const pause = yieldToLoop();
        if (pause) await pause;
      }
      if (opts.sendInitialEvents && opts.allowWatchBookmarks) {
        emit({ type: 'BOOKMARK', object: this.bookmark(lastRev, true) });
      }
    } else if (!opts.resourceVersion || opts.resourceVersion === '0') {
      // sendInitialEvents=false without a revision: only changes from now on.
      lastRev = await this.store.currentRevision();
    } else {
      lastRev = this.parseRV(opts.resourceVersion);
    }
    const startRev = lastRev;

    const watcher = this.store.watch(prefix, startRev, {
      // A batch may hold a thousand events and each sink may do real work
      // (an informer's handlers): give the loop back once over its budget.
      onEvents: async (events: StoreEvent[]) => {
        for (const ev of events) {
          if (stopped) return;
          lastRev = ev.kv.modRevision;
          const out = this.toWatchEvent(ev, matches);
          if (out) emit(out);
          const pause = yieldToLoop();
          if (pause) await pause;
        }
      },
      onError: (err: Error) => {
        if (stopped) return;
        if (err instanceof CompactedError) {
          emit({ type: 'ERROR', object: tooOldResourceVersion(err.requested, err.compacted).status as unknown as WatchEvent['object'] });
        }
        finish();
      },
    });
    holder.watcher = watcher;
    if (stopped) watcher.close();

    // Node's timers hold at most 2^31-1 ms (24.8 days); a longer timeout is no timeout rather than an instant one.
    // A negative timeout is a deadline already passed: the watch ends at once, as Kubernetes' context does.
    if (opts.timeoutSeconds !== undefined && opts.timeoutSeconds < 0) {
      const t = setTimeout(finish, 0);
      timers.push(t);
    } else if (opts.timeoutSeconds && opts.timeoutSeconds > 0 && opts.timeoutSeconds * 1000 <= 2 ** 31 - 1) {
      const t = setTimeout(finish, opts.timeoutSeconds * 1000);
      t.unref?.();
      timers.push(t);
    }
    if (opts.allowWatchBookmarks) {
      const t = setInterval(() => emit({ type: 'BOOKMARK', object: this.bookmark(lastRev, false) }), this.bookmarkIntervalMs);
      t.unref?.();
      timers.push(t);
    }
    return { stop: halt };
  }

  private bookmark(rev: number, initialEventsEnd: boolean): KubeObject {
    const metadata: KubeObject['metadata'] = { resourceVersion: String(rev) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    return { kind: this.info.kind, apiVersion: this.apiVersion, metadata };
  }

  private toWatchEvent(ev: StoreEvent, matches: ((o: KubeObject) => boolean) | undefined): WatchEvent | undefined {
    if (ev.type === 'delete') {
      const last = this.decode(ev.kv);
      return !matches || matches(last) ? { type: 'DELETED', object: last } : undefined;
    }
    const cur = this.decode(ev.kv);
    if (!matches) return { type: ev.type === 'create' ? 'ADDED' : 'MODIFIED', object: cur };
    const now = matches(cur);
    if (ev.type === 'create') return now ? { type: 'ADDED', object: cur } : undefined;
    const prev = ev.prevKv ? this.decode({ ...ev.prevKv, modRevision: ev.kv.modRevision }) : undefined;
    const before = prev ? matches(prev) : false;
    if (now && before) return { type: 'MODIFIED', object: cur };
    if (now) return { type: 'ADDED', object: cur };
    // Leaving the selection is a DELETED of the previous state at this event's revision, as the watch cache does.
    if (before) return { type: 'DELETED', object: prev! };
    return undefined;
  }

  // ---- tables ----

  /** toTable renders objects with this resource's printer. */
  toTable(objects: KubeObject[], listMeta: { resourceVersion?: string; continue?: string }, includeObject: 'None' | 'Metadata' | 'Object'): Table {
    return buildTable(this.strategy.printer, objects, listMeta, includeObject, this.clock());
  }
}

/** SCALE_SCHEMA is autoscaling/v1 Scale's fields. */
const SCALE_SCHEMA: FieldSchema = {
  apiVersion: true,
  kind: true,
  metadata: true,
  spec: { replicas: 'int' },
  status: { replicas: 'int', selector: 'string' },
};
