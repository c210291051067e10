/**
 * EtcdStore implements the Store contract on etcd through the etcd3 client,
 * for users who want a highly available store.
 *
 * The mapping is direct, since the contract was modelled on etcd: the
 * store's revision is etcd's revision, a Store key lives under the store's
 * key prefix, create/update/delete are single-operation transactions that
 * compare create or mod revision (so each write is exactly one revision),
 * list is a range at a revision, watch is an etcd watch (etcd-watch.ts).
 *
 * Surviving a member loss:
 * - Every call goes to a random member; a member that fails three calls in a
 *   row is skipped for a while (etcd3's per-host circuit breaker).
 * - Reads are idempotent and retried with exponential backoff (a cockatiel
 *   retry policy) across members, through leader elections.
 * - etcd3's own global retry is switched off, because it would resend writes
 *   blindly. A write is resent by this class instead, and that is safe
 *   because every write is a compare-and-swap: if an earlier send was in fact
 *   applied, the resend's compare fails. A compare failure on a resend is
 *   therefore checked against the key's history ("did an earlier send of
 *   this write land?", see resolve*) before it is reported: the write that
 *   superseded the expected revision is found by bisecting reads at past
 *   revisions, and if it carries our value, the write is ours. (Another
 *   client writing the byte-identical value from the same revision at the
 *   same moment is indistinguishable and leaves the same state.)
 *
 * Caveats, as in any etcd client: compaction is cluster-wide, so compact()
 * affects every store sharing the cluster; currentRevision() counts every
 * write to the cluster, not only this prefix's; a fresh etcd is at revision 1.
 */
import { circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleWhen, noop, retry, type RetryPolicy } from 'cockatiel';
import { Etcd3, isRecoverableError, type IRangeRequest, type IRangeResponse, type IResponseHeader, type ITxnResponse } from 'etcd3';
import {
  AlreadyExistsError,
  CompactedError,
  ConflictError,
  NotFoundError,
  StoreError,
  StoreUnavailableError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type WatchCallbacks,
  type Watcher,
} from '../types';
import { isCompacted, isFutureRevision, isTransient } from './etcd-errors';
import { EtcdWatch, kvFrom, type EtcdWatchHost, type EtcdWatchOptions } from './etcd-watch';
import { KeySpace } from './key-space';

/** EtcdStoreOptions configure the etcd backend. */
export interface EtcdStoreOptions {
  /** Client URLs of the etcd members, e.g. ["http://127.0.0.1:2379"]. */
  endpoints: string[];
  /**
   * Every Store key is stored under this etcd key prefix, made to end with
   * "/" so that stores sharing a cluster stay apart (default "": the whole key space).
   */
  prefix?: string;
  /** TLS for https:// endpoints: the CA that signed the members' certificates, and a client certificate and key when the members ask for one. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Events a watcher may have queued before it is dropped (default 10,000). */
  maxQueuedEvents?: number;
  /** Events per onEvents call (default 1,000). */
  batchSize?: number;
  /** Deadline of one etcd call (default 5 s). */
  callTimeoutMs?: number;
  /** Attempts per read or write across member failures (default 10: about 7 s of backoff). */
  maxAttempts?: number;
  /** First and largest delay between attempts (defaults 50 ms and 1 s). */
  retryInitialDelayMs?: number;
  retryMaxDelayMs?: number;
  /** How long a broken watch keeps reconnecting before it reports the error (default 30 s). */
  watchReconnectTimeoutMs?: number;
}

/** etcdCredentials are etcd3's TLS options for a store's TLS files (none without a CA). */
export function etcdCredentials(tls: EtcdStoreOptions['tls']): { credentials?: { rootCertificate: Buffer; privateKey?: Buffer; certChain?: Buffer } } {
  if (!tls?.ca) return {};
  return { credentials: { rootCertificate: tls.ca, ...(tls.key ? { privateKey: tls.key } : {}), ...(tls.cert ? { certChain: tls.cert } : {}) } };
}

/** EtcdStoreStats count the failover work done, for tests and metrics. */
export interface EtcdStoreStats {
  /** Calls retried after a transient error (reads and resent writes). */
  retries: number;
  /** Resent writes whose failed compare was resolved from the key's history. */
  resolutions: number;
  /** Watch streams re-established after breaking. */
  watchReconnects: number;
}

