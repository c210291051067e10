/**
 * The scheduling queue: pods to try now (a deduplicating FIFO), and pods that
 * did not fit, parked with a per-pod back-off (1 s doubling to 10 s) until a
 * cluster change that could help (a node added or updated, a pod deleted)
 * moves them back, or they have waited the maximum (60 s) anyway.
 */
import { realClock, type Clock, type TimerHandle } from '../client/clock';
import { WorkQueue } from '../client/workqueue';

export interface SchedulingQueueOptions {
  clock?: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** After this long parked, a pod is retried even without a cluster change. */
  maxUnschedulableMs?: number;
}

/** SchedulingQueue orders pending pods (by key) for the scheduler. */
export class SchedulingQueue {
  readonly active: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly attempts = new Map<string, number>();
  private readonly parked = new Map<string, { since: number; until: number }>();
  private flushTimer: TimerHandle | undefined;
  private readonly initial: number;
  private readonly max: number;
  private readonly maxParked: number;

  constructor(opts: SchedulingQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.initial = opts.initialBackoffMs ?? 1000;
    this.max = opts.maxBackoffMs ?? 10_000;
    this.maxParked = opts.maxUnschedulableMs ?? 60_000;
    this.active = new WorkQueue<string>({ name: 'scheduler', clock: this.clock });
  }

  /** add queues a pod to try now (a new pending pod). A parked pod stays parked. */
  add(key: string): void {
    if (this.parked.has(key)) return;
    this.active.add(key);
  }

  /** pop waits for the next pod key (undefined after shutDown). */
  pop(): Promise<string | undefined> {
    return this.active.get();
  }

  /** done ends an attempt on key (see WorkQueue.done). */
  done(key: string): void {
    this.active.done(key);
  }

  /** backoffMs is the current back-off of key: 1 s, 2 s, 4 s, 8 s, 10 s, … */
  backoffMs(key: string): number {
    const n = this.attempts.get(key) ?? 0;
    return n === 0 ? 0 : Math.min(this.initial * 2 ** (n - 1), this.max);
  }

  /** unschedulable parks key after a failed attempt and grows its back-off. */
  unschedulable(key: string): void {
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
    const now = this.clock.now();
    this.parked.set(key, { since: now, until: now + this.backoffMs(key) });
    this.scheduleFlush();
  }

  /** retry re-queues key after its back-off (a failed binding, an API error). */
  retry(key: string): void {
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
    this.active.addAfter(key, this.backoffMs(key));
  }

  /** moveAllToActive wakes every parked pod (respecting its back-off): the cluster changed. */
  moveAllToActive(): void {
    for (const key of [...this.parked.keys()]) this.wake(key);
  }

  /** podUpdated wakes a parked pod whose spec or labels changed. */
  podUpdated(key: string): void {
    if (this.parked.has(key)) this.wake(key);
  }

  /** remove forgets key (the pod was bound or deleted). */
  remove(key: string): void {
    this.parked.delete(key);
    this.attempts.delete(key);
  }

  /** isParked reports whether key waits for a cluster change. */
  isParked(key: string): boolean {
    return this.parked.has(key);
  }

  /** parkedCount is the number of unschedulable pods. */
  parkedCount(): number {
    return this.parked.size;
  }

  shutDown(): void {
    this.flushTimer?.cancel();
    this.active.shutDown();
  }

  /** isShutDown reports whether shutDown was called. */
  isShutDown(): boolean {
    return this.active.shuttingDown();
  }

  private wake(key: string): void {
    const p = this.parked.get(key);
    if (!p) return;
    this.parked.delete(key);
    this.active.addAfter(key, p.until - this.clock.now());
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.active.shuttingDown()) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      const now = this.clock.now();
      for (const [key, p] of [...this.parked]) if (now - p.since >= this.maxParked) this.wake(key);
      if (this.parked.size > 0) this.scheduleFlush();
    }, Math.min(this.maxParked, 30_000));
  }
}
