/**
 * FrameBatch collects items and hands them to a sink in one call per
 * animation frame (or, where frames do not run, e.g. a hidden tab or a test,
 * after a short timer), so that work driven by a stream of small events is
 * done once per paint.
 */

/** FALLBACK_MS is the flush delay when requestAnimationFrame is unavailable or the page is hidden. */
const FALLBACK_MS = 50;

export class FrameBatch<T> {
  private pending: T[] = [];
  private scheduled: { cancel: () => void } | undefined;

  constructor(private readonly sink: (items: T[]) => void) {}

  /** push queues an item; the sink sees it at the next frame. */
  push(item: T): void {
    this.pending.push(item);
    if (!this.scheduled) this.scheduled = schedule(() => this.flush());
  }

  /** flush hands what is queued to the sink now (nothing when the queue is empty). */
  flush(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.sink(items);
  }
}

function schedule(fn: () => void): { cancel: () => void } {
  // A hidden page gets no frames: a timer still folds its events, more slowly.
  const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
  if (visible && typeof requestAnimationFrame === 'function') {
    // A frame that never comes (throttled window) is covered by the timer as well.
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      fn();
    });
    const timer = setTimeout(() => {
      cancelAnimationFrame(frame);
      fn();
    }, 4 * FALLBACK_MS);
    return {
      cancel: () => {
        cancelAnimationFrame(frame);
        clearTimeout(timer);
      },
    };
  }
  const t = setTimeout(fn, FALLBACK_MS);
  return { cancel: () => clearTimeout(t) };
}