/** unavailable rethrows a transient error that outlived the retry budget as the contract's StoreUnavailableError. */
function unavailable(err: unknown): never {
  throw isTransient(err) ? new StoreUnavailableError(err) : err;
}

/** Superseder is the write that replaced a given revision of a key. */
type Superseder = { kind: 'put'; kv: KeyValue } | { kind: 'delete'; revision: number };

/** EtcdStore is a Store on etcd; see the file comment. */
export class EtcdStore implements Store {
  readonly client: Etcd3;
  private readonly keys: KeySpace;
  private readonly retry: RetryPolicy;
  private readonly watchers = new Set<EtcdWatch>();
  private readonly watchHost: EtcdWatchHost;
  /** The highest compacted revision this store knows of (a lower bound of etcd's). */
  private knownCompacted = 0;
  /**
   * The highest revision seen in any (linearizable) response: every write
   * sent after seeing it lands at a higher revision.
   */
  private seen = 0;
  private closed = false;
  readonly stats: EtcdStoreStats = { retries: 0, resolutions: 0, watchReconnects: 0 };

  constructor(opts: EtcdStoreOptions) {
    if (opts.endpoints.length === 0) throw new StoreError('etcd store: no endpoints given');
    const callTimeoutMs = opts.callTimeoutMs ?? 5_000;
    this.client = new Etcd3({
      hosts: opts.endpoints,
      dialTimeout: callTimeoutMs,
      ...etcdCredentials(opts.tls),
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
      faultHandling: {
        // No blind resend of anything: this class decides what is safe to retry.
        global: noop,
        host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 2_000, breaker: new ConsecutiveBreaker(3) }),
      },
    });
    this.keys = new KeySpace(opts.prefix ?? '');
    this.retry = retry(handleWhen(isTransient), {
      maxAttempts: opts.maxAttempts ?? 10,
      backoff: new ExponentialBackoff({ initialDelay: opts.retryInitialDelayMs ?? 50, maxDelay: opts.retryMaxDelayMs ?? 1_000 }),
    });
    this.retry.onRetry(() => this.stats.retries++);
    const watchOptions: EtcdWatchOptions = {
      maxQueuedEvents: opts.maxQueuedEvents ?? 10_000,
      batchSize: opts.batchSize ?? 1_000,
      reconnectTimeoutMs: opts.watchReconnectTimeoutMs ?? 30_000,
      reconnectInitialDelayMs: opts.retryInitialDelayMs ?? 50,
      reconnectMaxDelayMs: opts.retryMaxDelayMs ?? 1_000,
    };
    this.watchHost = {
      client: this.client,
      keys: this.keys,
      options: watchOptions,
      noteCompacted: (rev) => this.noteCompacted(rev),
      forget: (w) => this.watchers.delete(w),
      onReconnect: () => this.stats.watchReconnects++,
    };
  }

  /** prefix is the etcd key prefix this store's keys live under (ending in "/", or "" for the whole key space). */
  get prefix(): string {
    return this.keys.prefix;
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('store is closed');
  }

  private noteCompacted(revision: number): void {
    this.knownCompacted = Math.max(this.knownCompacted, revision);
  }

  /** read runs an idempotent etcd call with retries across members. */
  private read<T>(fn: () => Promise<T>): Promise<T> {
    this.checkOpen();
    return this.retry.execute(() => fn()).catch(unavailable);
  }

  private see(header: IResponseHeader): void {
    this.seen = Math.max(this.seen, Number(header.revision));
  }

  /** range reads with retries; a compacted or future revision becomes the contract's error. */
  private async range(req: IRangeRequest): Promise<IRangeResponse> {
    try {
      const res = await this.read(() => this.client.kv.range(req));
      this.see(res.header);
      return res;
    } catch (err) {
      const revision = Number(req.revision ?? 0);
      if (isCompacted(err)) throw new CompactedError(revision, await this.compactedRevision());
      if (isFutureRevision(err)) throw new StoreError(`revision ${revision} is a future revision`);
      throw err;
    }
  }

  /** kvAt returns key as it was at revision (undefined when absent then). */
  private async kvAt(key: string, revision: number): Promise<KeyValue | undefined> {
    const res = await this.range({ key: this.keys.key(key), revision });
    return res.kvs[0] ? kvFrom(this.keys, res.kvs[0]) : undefined;
  }

  /**
   * write sends a compare-and-swap transaction, resending it on transient
   * errors. On the first send a failed compare is reported as is (onFailed);
   * on a resend it may mean that an earlier send landed, which resolve decides
   * from the key's history: it returns the landed KeyValue or the error to report.
   */
  private async write(
    send: () => Promise<ITxnResponse>,
    onSucceeded: (res: ITxnResponse) => KeyValue,
    onFailed: (res: ITxnResponse) => Error,
    resolve: () => Promise<KeyValue | Error>,
  ): Promise<KeyValue> {
    this.checkOpen();
    return this.retry.execute(async ({ attempt }) => {
      const res = await send();
      this.see(res.header);
      if (res.succeeded) return onSucceeded(res);
      if (attempt === 0) throw onFailed(res);
      this.stats.resolutions++;
      const outcome = await resolve();
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }).catch(unavailable);
  }

  /**
   * supersederOf finds the write that replaced revision `expected` of key, if
   * any by now. Reads at past revisions are monotonic in "still at expected",
   * so a bisection between expected and the current revision finds it in
   * log2(distance) reads. Undefined when expected is still current or was
   * never a revision of key.
   */
  private async supersederOf(key: string, expected: number): Promise<Superseder | undefined> {
    try {
      return await this.bisectSuperseder(key, expected);
    } catch (err) {
      // The write's own error must not read as "your list revision was compacted".
      if (err instanceof CompactedError) throw new StoreError(`outcome of a resent write to ${key} is unknown: its history was compacted`);
      throw err;
    }
  }

  private async bisectSuperseder(key: string, expected: number): Promise<Superseder | undefined> {
    const now = await this.range({ key: this.keys.key(key) });
    const current = now.kvs[0] ? kvFrom(this.keys, now.kvs[0]) : undefined;
    if (current?.modRevision === expected) return undefined;
    const then = await this.kvAt(key, expected);
    if (then?.modRevision !== expected) return undefined;
    let lo = expected; // key still at expected here
    let hi = Number(now.header.revision); // key changed by here
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await this.kvAt(key, mid))?.modRevision === expected) lo = mid;
      else hi = mid;
    }
    const kv = await this.kvAt(key, hi);
    return kv ? { kind: 'put', kv } : { kind: 'delete', revision: hi };
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const res = await this.range({ key: this.keys.key(key) });
    return res.kvs[0] ? kvFrom(this.keys, res.kvs[0]) : undefined;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const revision = opts.revision ?? 0;
    if (revision > 0 && revision < this.knownCompacted) throw new CompactedError(revision, this.knownCompacted);
    const range = opts.startAfter ? this.keys.rangeAfter(prefix, opts.startAfter) : this.keys.range(prefix);
    const res = await this.range({ ...range, revision, limit: opts.limit ?? 0 });
    return {
      items: res.kvs.map((kv) => kvFrom(this.keys, kv)),
      revision: revision || Number(res.header.revision),
      more: res.more,
    };
  }

  async count(prefix: string): Promise<number> {
    const res = await this.range({ ...this.keys.range(prefix), count_only: true });
    return Number(res.count);
  }

  async create(key: string, value: string): Promise<KeyValue> {
    const k = this.keys.key(key);
    // A key whose life began after this revision was created after this call began.
    const since = this.seen || (await this.currentRevision());
    return this.write(
      () =>
        this.client.kv.txn({
          compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
          success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8') } }],
        }),
      (res) => {
        const rev = Number(res.header.revision);
        return { key, value, createRevision: rev, modRevision: rev };
      },
      () => new AlreadyExistsError(key),
      async () => {
        // The key existed at the resend. It is ours if its life began after
        // this call began, with our value.
        const cur = await this.get(key);
        // Created and deleted again meanwhile: whoever created it, at the
        // resend it existed, which is what AlreadyExists reports.
        if (!cur) return new AlreadyExistsError(key);
        if (cur.createRevision > since) {
          const born = cur.modRevision === cur.createRevision ? cur : await this.kvAt(key, cur.createRevision);
          if (born?.value === value) return { key, value, createRevision: cur.createRevision, modRevision: cur.createRevision };
        }
        return new AlreadyExistsError(key);
      },
    );
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    const k = this.keys.key(key);
    const failure = (current: { mod_revision: string } | KeyValue | undefined): Error =>
      current ? new ConflictError(key, expectedModRevision, modOf(current)) : new NotFoundError(key);
    return this.write(
      () =>
        this.client.kv.txn({
          compare: [
            // The key must exist: a missing key's mod revision is 0, which must not match an expected 0.
            { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
            { key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
          ],
          success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8'), prev_kv: true } }],
          failure: [{ request_range: { key: k } }],
        }),
      (res) => {
        const prev = res.responses[0]!.response_put.prev_kv;
        return { key, value, createRevision: Number(prev.create_revision), modRevision: Number(res.header.revision) };
      },
      (res) => failure(res.responses[0]!.response_range.kvs[0]),
      async () => {
        const s = await this.supersederOf(key, expectedModRevision);
        if (s?.kind === 'put' && s.kv.value === value) return s.kv;
        return failure(await this.get(key));
      },
    );
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    if (expectedModRevision !== undefined) return this.deleteAt(key, expectedModRevision);
    // An unconditional delete is a compare-and-swap on the revision just read,
    // so that a resend can be resolved like any other write.
    for (;;) {
      const cur = await this.get(key);
      if (!cur) throw new NotFoundError(key);
      try {
        return await this.deleteAt(key, cur.modRevision);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }

  private async deleteAt(key: string, expected: number): Promise<KeyValue> {
    const k = this.keys.key(key);
    const failure = (current: { mod_revision: string } | KeyValue | undefined): Error =>
      current ? new ConflictError(key, expected, modOf(current)) : new NotFoundError(key);
    return this.write(
      () =>
        this.client.kv.txn({
          compare: [
            { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
            { key: k, target: 'Mod', result: 'Equal', mod_revision: expected },
          ],
          success: [{ request_delete_range: { key: k, prev_kv: true } }],
          failure: [{ request_range: { key: k } }],
        }),
      (res) => {
        const prev = kvFrom(this.keys, res.responses[0]!.response_delete_range.prev_kvs[0]!);
        return { ...prev, modRevision: Number(res.header.revision) };
      },
      (res) => failure(res.responses[0]!.response_range.kvs[0]),
      async () => {
        const s = await this.supersederOf(key, expected);
        if (s?.kind === 'delete') {
          const last = (await this.kvAt(key, expected))!;
          return { ...last, modRevision: s.revision };
        }
        return failure(await this.get(key));
      },
    );
  }

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watcher {
    this.checkOpen();
    const w = new EtcdWatch(this.watchHost, prefix, fromRevision, cb);
    this.watchers.add(w);
    // A compaction this store did or saw is answered at once: etcd alone could
    // still accept the start on a member that has not applied it yet.
    if (fromRevision < this.knownCompacted) w.fail(new CompactedError(fromRevision, this.knownCompacted));
    else w.start();
    return w;
  }

  async compact(revision: number): Promise<void> {
    const current = await this.currentRevision();
    if (revision > current) throw new StoreError(`cannot compact future revision ${revision} (current ${current})`);
    if (revision <= this.knownCompacted) return;
    try {
      // Compaction is idempotent (a second one at the same revision is refused as compacted).
      await this.read(() => this.client.kv.compact({ revision }));
    } catch (err) {
      if (!isCompacted(err)) throw err;
    }
    this.noteCompacted(revision);
  }

  async currentRevision(): Promise<number> {
    const res = await this.range({ key: this.keys.probeKey(), count_only: true });
    return Number(res.header.revision);
  }

  /**
   * compactedRevision asks etcd, which has no call for it: a read at a
   * revision below the compacted one is refused, so the smallest readable
   * revision is found by bisection, starting from the last one known (one
   * read when nothing was compacted since).
   */
  async compactedRevision(): Promise<number> {
    const readable = async (rev: number): Promise<boolean> => {
      try {
        await this.read(() => this.client.kv.range({ key: this.keys.probeKey(), revision: rev, count_only: true }));
        return true;
      } catch (err) {
        if (isCompacted(err)) return false;
        throw err;
      }
    };
    let lo = Math.max(this.knownCompacted, 1);
    if (await readable(lo)) return this.knownCompacted;
    let hi = await this.currentRevision(); // always readable
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await readable(mid)) hi = mid;
      else lo = mid;
    }
    this.noteCompacted(hi);
    return hi;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const w of [...this.watchers]) w.close();
    this.closed = true;
    this.client.close();
  }
}

/** modOf returns the mod revision of an etcd or Store key-value. */
function modOf(kv: { mod_revision: string } | KeyValue): number {
  return 'modRevision' in kv ? kv.modRevision : Number(kv.mod_revision);
}
