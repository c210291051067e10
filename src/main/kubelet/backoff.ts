/**
 * Per-key exponential back-off, as Kubernetes' flowcontrol.Backoff: the first
 * failure restarts at once and records `initial`; each later failure within
 * the window waits the recorded delay, then doubles it up to `max`. An entry
 * idle for more than 2 × max (10 min with the defaults) starts over.
 */
export interface Clock {
  now(): number;
}

export const realClock: Clock = { now: () => Date.now() };

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initialMs = 10_000,
    readonly maxMs = 300_000,
    private readonly clock: Clock = realClock,
  ) {}

  private expired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2;
  }

  /** get returns the current delay for key (0 if none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** next records a failure at eventTime: initial delay for a new or expired entry, else double (capped). */
  next(key: string, eventTime: number = this.clock.now()): void {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e.lastUpdate)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: this.clock.now() });
      return;
    }
    e.backoffMs = Math.min(e.backoffMs * 2, this.maxMs);
    e.lastUpdate = this.clock.now();
  }

  /** isInBackOffSince reports whether less than the current delay has passed since eventTime. */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e.lastUpdate)) return false;
    return this.clock.now() - eventTime < e.backoffMs;
  }

  /** remainingMs is how long until key leaves back-off counted from eventTime (0 if not in back-off). */
  remainingMs(key: string, eventTime: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, eventTime + e.backoffMs - this.clock.now());
  }

  /** reset forgets a key (the pod went away). */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** resetPrefix forgets every key starting with prefix (all containers of a pod). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
