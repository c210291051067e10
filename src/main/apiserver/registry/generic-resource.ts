/**
 * GenericResource: the REST storage every resource shares (Kubernetes'
 * genericregistry.Store), over the revisioned Store. Keys are
 * `/registry/<group|core>/<resource>/<namespace>/<name>` (cluster-scoped:
 * no namespace segment); an object's resourceVersion is its key's mod
 * revision. What differs per resource comes from its Strategy.
 */
import { randomUUID } from 'node:crypto';
import type { KubeList, KubeObject, Status, Table } from '../../../shared/api/meta';
import { apiVersionOf, type ResourceInfo } from '../../../shared/api/resources';
import type { Scale } from '../../../shared/api/apps';
import { ApiError } from '../../../shared/errors';
import { AlreadyExistsError, CompactedError, ConflictError, NotFoundError, type KeyValue, type Store } from '../../storage/types';
import { FieldManager, defaultManagerName } from '../fieldmanager';
import { currentRequest } from '../audit/context';
import type { RevisionObserver, WriteType } from '../observe/revision-ring';
import { patchResource } from '../patch/patch-handler';
import { serverSideApply } from '../patch/apply-handler';
import type { PatchTarget, Tracking } from '../patch/patch-target';
import { parseFieldSelector, parseLabelSelector, type FieldSelectorMatcher, type LabelSelectorMatcher } from '../selectors';
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
  notFound,
  apiError,
  successStatus,
  type FieldError,
  type GroupResource,
} from '../status';
import { buildTable } from '../table/printer';
import { decodeContinue, encodeContinue } from './continue-token';
import { checkDeletePreconditions, markDeleting, readyToDelete } from './finalizers';
import { decodeInput, type DecodeTarget } from './input-decoder';
import { ObjectCodec, clone, isPlainObject, omitEmptyMetadata, randomSuffix, rfc3339 } from './object-codec';
import { SCALE_SCHEMA, requireScale, setReplicasFromScale, toScale } from './scale';
import type { ObjectUpdater, Strategy, StrategyContext } from './strategy';
import type { ListOptions, PatchType, RegistryDeleteOptions, Resource, WatchHandle, WatchOptions, WatchSink, WriteOptions } from './types';
import { deepEqual, validateObjectMeta } from './validation';
import { WatchCache, type CacheRead, type WatchCacheOptions } from './watch-cache';
import { watchStore, type InitialState } from './watch-stream';

export { randomSuffix, rfc3339 } from './object-codec';

/** GenericResourceOptions wire a GenericResource. */
export interface GenericResourceOptions {
  store: Store;
  info: ResourceInfo;
  strategy: Strategy;
  clock: () => Date;
  context: StrategyContext;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK (default 10 s). */
  bookmarkIntervalMs?: number;
  /** Told of every write stored and every watch event handed out (the revision ring). */
  revisions?: RevisionObserver;
  /** The watch cache's tuning (see watch-cache.ts); false serves every read from the store. */
  watchCache?: WatchCacheTuning | false;
}

/** WatchCacheTuning are the watch cache options a registry may set. */
export type WatchCacheTuning = Omit<WatchCacheOptions, 'store' | 'prefix' | 'decode'>;

const MAX_UPDATE_ATTEMPTS = 20;

/** GenericResource implements Resource for one kind over the Store. */
export class GenericResource implements Resource, ObjectUpdater, PatchTarget {
  readonly info: ResourceInfo;
  readonly store: Store;
  readonly kind: string;
  readonly apiVersion: string;
  readonly bookmarkIntervalMs: number;
  /** The revision ring, told of writes here and of watch deliveries by watch-stream.ts. */
  readonly revisions: RevisionObserver | undefined;
  private readonly strategy: Strategy;
  private readonly clock: () => Date;
  private readonly ctx: StrategyContext;
  private readonly base: string;
  private readonly gr: GroupResource;
  private readonly hasStatus: boolean;
  private readonly codec: ObjectCodec;
  /** Field ownership (managedFields) of this kind. */
  readonly fields: FieldManager;
  private readonly selectableFields: string[];
  /** The lists and initial watch states served from memory (undefined: none). */
  readonly cache: WatchCache | undefined;

