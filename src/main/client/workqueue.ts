/**
 * A rate-limited work queue with client-go's semantics: a key is queued at most
 * once (dedup), a key being processed is never handed to a second worker (if
 * re-added meanwhile it comes back after `done`), failures back off per key
 * exponentially, and an overall token bucket bounds the retry rate.
 */
import { realClock, type Clock, type TimerHandle } from './clock';

/** RateLimiter decides how long an item waits before its next retry. */
export interface RateLimiter<K> {
  when(item: K): number;
  forget(item: K): void;
  numRequeues(item: K): number;
}

/** ItemExponentialRateLimiter waits base·2^failures per item, capped at max (client-go: 5 ms → 1000 s). */
export class ItemExponentialRateLimiter<K> implements RateLimiter<K> {
  private failures = new Map<K, number>();
  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1000_000,
  ) {}

  when(item: K): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    // 2^n overflows to Infinity long after it passes max; Math.min handles it.
    return Math.min(this.baseMs * 2 ** n, this.maxMs);
  }
  forget(item: K): void {
    this.failures.delete(item);
  }
  numRequeues(item: K): number {
    return this.failures.get(item) ?? 0;
  }
}

/** BucketRateLimiter is a token bucket shared by all items (client-go: 10 qps, burst 100). */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;
  constructor(
    private readonly qps = 10,
    private readonly burst = 100,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_item: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    // Reserve a token even if it is not there yet: the wait is how long until it is.
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }
  forget(): void {}
  numRequeues(): number {
    return 0;
  }
}

/** MaxOfRateLimiter waits the longest of its limiters. */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: RateLimiter<K>[];
  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }
  when(item: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(item)));
  }
  forget(item: K): void {
    for (const l of this.limiters) l.forget(item);
  }
  numRequeues(item: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(item)));
  }
}

/** defaultControllerRateLimiter is client-go's DefaultControllerRateLimiter: max(5 ms·2^n ≤ 1000 s, 10 qps burst 100). */
export function defaultControllerRateLimiter<K>(clock: Clock = realClock): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialRateLimiter<K>(5, 1000_000), new BucketRateLimiter<K>(10, 100, clock));
}

export interface WorkQueueOptions<K> {
  name?: string;
  clock?: Clock;
  rateLimiter?: RateLimiter<K>;
}

/** WorkQueue is a deduplicating, rate-limited, delaying queue of keys. */
export class WorkQueue<K = string> {
  readonly name: string;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter<K>;
  private queue: K[] = [];
  private head = 0;
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiting = new Map<K, { at: number; timer: TimerHandle }>();
  private waiters: ((item: K | undefined) => void)[] = [];
  private shutdown = false;

  constructor(opts: WorkQueueOptions<K> = {}) {
    this.name = opts.name ?? 'queue';
    this.clock = opts.clock ?? realClock;
    this.limiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>(this.clock);
  }

  /** add queues item unless it is already queued; a key in processing is re-queued at `done`. */
  add(item: K): void {
    if (this.shutdown || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.push(item);
  }

  /** addAfter adds item once ms have passed; an earlier pending addAfter for the same item wins. */
  addAfter(item: K, ms: number): void {
    if (this.shutdown) return;
    if (ms <= 0) return this.add(item);
    const at = this.clock.now() + ms;
    const prev = this.waiting.get(item);
    if (prev && prev.at <= at) return;
    prev?.timer.cancel();
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, ms);
    this.waiting.set(item, { at, timer });
  }

  /** addRateLimited adds item after its rate limiter's delay (a failure retry). */
  addRateLimited(item: K): void {
    this.addAfter(item, this.limiter.when(item));
  }

  /** forget clears item's failure history (call after a successful sync). */
  forget(item: K): void {
    this.limiter.forget(item);
  }

  /** numRequeues is how many times item has failed since it was last forgotten. */
  numRequeues(item: K): number {
    return this.limiter.numRequeues(item);
  }

  /** get waits for the next item and marks it processing; undefined once shut down and drained. */
  get(): Promise<K | undefined> {
    const item = this.pop();
    if (item !== undefined || this.shutdown) return Promise.resolve(item);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** tryGet returns the next item without waiting (tests and synchronous drivers). */
  tryGet(): K | undefined {
    return this.pop();
  }

  /** done ends processing of item; if it was re-added meanwhile it is queued again. */
  done(item: K): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) this.push(item);
  }

  /** len is the number of queued (not processing, not waiting) items. */
  len(): number {
    return this.queue.length - this.head;
  }

  /** isQueued reports whether item is queued or will be once it finishes processing. */
  isQueued(item: K): boolean {
    return this.dirty.has(item);
  }

  /** shutDown stops accepting items, cancels delayed adds and wakes every waiting get with undefined. */
  shutDown(): void {
    this.shutdown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w(undefined);
  }

  /** shuttingDown reports whether shutDown was called. */
  shuttingDown(): boolean {
    return this.shutdown;
  }

  private push(item: K): void {
    const w = this.waiters.shift();
    if (w) {
      this.dirty.delete(item);
      this.processing.add(item);
      w(item);
      return;
    }
    this.queue.push(item);
  }

  private pop(): K | undefined {
    if (this.head >= this.queue.length) return undefined;
    const item = this.queue[this.head++] as K;
    // Compact occasionally so a long-lived queue does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(item);
    this.processing.add(item);
    return item;
  }
}
