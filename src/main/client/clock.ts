/**
 * Clock is the seam for time in the client machinery and in controllers: work
 * queues, informers' resync, expectations' expiry and controllers' requeue-after
 * all read time through it, so tests can drive time with a fake clock instead
 * of sleeping.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** now returns milliseconds since the epoch. */
  now(): number;
  /** setTimeout runs fn after ms (clock time). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

/** realClock is the wall clock. Timers are unref'd so they never keep a process alive. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};