  constructor(opts: GenericResourceOptions) {
    this.info = opts.info;
    this.store = opts.store;
    this.strategy = opts.strategy;
    this.clock = opts.clock;
    this.ctx = opts.context;
    this.base = `/registry/${opts.info.group || 'core'}/${opts.info.resource}/`;
    this.gr = { group: opts.info.group, resource: opts.info.resource };
    this.apiVersion = apiVersionOf(opts.info);
    this.kind = opts.info.kind;
    this.codec = new ObjectCodec(this.apiVersion, opts.info.kind);
    this.hasStatus = opts.info.subresources.some((s) => s.name === 'status');
    this.fields = new FieldManager(opts.info.group, opts.info.version, opts.info.kind, this.apiVersion, this.hasStatus);
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 10_000;
    this.revisions = opts.revisions;
    this.selectableFields = ['metadata.name', 'metadata.namespace', ...Object.keys(opts.strategy.fieldSelectors ?? {})];
    this.cache = opts.watchCache === false ? undefined : new WatchCache({ ...opts.watchCache, store: this.store, prefix: this.base, decode: (kv) => this.decode(kv) });
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

  /** namespaceFor drops the namespace of a cluster-scoped resource. */
  namespaceFor(ns: string | undefined): string | undefined {
    return this.info.namespaced ? ns : undefined;
  }

  private withTypeMeta(obj: KubeObject): KubeObject {
    return this.codec.withTypeMeta(obj);
  }

  /**
   * stored runs one store write and tells the revision ring of it: the key,
   * the kind of write, who asked and when the write was issued (SQLite
   * commits within that call; etcd within its round trip).
   */
  private async stored(type: WriteType, key: string, write: () => Promise<KeyValue>, subresource?: string): Promise<KeyValue> {
    if (!this.revisions) return write();
    const at = this.revisions.now();
    const kv = await write();
    const req = currentRequest();
    this.revisions.committed(kv.modRevision, {
      key,
      type,
      at,
      ...(subresource ? { subresource } : {}),
      ...(req ? { writer: req.user.username, ...(req.userAgent ? { userAgent: req.userAgent } : {}) } : {}),
    });
    return kv;
  }

  /** decode returns the object a stored KeyValue holds (shared, read-only). */
  decode(kv: KeyValue): KubeObject {
    return this.codec.decode(kv);
  }

  private encode(obj: KubeObject): string {
    return this.codec.encode(obj);
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

  // ---- input decoding ----

  private decodeInput(body: unknown, opts: WriteOptions, target: DecodeTarget = this.objectTarget()): KubeObject {
    return decodeInput(body, opts, target);
  }

  /** decodeObject checks a body is an object of this kind (fieldValidation applied). */
  decodeObject(body: unknown, opts: WriteOptions): KubeObject {
    return this.decodeInput(body, opts);
  }

  /** decodeScale checks a body is an autoscaling/v1 Scale. */
  decodeScale(body: unknown, opts: WriteOptions): KubeObject {
    return this.decodeInput(body, opts, SCALE_TARGET);
  }

  /** exists reports whether the object is stored. */
  async exists(ns: string | undefined, name: string): Promise<boolean> {
    return Boolean(await this.store.get(this.key(ns, name)));
  }

  private objectTarget(): DecodeTarget {
    return { schema: this.strategy.schema, kind: this.info.kind, version: this.info.version, apiVersion: this.apiVersion };
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
    const cached = await this.fromCache(namespace, opts);
    if (cached) return { apiVersion: this.apiVersion, kind: this.info.listKind, metadata: cacheListMeta(cached), items: cached.items.map((e) => e.obj) };
    const { metadata, items } = await this.collect(namespace, opts, (kv) => this.decode(kv));
    return { apiVersion: this.apiVersion, kind: this.info.listKind, metadata, items };
  }

  /**
   * fromCache serves a list from the watch cache when its options allow any
   * state not older than a revision (resourceVersion=0, NotOlderThan, a
   * continue token whose snapshot the cache still holds); undefined: read
   * the store.
   */
  private async fromCache(namespace: string | undefined, opts: ListOptions): Promise<CacheRead | undefined> {
    if (!this.cache) return undefined;
    const minRev = this.cacheMinRev(opts);
    if (minRev === undefined) return undefined;
    return this.cache.list({
      prefix: this.keyPrefix(this.namespaceFor(namespace)),
      minRev,
      matches: this.matcher(opts),
      ...(opts.limit ? { limit: opts.limit } : {}),
      ...(opts.continue ? { continue: opts.continue } : {}),
    });
  }

  /**
   * cacheMinRev is the oldest revision a list may show when the cache may
   * serve it, as kube-apiserver's cacher decides: resourceVersion unset is a
   * consistent read and Exact an exact one (the store); 0 is any;
   * NotOlderThan N, or N alone without a limit, is not older than N; N with
   * a limit is the legacy exact read (the store).
   */
  private cacheMinRev(opts: ListOptions): number | undefined {
    if (opts.continue) return 0;
    const rv = opts.resourceVersion;
    if (!rv || opts.resourceVersionMatch === 'Exact') return undefined;
    if (rv === '0') return 0;
    const n = this.parseRV(rv);
    if (opts.resourceVersionMatch === 'NotOlderThan') return n;
    return opts.limit && opts.limit > 0 ? undefined : n;
  }

  /** watchState is a watch's initial state from the cache (resourceVersion=0, or a watch-list not older than a revision); undefined: the store. */
  private async watchState(prefix: string, opts: WatchOptions): Promise<InitialState | undefined> {
    if (!this.cache) return undefined;
    const rv = opts.resourceVersion;
    let minRev: number;
    if (rv === '0') minRev = 0;
    else if (opts.sendInitialEvents && opts.resourceVersionMatch === 'NotOlderThan') minRev = rv ? this.parseRV(rv) : await this.store.currentRevision();
    else return undefined;
    const state = await this.cache.state(prefix, minRev);
    return state && { revision: state.rev, objects: state.entries.map((e) => e.obj) };
  }

  /** hasJson tells whether kv's JSON can be had without its value (the cache or the codec holds that revision). */
  private hasJson(kv: KeyValue): boolean {
    return this.cache?.entryAt(kv.key, kv.modRevision) !== undefined || this.codec.hasJson(kv);
  }

  /** jsonOf is kv's JSON: the watch cache's when it holds that revision (the codec then keeps none), else the codec's. */
  private jsonOf(kv: KeyValue): string {
    const e = this.cache?.entryAt(kv.key, kv.modRevision);
    if (e) return WatchCache.jsonOf(e);
    return this.codec.jsonOf(kv, !this.cache?.running);
  }

  /**
   * listJson serialises a list without selectors from each object's JSON
   * cached per revision: no parse and no stringify for objects unchanged
   * since the last list.
   */
  async listJson(namespace: string | undefined, opts: ListOptions): Promise<string | undefined> {
    // From the watch cache: each object's JSON made once per revision, selectors or not.
    const cached = await this.fromCache(namespace, opts);
    if (cached) return this.listText(cacheListMeta(cached), cached.items.map((e) => WatchCache.jsonOf(e)));
    if (opts.labelSelector || opts.fieldSelector) return undefined;
    // With a store that can, read keys and revisions only, then the values of those not cached (changed since the last list).
    const valuesAt = this.store.valuesAt?.bind(this.store);
    const { metadata, items: kvs } = await this.collect(namespace, opts, (kv) => kv, false, Boolean(valuesAt));
    const misses = kvs.filter((kv) => kv.value === '' && !this.hasJson(kv));
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

  /** parseRV reads a resourceVersion parameter (400 when not a revision). */
  parseRV(rv: string): number {
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

  /** createDecoded stores a decoded object; applied: its managedFields come from server-side apply. */
  async createDecoded(namespace: string | undefined, obj: KubeObject, opts: WriteOptions, applied = false): Promise<KubeObject> {
    const meta = obj.metadata;
    const requestedManagedFields = meta.managedFields;
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
    // Ownership is recorded on the defaulted object, before the strategy's server-set fields (allocations, status), as Kubernetes' create handler does.
    if (requestedManagedFields !== undefined) meta.managedFields = requestedManagedFields;
    if (!applied) meta.managedFields = this.fields.recordUpdate(undefined, obj, { manager: this.managerOf(opts) }, rfc3339(now));
    if (meta.managedFields === undefined) delete meta.managedFields;
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
        const key = this.key(meta.namespace, meta.name!);
        const kv = await this.stored('create', key, () => this.store.create(key, this.encode(obj)));
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

  /** validateOrThrow is 422 Invalid for errs when there are any. */
  validateOrThrow(obj: KubeObject, errs: FieldError[], kind = this.info.kind, group = this.info.group): void {
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

  /** checkSubresource is 404 for a subresource this resource does not serve for verb. */
  checkSubresource(sub: string | undefined, verb: string): void {
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
  async writeUpdate(
    ns: string | undefined,
    name: string,
    compute: (current: KubeObject) => KubeObject,
    opts: WriteOptions,
    subresource: string | undefined,
    rvPrecondition?: string,
    tracking: Tracking = {},
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
        // Recorded once the strategy carried server-set fields over, so values it restores are no one's change.
        this.trackFields(old, input, next, opts, tracking.applied ? false : (tracking.subresource ?? subresource));
        if (deepEqual(next, old)) return old;
        const deleteNow = this.readyToDelete(next);
        if (opts.dryRun) return next;
        if (deleteNow) {
          const gone = await this.stored('delete', key, () => this.store.delete(key, kv.modRevision));
          return this.decode({ ...gone, value: this.encode(next) });
        }
        return this.decode(await this.stored('update', key, () => this.store.update(key, this.encode(next), kv.modRevision), subresource));
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

  /**
   * trackFields sets next's managedFields: those server-side apply computed
   * (subresource undefined and input's taken as they are when applied), or
   * the record of this Update by the writer's field manager.
   */
  private trackFields(old: KubeObject, input: KubeObject, next: KubeObject, opts: WriteOptions, subresource: string | undefined | false): void {
    const m = next.metadata;
    const requested = input.metadata?.managedFields;
    if (requested !== undefined) m.managedFields = requested;
    else if (old.metadata.managedFields !== undefined) m.managedFields = old.metadata.managedFields;
    else delete m.managedFields;
    if (subresource !== false) {
      const entries = this.fields.recordUpdate(old, next, { manager: this.managerOf(opts), subresource }, rfc3339(this.clock()));
      if (entries) m.managedFields = entries;
      else delete m.managedFields;
    }
  }

  /** managerOf is the field manager of a write: ?fieldManager=, else the client's default. */
  private managerOf(opts: WriteOptions): string {
    return opts.fieldManager ?? defaultManagerName();
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
    // managedFields: see trackFields.
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
    return readyToDelete(obj, this.strategy);
  }

  /** patch applies a JSON merge, JSON or strategic merge patch, or a server-side apply (see apiserver/patch). */
  async patch(
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: string; force?: boolean },
  ): Promise<KubeObject> {
    if (patchType === 'application/apply-patch+yaml') return serverSideApply(this, namespace, name, patch, opts);
    return patchResource(this, namespace, name, patchType, patch, opts);
  }

  // ---- scale ----

  /** toScale renders an object's autoscaling/v1 Scale. */
  toScale(obj: KubeObject): Scale {
    return toScale(obj);
  }

  private async updateScale(namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): Promise<KubeObject> {
    requireScale(this.info);
    const scale = this.decodeInput(body, opts, SCALE_TARGET) as Scale;
    if (scale.metadata.name && scale.metadata.name !== name) {
      throw badRequest(`the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`);
    }
    const rv = scale.metadata.resourceVersion || undefined;
    const out = await this.writeUpdate(
      this.namespaceFor(namespace),
      name,
      (old) => {
        setReplicasFromScale(old, scale);
        return old;
      },
      opts,
      undefined,
      rv,
      { subresource: 'scale' },
    );
    return this.toScale(out);
  }

  /** getSubresource reads 'status' (the whole object) or 'scale'. */
  async getSubresource(namespace: string | undefined, name: string, subresource: string): Promise<KubeObject> {
    if (subresource === 'scale') {
      requireScale(this.info);
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
      checkDeletePreconditions(old, opts, this.gr, name);
      this.strategy.checkDelete?.(old);
      const next = markDeleting(old, opts, this.strategy, this.ctx, this.clock());
      try {
        if (this.readyToDelete(next)) {
          if (opts.dryRun) return successStatus(this.gr, name, old.metadata.uid);
          await this.stored('delete', key, () => this.store.delete(key, kv.modRevision));
          return successStatus(this.gr, name, old.metadata.uid);
        }
        if (opts.dryRun) return next;
        if (deepEqual(next, old)) return old;
        return this.decode(await this.stored('update', key, () => this.store.update(key, this.encode(next), kv.modRevision)));
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

  /** watch streams changes to the collection (see watch-stream.ts). */
  async watch(namespace: string | undefined, opts: WatchOptions, sink: WatchSink): Promise<WatchHandle> {
    const ns = this.namespaceFor(namespace);
    const prefix = this.keyPrefix(ns);
    const matches = this.matcher(opts);
    return watchStore(this, prefix, matches, opts, sink, () => this.watchState(prefix, opts));
  }

  // ---- tables ----

  /** toTable renders objects with this resource's printer. */
  toTable(objects: KubeObject[], listMeta: { resourceVersion?: string; continue?: string }, includeObject: 'None' | 'Metadata' | 'Object'): Table {
    return buildTable(this.strategy.printer, objects, listMeta, includeObject, this.clock());
  }
}

/** cacheListMeta is the ListMeta of a page served from the watch cache. */
function cacheListMeta(read: CacheRead): KubeList['metadata'] {
  return { resourceVersion: String(read.rev), ...(read.continue ? { continue: read.continue } : {}) };
}

/** SCALE_TARGET decodes an autoscaling/v1 Scale body. */
const SCALE_TARGET: DecodeTarget = { schema: SCALE_SCHEMA, kind: 'Scale', version: 'v1', apiVersion: 'autoscaling/v1' };
