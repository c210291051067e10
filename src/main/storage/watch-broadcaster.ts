/**
 * The watch broadcaster: fans committed events out to watchers, kine-style.
 *
 * - One revision counter: the broadcaster knows the last revision it
 *   published, and every event's revision is its kv.modRevision.
 * - Subscribe before replay: a new watcher is registered (so live events start
 *   queueing for it) before its history is read, and the history is read only
 *   up to the revision published at registration; nothing falls between.
 * - Never past a gap: publish() accepts only the next revision; if a revision
 *   is missing it reads the missing range from the history source first.
 * - Slow watchers are dropped, never waited on: each watcher has a bounded
 *   queue; when it overflows the watcher ends with WatcherTooSlowError.
 * - Delivery is asynchronous (a microtask after the write, never inside the
 *   writer's call), one batch at a time per watcher, in revision order.
 *
 * Unlike kine, nothing polls the table: one process owns the database, so the
 * writer publishes each commit directly, and the table is read only for
 * replay and gap filling.
 */
import {
  CompactedError,
  StoreError,
  WatcherTooSlowError,
  type StoreEvent,
  type WatchCallbacks,
  type Watcher,
} from './types';
import { WatchDelivery } from './watch-delivery';

/** EventHistory is where the broadcaster reads events it did not see live (replay, gap fill). */
export interface EventHistory {
  /** compactedRevision: events at or below it may be missing. */
  compactedRevision(): number;
  /** eventsAfter returns events under prefix with after < revision <= upto, in order, at most limit. */
  eventsAfter(prefix: string, after: number, upto: number, limit: number): StoreEvent[];
}

/** BroadcasterOptions tune the per-watcher bounds. */
export interface BroadcasterOptions {
  /**
   * Events a watcher may have queued before it is dropped (default 10,000).
   * Deliveries run between writes that await each other; a burst of more
   * writes than this issued within one tick overflows every watcher.
   */
  maxQueuedEvents?: number;
  /** Events per onEvents call and per history page (default 1,000). */
  batchSize?: number;
}

/** revisionOf returns the revision at which an event happened. */
export function revisionOf(e: StoreEvent): number {
  return e.kv.modRevision;
}

class BroadcastWatcher implements Watcher {
  private readonly delivery: WatchDelivery;
  /** History still to replay: revisions in (replayCursor, replayUpto]. */
  private replayCursor: number;

  constructor(
    private readonly owner: WatchBroadcaster,
    readonly prefix: string,
    /** Only events with a revision above this are delivered. */
    readonly fromRevision: number,
    private readonly replayUpto: number,
    cb: WatchCallbacks,
  ) {
    this.replayCursor = fromRevision;
    this.delivery = new WatchDelivery(
      cb,
      { maxQueuedEvents: owner.maxQueuedEvents, batchSize: owner.batchSize },
      { onClose: () => this.owner.remove(this), replay: () => this.nextHistoryPage() },
    );
  }

  /** enqueue takes a live event; false when the queue is full. */
  enqueue(e: StoreEvent): boolean {
    if (!e.kv.key.startsWith(this.prefix) || revisionOf(e) <= this.fromRevision) return true;
    return this.delivery.enqueue(e);
  }

  /** schedule starts delivery (history first) if it is not running. */
  schedule(): void {
    this.delivery.schedule();
  }

  /** nextHistoryPage reads the next page of history to replay, undefined once replay is done. */
  private nextHistoryPage(): StoreEvent[] | undefined {
    if (this.replayCursor >= this.replayUpto) return undefined;
    const { history, batchSize } = this.owner;
    const compacted = history.compactedRevision();
    // Thrown, the delivery ends the watch with it.
    if (compacted > this.replayCursor) throw new CompactedError(this.replayCursor, compacted);
    const page = history.eventsAfter(this.prefix, this.replayCursor, this.replayUpto, batchSize);
    this.replayCursor = page.length < batchSize ? this.replayUpto : revisionOf(page[page.length - 1]!);
    return page;
  }

  /** fail ends the watch with err, delivered once and asynchronously. */
  fail(err: Error): void {
    this.delivery.fail(err);
  }

  /** progress: with history replayed and nothing queued, every event up to the last published revision was delivered. */
  progress(): number | undefined {
    if (this.replayCursor < this.replayUpto || !this.delivery.idle) return undefined;
    return Math.max(this.owner.publishedRevision, this.fromRevision);
  }

  close(): void {
    this.delivery.close();
  }
}

/** WatchBroadcaster fans committed events out to watchers in revision order. */
export class WatchBroadcaster {
  private readonly watchers = new Set<BroadcastWatcher>();
  private lastRevision: number;
  readonly maxQueuedEvents: number;
  readonly batchSize: number;

  /** WatchBroadcaster starts after currentRevision, reading older events from history. */
  constructor(
    readonly history: EventHistory,
    currentRevision: number,
    opts: BroadcasterOptions = {},
  ) {
    this.lastRevision = currentRevision;
    this.maxQueuedEvents = opts.maxQueuedEvents ?? 10_000;
    this.batchSize = opts.batchSize ?? 1_000;
  }

  /**
   * publish hands over the event committed at the next revision. Called by
   * the writer right after commit; it only queues, delivery happens later.
   */
  publish(event: StoreEvent): void {
    const rev = revisionOf(event);
    if (rev <= this.lastRevision) return; // already published (e.g. by a gap fill)
    if (rev > this.lastRevision + 1) {
      // A revision is missing: fill from history rather than emit past the gap.
      for (const e of this.history.eventsAfter('', this.lastRevision, rev - 1, 0)) {
        if (revisionOf(e) !== this.lastRevision + 1) break;
        this.deliver(e);
      }
      if (this.lastRevision !== rev - 1) {
        // History cannot close the gap (compacted meanwhile): every watcher
        // would miss events, so each ends with an error and re-lists. The
        // writer's commit stands; it is not the writer's failure.
        const missing = new StoreError(`watch: revisions ${this.lastRevision + 1}..${rev - 1} are missing from history`);
        for (const w of [...this.watchers]) w.fail(missing);
        this.lastRevision = rev - 1;
      }
    }
    this.deliver(event);
  }

  private deliver(event: StoreEvent): void {
    this.lastRevision = revisionOf(event);
    for (const w of this.watchers) {
      if (!w.enqueue(event)) w.fail(new WatcherTooSlowError(w.prefix));
    }
  }

  /** watch subscribes to events under prefix with revision > fromRevision (see Store.watch). */
  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watcher {
    const compacted = this.history.compactedRevision();
    // Subscribe first: from here on, every published event queues for w; the
    // history it needs is exactly (fromRevision, lastRevision].
    const w = new BroadcastWatcher(this, prefix, fromRevision, this.lastRevision, cb);
    this.watchers.add(w);
    if (fromRevision < compacted) {
      w.fail(new CompactedError(fromRevision, compacted));
      return w;
    }
    w.schedule();
    return w;
  }

  /** publishedRevision is the last revision handed to the watchers. */
  get publishedRevision(): number {
    return this.lastRevision;
  }

  /** remove forgets a closed watcher. */
  remove(w: Watcher): void {
    this.watchers.delete(w as BroadcastWatcher);
  }

  /** closeAll ends every watcher silently (the store is closing). */
  closeAll(): void {
    for (const w of [...this.watchers]) w.close();
  }

  /** watcherCount is the number of live watchers (for tests and metrics). */
  get watcherCount(): number {
    return this.watchers.size;
  }
}
