/**
 * WatchCache: one resource's current objects in memory, kept current by one
 * store watch, as kube-apiserver's cacher does. It serves the reads that
 * accept any state not older than a revision: lists at resourceVersion=0 or
 * resourceVersionMatch=NotOlderThan (selectors, limit and continue included)
 * and the initial state of a watch from resourceVersion=0. Consistent reads
 * (resourceVersion unset) and Exact ones keep reading the store.
 *
 * - One object per key and revision: the object the codec decodes for the
 *   store's event, which every watcher of that event receives; frozen here,
 *   so nothing can change what the cache and every watcher share. Its JSON
 *   is made once, on first use, and kept with it (the codec then keeps none).
 * - Started on first use (a full list, then a watch from the list's
 *   revision) and stopped after a while unused, so kinds no one reads this
 *   way cost nothing. A failed watch (too slow, compacted, store error)
 *   drops the contents; the next read starts it again.
 * - Fresh enough: a read not older than N waits, up to waitMs (3 s, as the
 *   cacher's blockTimeout), for the cache to reach N. The store watch tells
 *   its progress (Watcher.progress), so writes to other kinds advance the
 *   cache's revision without any event for it. Past the wait: N beyond the
 *   store's revision is 504 "Too large resource version", as Kubernetes
 *   answers; otherwise the read falls back to the store. A store watch
 *   that tells no progress (etcd's, here) sends a read the cache has not
 *   reached to the store at once.
 * - Pagination: a page that leaves items behind keeps the collection as it
 *   was at the page's revision (an immutable array of entries: a snapshot)
 *   for snapshotTtlMs; a continue token naming that revision is served from
 *   it. Past it the token goes to the store like any other, where a
 *   compacted revision is 410 Expired.
 */
import type { KubeObject } from '../../../shared/api/meta';
import type { KeyValue, Store, StoreEvent, Watcher } from '../../storage/types';
import { apiError } from '../status';
import { decodeContinue, encodeContinue } from './continue-token';
import { deepFreeze } from '../../../shared/deep-freeze';

/** CacheEntry is one key at one revision. Replaced, never changed, when the key changes (snapshots hold the old one). */
export interface CacheEntry {
  readonly key: string;
  readonly rev: number;
  /** Frozen: shared with every watcher of the event that wrote it. */
  readonly obj: KubeObject;
  /** The object's JSON, made on first use. */
  json?: string;
}

/** WatchCacheOptions wire a WatchCache. */
export interface WatchCacheOptions {
  store: Store;
  /** The resource's key prefix (every namespace). */
  prefix: string;
  /** The shared decode of a stored KeyValue (GenericResource.decode). */
  decode(kv: KeyValue): KubeObject;
  /** How long a read waits for the cache to reach its revision (default 3,000 ms). */
  waitMs?: number;
  /** How long a paginated list's snapshot serves its continue tokens (default 60 s). */
  snapshotTtlMs?: number;
  /** At most this many snapshots are held (default 4; the oldest goes first). Each keeps the objects of its revision alive. */
  maxSnapshots?: number;
  /** Stop (and forget everything) after this long without a read (default 5 min; 0 = never). */
  idleMs?: number;
  /** Milliseconds clock of snapshot expiry and idleness (tests). */
  now?: () => number;
}

/** CacheQuery is one list read from the cache. */
export interface CacheQuery {
  /** Key prefix of the collection read (a namespace's or the whole resource's). */
  prefix: string;
  /** The oldest revision acceptable (0: any). */
  minRev: number;
  matches?: ((obj: KubeObject) => boolean) | undefined;
  /** At most this many items (0: all). */
  limit?: number;
  /** A continue token from an earlier page. */
  continue?: string;
}

/** CacheRead is a page served from the cache. */
export interface CacheRead {
  /** The revision the page shows the collection at. */
  rev: number;
  items: CacheEntry[];
  /** Set when items were left behind. */
  continue?: string;
}

interface Snapshot {
  entries: readonly CacheEntry[];
  expires: number;
}

