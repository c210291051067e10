/**
 * The log viewer's memory bound: the terminal keeps at most SCROLLBACK_LINES
 * lines above the screen and drops the oldest beyond that. This counter tells
 * the UI when that has happened, so it can say so.
 */

/** SCROLLBACK_LINES is how many lines the log viewer keeps, whatever it follows. */
export const SCROLLBACK_LINES = 10_000;

/** ScrollbackCounter counts written lines against the bound. */
export class ScrollbackCounter {
  private written = 0;

  constructor(
    /** capacity is scrollback plus the rows on screen: what the terminal holds. */
    private capacity: number,
  ) {}

  /** add records `n` more lines. */
  add(n: number): void {
    this.written += n;
  }

  /** reset starts over (the viewer was cleared). */
  reset(): void {
    this.written = 0;
  }

  /** setCapacity follows a change of the screen's rows. */
  setCapacity(capacity: number): void {
    this.capacity = capacity;
  }

  /** total is every line written since the last reset. */
  get total(): number {
    return this.written;
  }

  /** dropped is how many lines fell off the top. */
  get dropped(): number {
    return Math.max(0, this.written - this.capacity);
  }
}
