/**
 * The compactor keeps a window of history: reads at an exact revision (time
 * travel) and watchers resuming from a recent resourceVersion (client-node
 * restarts every watch after 30 s) must find it, while the log must not grow
 * for ever. Every interval it remembers the current revision, and compacts
 * the newer of the one remembered `retainMs` ago and `current - maxRevisions`.
 */
import type { Store } from '../storage/types';
import { DEFAULT_HISTORY_MAX_REVISIONS, DEFAULT_HISTORY_WINDOW_MS, type HistoryConfig } from './history-config';

export interface CompactorOptions {
  /** How long history is kept (default one hour). */
  retainMs?: number;
  /** Most revisions kept, however recent (default DEFAULT_HISTORY_MAX_REVISIONS). */
  maxRevisions?: number;
  /** How often to check (default: a tenth of retainMs, between 1 s and 60 s). */
  intervalMs?: number;
  now?: () => number;
}

/** compactorOptionsOf turns config.yaml's `history:` into the compactor's options. */
export function compactorOptionsOf(h: HistoryConfig): CompactorOptions {
  return {
    ...(h.windowMs !== undefined ? { retainMs: h.windowMs } : {}),
    ...(h.maxRevisions !== undefined ? { maxRevisions: h.maxRevisions } : {}),
  };
}

/** compactionInterval is how often the compactor looks: often enough that history is never much longer than the window. */
export function compactionInterval(retainMs: number): number {
  return Math.min(60_000, Math.max(1000, Math.floor(retainMs / 10)));
}

/** Compaction is one compactor's memory of past revisions; `tick` decides what to compact. */
export class Compaction {
  private readonly marks: { at: number; revision: number }[] = [];

  constructor(
    private readonly retainMs: number,
    private readonly maxRevisions: number,
  ) {}

  /**
   * target records the current revision at time `now` and returns the
   * revision to compact to (0: nothing yet): the newest mark at least
   * retainMs old, or current - maxRevisions if that is newer.
   */
  target(now: number, current: number): number {
    this.marks.push({ at: now, revision: current });
    let target = 0;
    while (this.marks.length && this.marks[0]!.at <= now - this.retainMs) target = this.marks.shift()!.revision;
    return Math.max(target, current - this.maxRevisions);
  }
}

/** startCompactor runs periodic compaction; returns a stop function. */
export function startCompactor(store: Store, opts: CompactorOptions = {}): () => void {
  const retainMs = opts.retainMs ?? DEFAULT_HISTORY_WINDOW_MS;
  const now = opts.now ?? Date.now;
  const compaction = new Compaction(retainMs, opts.maxRevisions ?? DEFAULT_HISTORY_MAX_REVISIONS);
  const tick = async () => {
    const target = compaction.target(now(), await store.currentRevision());
    if (target > (await store.compactedRevision())) await store.compact(target);
  };
  const timer = setInterval(() => {
    tick().catch(() => {
      // A failed compaction is retried at the next tick; history only grows meanwhile.
    });
  }, opts.intervalMs ?? compactionInterval(retainMs));
  timer.unref();
  return () => clearInterval(timer);
}