/** tooLargeResourceVersion is the cacher's answer for a revision it did not reach in time (504, retry after 1 s). */
export function tooLargeResourceVersion(requested: number, current: number) {
  return apiError(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

/** lowerBound is the first index in entries (sorted by key) whose key is not below key. */
function lowerBound(entries: readonly CacheEntry[], key: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How often a waiting read looks at the store watch's progress. */
const PROGRESS_POLL_MS = 20;

/** WatchCache holds one resource's objects (see the file comment). */
export class WatchCache {
  private readonly store: Store;
  private readonly prefix: string;
  private readonly decode: (kv: KeyValue) => KubeObject;
  private readonly waitMs: number;
  private readonly snapshotTtlMs: number;
  private readonly maxSnapshots: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private byKey = new Map<string, CacheEntry>();
  /** Every entry, sorted by key. */
  private sorted: CacheEntry[] = [];
  /** The revision the contents show (events applied, or progress told). */
  private rev = 0;
  private watcher: Watcher | undefined;
  private starting: Promise<void> | undefined;
  /** Bumped by every start and stop: events of an older watch are ignored. */
  private generation = 0;
  private readonly snapshots = new Map<number, Snapshot>();
  private readonly wakers = new Set<() => void>();
  private lastUse = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Full lists read from the store to (re)start: for tests and metrics. */
  starts = 0;

  constructor(opts: WatchCacheOptions) {
    this.store = opts.store;
    this.prefix = opts.prefix;
    this.decode = opts.decode;
    this.waitMs = opts.waitMs ?? 3000;
    this.snapshotTtlMs = opts.snapshotTtlMs ?? 60_000;
    this.maxSnapshots = opts.maxSnapshots ?? 4;
    this.idleMs = opts.idleMs ?? 300_000;
    this.now = opts.now ?? Date.now;
  }

  /** running is true while the cache holds a current copy of the collection. */
  get running(): boolean {
    return this.watcher !== undefined && this.starting === undefined;
  }

  /** revision is the revision the cache has reached (0 when not running). */
  get revision(): number {
    return this.running ? this.rev : 0;
  }

  /** size is the number of objects held. */
  get size(): number {
    return this.byKey.size;
  }

  /** entryAt is the entry of key when the cache holds it at exactly rev (a store list may then skip its value). */
  entryAt(key: string, rev: number): CacheEntry | undefined {
    if (!this.running) return undefined;
    const e = this.byKey.get(key);
    return e && e.rev === rev ? e : undefined;
  }

  /** jsonOf is an entry's JSON, made once. */
  static jsonOf(e: CacheEntry): string {
    return (e.json ??= JSON.stringify(e.obj));
  }

  /**
   * list serves one page from memory once the cache has reached q.minRev;
   * undefined when the read must go to the store (a continue token whose
   * snapshot is gone, or a cache lagging behind the store past the wait).
   */
  async list(q: CacheQuery): Promise<CacheRead | undefined> {
    if (q.continue) return this.listContinued(q);
    if (!(await this.waitFresh(q.minRev))) return undefined;
    return this.page(this.sorted, this.rev, q, lowerBound(this.sorted, q.prefix), true);
  }

  /**
   * state is the collection under prefix at a revision not older than
   * minRev, for a watch's initial events (the watch then follows the store
   * from rev); undefined when the read must go to the store.
   */
  async state(prefix: string, minRev: number): Promise<{ rev: number; entries: CacheEntry[] } | undefined> {
    if (!(await this.waitFresh(minRev))) return undefined;
    const start = lowerBound(this.sorted, prefix);
    let end = start;
    while (end < this.sorted.length && this.sorted[end]!.key.startsWith(prefix)) end++;
    return { rev: this.rev, entries: this.sorted.slice(start, end) };
  }

  /** stop forgets everything and closes the store watch (the next read starts again). */
  stop(): void {
    this.generation++;
    this.watcher?.close();
    this.watcher = undefined;
    this.byKey = new Map();
    this.sorted = [];
    this.rev = 0;
    this.snapshots.clear();
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    this.wake();
  }

  private async listContinued(q: CacheQuery): Promise<CacheRead | undefined> {
    this.touch();
    const tok = decodeContinue(q.continue!);
    const snap = this.snapshot(tok.rv);
    if (!snap) return undefined;
    const after = q.prefix + tok.start;
    let from = lowerBound(snap, after);
    if (from < snap.length && snap[from]!.key === after) from++;
    return this.page(snap, tok.rv, q, from, false);
  }

  /** page reads at most q.limit matching entries of entries from index from, within q.prefix. */
  private page(entries: readonly CacheEntry[], rev: number, q: CacheQuery, from: number, current: boolean): CacheRead {
    const limit = q.limit && q.limit > 0 ? q.limit : 0;
    const items: CacheEntry[] = [];
    let i = from;
    for (; i < entries.length; i++) {
      const e = entries[i]!;
      if (!e.key.startsWith(q.prefix)) break;
      if (!q.matches || q.matches(e.obj)) items.push(e);
      if (limit && items.length >= limit) {
        i++;
        break;
      }
    }
    const more = limit > 0 && items.length >= limit && i < entries.length && entries[i]!.key.startsWith(q.prefix);
    if (!more) return { rev, items };
    // Later pages read the collection as it is now: keep it (the entries are never changed, only replaced).
    if (current) this.keepSnapshot(rev, entries);
    const last = items[items.length - 1]!.key;
    return { rev, items, continue: encodeContinue({ rv: rev, start: last.slice(q.prefix.length) }) };
  }

  private keepSnapshot(rev: number, entries: readonly CacheEntry[]): void {
    const expires = this.now() + this.snapshotTtlMs;
    const had = this.snapshots.get(rev);
    if (had) {
      had.expires = expires;
      return;
    }
    this.snapshots.set(rev, { entries: entries.slice(), expires });
    // Oldest first: a Map iterates in insertion order.
    for (const old of this.snapshots.keys()) {
      if (this.snapshots.size <= this.maxSnapshots) break;
      this.snapshots.delete(old);
    }
  }

  private snapshot(rev: number): readonly CacheEntry[] | undefined {
    const now = this.now();
    for (const [r, s] of this.snapshots) if (s.expires <= now) this.snapshots.delete(r);
    return this.snapshots.get(rev)?.entries;
  }

  /**
   * waitFresh starts the cache if needed and waits, up to waitMs, until it
   * has reached minRev: true when it has; false when the store has and the
   * cache lags (read the store); 504 when the store has not either.
   */
  private async waitFresh(minRev: number): Promise<boolean> {
    this.touch();
    await this.ready();
    this.takeProgress();
    if (this.rev >= minRev) return true;
    // A store watch that tells no progress (etcd here) cannot say the cache is current: the store serves what it has.
    if (!this.watcher?.progress && (await this.store.currentRevision()) >= minRev) return false;
    // Real time, as the timers waited on are (now() may be a test's clock).
    const deadline = Date.now() + this.waitMs;
    while (Date.now() < deadline) {
      await this.nextChange(Math.min(PROGRESS_POLL_MS, deadline - Date.now()));
      await this.ready();
      this.takeProgress();
      if (this.rev >= minRev) return true;
    }
    const current = await this.store.currentRevision();
    if (current >= minRev) return false;
    throw tooLargeResourceVersion(minRev, current);
  }

  /** takeProgress advances the revision to what the store watch has delivered everything up to. */
  private takeProgress(): void {
    const p = this.watcher?.progress?.();
    if (p !== undefined && p > this.rev) this.rev = p;
  }

  /** nextChange resolves when events are applied or the cache restarts, or after ms. */
  private nextChange(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wakers.delete(done);
        resolve();
      };
      const t = setTimeout(done, Math.max(ms, 0));
      this.wakers.add(done);
    });
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }

  private touch(): void {
    this.lastUse = this.now();
    if (this.idleMs > 0 && !this.idleTimer) {
      this.idleTimer = setInterval(() => {
        if (this.now() - this.lastUse >= this.idleMs) this.stop();
      }, Math.max(this.idleMs / 4, 10));
      this.idleTimer.unref?.();
    }
  }

  /** ready resolves once the cache holds the collection (starting it when it does not). */
  private async ready(): Promise<void> {
    // A start cut short by a stop (the feeding watch failed meanwhile) is started again, a few times at most.
    for (let attempt = 0; !this.running; attempt++) {
      if (attempt >= 5) throw apiError(503, 'ServiceUnavailable', 'the watch cache could not start: its store watch keeps failing');
      this.starting ??= this.start().finally(() => {
        this.starting = undefined;
      });
      await this.starting;
    }
  }

  /** start lists the collection, then follows the store from the list's revision. */
  private async start(): Promise<void> {
    const gen = ++this.generation;
    this.starts++;
    const page = await this.store.list(this.prefix);
    if (gen !== this.generation) return;
    const entries = page.items.map((kv) => this.entryOf(kv));
    // Stores list in key order; a JS comparison of the keys is the order the cache keeps.
    for (let i = 1; i < entries.length; i++) {
      if (entries[i - 1]!.key >= entries[i]!.key) {
        entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        break;
      }
    }
    this.sorted = entries;
    this.byKey = new Map(entries.map((e) => [e.key, e]));
    this.rev = page.revision;
    this.watcher = this.store.watch(this.prefix, page.revision, {
      onEvents: (events) => {
        if (gen !== this.generation) return;
        for (const ev of events) this.apply(ev);
        this.wake();
      },
      onError: () => {
        // Too slow, compacted or a store error: start over on the next read.
        if (gen === this.generation) this.stop();
      },
    });
  }

  private entryOf(kv: KeyValue): CacheEntry {
    return { key: kv.key, rev: kv.modRevision, obj: deepFreeze(this.decode(kv)) };
  }

  /** apply folds one store event into the contents. */
  private apply(ev: StoreEvent): void {
    const key = ev.kv.key;
    if (ev.type === 'delete') {
      if (this.byKey.delete(key)) {
        const i = lowerBound(this.sorted, key);
        if (this.sorted[i]?.key === key) this.sorted.splice(i, 1);
      }
    } else {
      const e = this.entryOf(ev.kv);
      const had = this.byKey.has(key);
      this.byKey.set(key, e);
      const i = lowerBound(this.sorted, key);
      if (had && this.sorted[i]?.key === key) this.sorted[i] = e;
      else this.sorted.splice(i, 0, e);
    }
    if (ev.kv.modRevision > this.rev) this.rev = ev.kv.modRevision;
  }
}
