/**
 * Watch delivery: the per-watcher queue and pump shared by the sqlite
 * broadcaster's watchers and the etcd store's watchers.
 *
 * - Bounded: enqueue refuses an event once maxQueuedEvents are waiting; the
 *   owner then ends the watch with WatcherTooSlowError, so a slow consumer
 *   never holds back writers (or etcd).
 * - Asynchronous: delivery starts in a microtask, never inside the call that
 *   queued the event (the writer's call stack).
 * - One batch at a time, in queue order: at most batchSize events per
 *   onEvents call, and the next batch waits for the promise onEvents returns.
 * - Ends once: fail closes and reports onError exactly once, in a microtask;
 *   close ends silently. Either runs the owner's onClose hook once.
 *
 * Backend-specific sources stay with the owner: the broadcaster's history
 * replay comes in through the optional `replay` hook, etcd's stream and
 * reconnection never touch this module.
 */
import type { StoreEvent, WatchCallbacks } from './types';

/** DeliveryOptions bound one watcher's queue and batches. */
export interface DeliveryOptions {
  /** Events that may be queued before enqueue refuses one. */
  maxQueuedEvents: number;
  /** Events per onEvents call. */
  batchSize: number;
}

/** DeliveryHooks are what the owning watcher plugs in. */
export interface DeliveryHooks {
  /** onClose runs once when the watch ends (closed or failed), after the queue is dropped. */
  onClose(): void;
  /**
   * replay returns the next page of events to deliver before any queued one,
   * or undefined once there is nothing left to replay. It may throw to end
   * the watch with that error. After each page the pump yields a macrotask
   * so a long replay never stalls writers.
   */
  replay?(): StoreEvent[] | undefined;
}

/** WatchDelivery queues one watcher's events and delivers them to its callbacks. */
export class WatchDelivery {
  private readonly queue: StoreEvent[] = [];
  private running = false;
  private ended = false;

  constructor(
    private readonly cb: WatchCallbacks,
    private readonly opts: DeliveryOptions,
    private readonly hooks: DeliveryHooks,
  ) {}

  /** closed is true once the watch has ended (closed or failed). */
  get closed(): boolean {
    return this.ended;
  }

  /** idle is true when nothing is queued or being delivered (replay included) and the watch is open. */
  get idle(): boolean {
    return !this.running && !this.ended && this.queue.length === 0;
  }

  /** enqueue queues an event for delivery; false when the queue is full (the owner then fails the watch). */
  enqueue(e: StoreEvent): boolean {
    if (this.queue.length >= this.opts.maxQueuedEvents) return false;
    this.queue.push(e);
    this.schedule();
    return true;
  }

  /** schedule starts the pump in a microtask unless it is running or the watch has ended. */
  schedule(): void {
    if (this.running || this.ended) return;
    this.running = true;
    queueMicrotask(() => void this.pump());
  }

  /** pump delivers replay pages, then queued events, one batch at a time. */
  private async pump(): Promise<void> {
    const { batchSize } = this.opts;
    try {
      while (!this.ended) {
        const page = this.hooks.replay?.();
        let batch: StoreEvent[];
        if (page !== undefined) batch = page;
        else if (this.queue.length > 0) batch = this.queue.splice(0, batchSize);
        else break;
        if (batch.length > 0) {
          const pending = this.cb.onEvents(batch);
          if (pending) await pending;
        }
        // Let writers run between replay pages so a long replay never stalls them.
        if (page !== undefined) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.running = false;
    }
    // An event may have arrived while the last batch was being awaited.
    if (!this.ended && this.queue.length > 0) this.schedule();
  }

  /** fail ends the watch with err, delivered once and asynchronously. */
  fail(err: Error): void {
    if (this.ended) return;
    this.close();
    queueMicrotask(() => this.cb.onError(err));
  }

  /** close ends the watch silently: drops the queue and runs the owner's onClose hook, once. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    this.hooks.onClose();
  }
}
