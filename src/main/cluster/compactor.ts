/**
 * The compactor keeps a window of history: watchers resuming from a recent
 * resourceVersion (client-node restarts every watch after 30 s) must find it,
 * while the log must not grow for ever. Every interval it remembers the
 * current revision, and compacts the one remembered `retainMs` ago.
 */
import type { Store } from '../storage/types';

export interface CompactorOptions {
  /** How long history is kept (default 10 minutes). */
  retainMs?: number;
  /** How often to check (default 60 s). */
  intervalMs?: number;
  now?: () => number;
}

/** startCompactor runs periodic compaction; returns a stop function. */
export function startCompactor(store: Store, opts: CompactorOptions = {}): () => void {
  const retainMs = opts.retainMs ?? 10 * 60_000;
  const now = opts.now ?? Date.now;
  const marks: { at: number; revision: number }[] = [];
  const tick = async () => {
    marks.push({ at: now(), revision: await store.currentRevision() });
    let target = 0;
    while (marks.length && marks[0]!.at <= now() - retainMs) target = marks.shift()!.revision;
    if (target > (await store.compactedRevision())) await store.compact(target);
  };
  const timer = setInterval(() => {
    tick().catch(() => {
      // A failed compaction is retried at the next tick; history only grows meanwhile.
    });
  }, opts.intervalMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
