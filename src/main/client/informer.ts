/**
 * Informers: list, then watch from the list's resourceVersion; on a closed
 * watch resume from the last resourceVersion seen; on 410 Gone relist. Objects
 * land in an indexed cache (see lister.ts); handlers get onAdd / onUpdate /
 * onDelete and should only enqueue keys. A SharedInformerFactory gives every
 * controller the same informer per resource, as client-go's does.
 */
import type { KubeObject, Status } from '../../shared/api/meta';
import { apiVersionOf, findResource, type GroupVersionResource } from '../../shared/api/resources';
import { isGone } from '../../shared/errors';
import { realClock, type Clock, type TimerHandle } from './clock';
import { Indexer, Lister, objectKey, type IndexFunc } from './lister';
import type { ApiClient, WatchSubscription } from './types';

export interface ResourceEventHandler<T> {
  onAdd?(obj: Readonly<T>): void;
  onUpdate?(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  /** onDelete gets the last state the cache knew. */
  onDelete?(obj: Readonly<T>): void;
}

export interface InformerOptions<T> {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Every resyncMs, onUpdate(obj, obj) is called for every cached object (0 = never). */
  resyncMs?: number;
  indexers?: Record<string, IndexFunc<T>>;
  clock?: Clock;
  /** Watch timeout asked of the server, in seconds (client-go picks 300–600). */
  watchTimeoutSeconds?: number;
  /** Called with errors the informer recovers from (list/watch failures). */
  onError?: (err: unknown) => void;
}

type WatchEnd = 'closed' | 'gone' | 'stopped';

/** Informer keeps a cache of one resource in step with the API server. */
export class Informer<T extends KubeObject = KubeObject> {
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  private readonly handlers: ResourceEventHandler<T>[] = [];
  private readonly clock: Clock;
  private readonly kind: { kind: string; apiVersion: string } | undefined;
  private started = false;
  private stopped = false;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private lastRv = '';
  private watchSub: WatchSubscription | undefined;
  private wake: ((end: WatchEnd) => void) | undefined;
  private resyncTimer: TimerHandle | undefined;
  private sleepTimer: { handle: TimerHandle; resolve: () => void } | undefined;
  /** How many times the informer has listed (tests assert relists). */
  listCount = 0;

  constructor(
    private readonly client: ApiClient,
    readonly gvr: GroupVersionResource,
    private readonly opts: InformerOptions<T> = {},
  ) {
    this.indexer = new Indexer<T>(opts.indexers);
    this.lister = new Lister<T>(this.indexer);
    this.clock = opts.clock ?? realClock;
    const info = findResource(gvr.group, gvr.version, gvr.resource);
    this.kind = info ? { kind: info.kind, apiVersion: apiVersionOf(info) } : undefined;
  }

  /** addEventHandler registers handlers; objects already cached are replayed as onAdd. */
  addEventHandler(h: ResourceEventHandler<T>): void {
    this.handlers.push(h);
    if (h.onAdd) for (const o of this.indexer.values()) h.onAdd(o);
  }

  /** addIndexers adds cache indexes (may be called after start). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  /** start begins list+watch in the background; calling it again does nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
    this.scheduleResync();
  }

  /** stop ends the watch and timers; handlers are not called afterwards. */
  stop(): void {
    this.stopped = true;
    this.watchSub?.stop();
    this.wake?.('stopped');
    this.resyncTimer?.cancel();
    if (this.sleepTimer) {
      this.sleepTimer.handle.cancel();
      this.sleepTimer.resolve();
    }
    for (const w of this.syncWaiters) w();
    this.syncWaiters = [];
  }

