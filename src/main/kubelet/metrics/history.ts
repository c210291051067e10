/** A fixed-size ring of usage points: the in-memory history behind the app's charts. */
import type { UsagePoint } from '../../node-api/metrics';

/** HISTORY_POINTS keeps 16 minutes at 10 s resolution (the issue asks for at least 15). */
export const HISTORY_POINTS = 96;
/** HISTORY_STEP_MS is the resolution of the history. */
export const HISTORY_STEP_MS = 10_000;

/** History keeps the last `size` points, oldest first. */
export class History {
  private readonly points: UsagePoint[] = [];
  constructor(private readonly size = HISTORY_POINTS) {}

  /** add appends a point, dropping the oldest past the size. */
  add(p: UsagePoint): void {
    this.points.push(p);
    if (this.points.length > this.size) this.points.splice(0, this.points.length - this.size);
  }

  /** list returns a copy, oldest first. */
  list(): UsagePoint[] {
    return [...this.points];
  }
}