  /** hasSynced reports whether the first list has been stored. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** waitForSync resolves true once the first list is stored (false if stopped first). */
  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => this.syncWaiters.push(() => resolve(this.synced)));
  }

  /** lastSyncResourceVersion is the last resourceVersion the informer saw. */
  lastSyncResourceVersion(): string {
    return this.lastRv;
  }

  private async run(): Promise<void> {
    let backoff = 800;
    while (!this.stopped) {
      try {
        await this.listOnce();
        backoff = 800;
        await this.watchUntilGone();
      } catch (err) {
        if (this.stopped) return;
        this.opts.onError?.(err);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private async listOnce(): Promise<void> {
    const list = await this.client.list<T>(this.gvr, this.opts.namespace, {
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
      // The cache only reads what it holds: one frozen copy shared with the other informers, not a copy each.
      sharedReadOnly: true,
    });
    if (this.stopped) return;
    this.listCount++;
    this.replace(list.items);
    this.lastRv = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      const ws = this.syncWaiters;
      this.syncWaiters = [];
      for (const w of ws) w();
    }
  }

  /** Watches from lastRv again and again; returns when the server says the revision is gone (relist). */
  private async watchUntilGone(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let end: WatchEnd;
      try {
        end = await this.watchOnce();
        failures = 0;
      } catch (err) {
        if (isGone(err)) return;
        if (this.stopped) return;
        this.opts.onError?.(err);
        await this.sleep(Math.min(800 * 2 ** failures++, 30_000));
        continue;
      }
      if (end === 'gone' || end === 'stopped') return;
    }
  }

  private watchOnce(): Promise<WatchEnd> {
    return new Promise<WatchEnd>((resolve, reject) => {
      let done = false;
      const finish = (end: WatchEnd) => {
        if (done) return;
        done = true;
        this.wake = undefined;
        this.watchSub?.stop();
        this.watchSub = undefined;
        resolve(end);
      };
      this.wake = finish;
      this.client
        .watch<T>(
          this.gvr,
          this.opts.namespace,
          {
            resourceVersion: this.lastRv,
            labelSelector: this.opts.labelSelector,
            fieldSelector: this.opts.fieldSelector,
            allowWatchBookmarks: true,
            sharedReadOnly: true,
            timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300),
          },
          {
            onEvent: (ev) => {
              if (done || this.stopped) return;
              if (ev.type === 'ERROR') {
                const st = ev.object as Status;
                // 410 (Expired/Gone): the revision was compacted; only a relist recovers.
                if (st.code === 410) finish('gone');
                else {
                  this.opts.onError?.(new Error(`watch error ${st.code}: ${st.message ?? ''}`));
                  finish('closed');
                }
                return;
              }
              this.apply(ev.type, ev.object as T);
            },
            onClose: () => finish('closed'),
          },
        )
        .then((sub) => {
          if (done) sub.stop();
          else this.watchSub = sub;
        })
        .catch((err) => {
          if (done) return;
          done = true;
          this.wake = undefined;
          reject(err);
        });
    });
  }

  /** List items carry no kind/apiVersion on the wire; events and ownerReferences built from cached objects need them. */
  private withKind(obj: T): T {
    if (!obj.kind && this.kind) {
      // A shared object is frozen: the cache holds a shallow copy with the kind instead.
      if (Object.isFrozen(obj)) return { ...obj, kind: this.kind.kind, apiVersion: this.kind.apiVersion };
      obj.kind = this.kind.kind;
      obj.apiVersion = this.kind.apiVersion;
    }
    return obj;
  }

  private apply(type: string, received: T): void {
    const obj = this.withKind(received);
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.lastRv = rv;
    switch (type) {
      case 'ADDED':
      case 'MODIFIED': {
        const old = this.indexer.upsert(obj);
        if (old) for (const h of this.handlers) this.call(() => h.onUpdate?.(old, obj));
        else for (const h of this.handlers) this.call(() => h.onAdd?.(obj));
        break;
      }
      case 'DELETED': {
        const old = this.indexer.remove(objectKey(obj));
        for (const h of this.handlers) this.call(() => h.onDelete?.(obj ?? old));
        break;
      }
      default:
        // BOOKMARK: only the resourceVersion matters.
        break;
    }
  }

  /** replace swaps the cache for a fresh list, telling handlers what changed meanwhile. */
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const received of items) {
      const o = this.withKind(received);
      const k = objectKey(o);
      seen.add(k);
      const old = this.indexer.get(k);
      if (old && old.metadata.resourceVersion === o.metadata.resourceVersion) continue;
      this.indexer.upsert(o);
      if (old) for (const h of this.handlers) this.call(() => h.onUpdate?.(old, o));
      else for (const h of this.handlers) this.call(() => h.onAdd?.(o));
    }
    for (const k of [...this.indexer.keys()]) {
      if (seen.has(k)) continue;
      const old = this.indexer.remove(k)!;
      for (const h of this.handlers) this.call(() => h.onDelete?.(old));
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private scheduleResync(): void {
    const ms = this.opts.resyncMs ?? 0;
    if (!ms || this.stopped) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      for (const o of this.indexer.values()) for (const h of this.handlers) this.call(() => h.onUpdate?.(o, o));
      this.scheduleResync();
    }, ms);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.sleepTimer = undefined;
        resolve();
      }, ms);
      this.sleepTimer = { handle, resolve };
    });
  }
}

/** createInformer builds (but does not start) an informer for one resource. */
export function createInformer<T extends KubeObject = KubeObject>(
  client: ApiClient,
  gvr: GroupVersionResource,
  opts: InformerOptions<T> = {},
): Informer<T> {
  return new Informer<T>(client, gvr, opts);
}

export interface SharedInformerFactoryOptions {
  resyncMs?: number;
  clock?: Clock;
  onError?: (err: unknown) => void;
}

/** SharedInformerFactory hands out one informer per resource (and namespace/selectors) to every controller. */
export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private stopped = false;

  constructor(
    readonly client: ApiClient,
    private readonly opts: SharedInformerFactoryOptions = {},
  ) {}

  /** informerFor returns the shared informer for gvr, creating it on first use. */
  informerFor<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): Informer<T> {
    const key = [gvr.group, gvr.version, gvr.resource, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? ''].join('|');
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer<KubeObject>(this.client, gvr, { ...opts, resyncMs: this.opts.resyncMs, clock: this.opts.clock, onError: this.opts.onError });
      this.informers.set(key, inf);
    }
    return inf as unknown as Informer<T>;
  }

  /** start starts every informer not yet started (call again after asking for more). */
  start(): void {
    if (this.stopped) return;
    for (const inf of this.informers.values()) inf.start();
  }

  /** waitForCacheSync resolves true once every informer has listed. */
  async waitForCacheSync(): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
    return results.every(Boolean);
  }

  /** stop stops every informer. */
  stop(): void {
    this.stopped = true;
    for (const inf of this.informers.values()) inf.stop();
  }
}
