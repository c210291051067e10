/** The worker loop every controller runs: take a key, sync it, retry with backoff on error. */
import type { PauseGate } from './pause-gate';
import type { WorkQueue } from './workqueue';

export interface WorkerOptions {
  /** Called with sync errors (they are retried with the queue's backoff). */
  onError?: (key: string, err: unknown) => void;
  /** While paused, a worker holds its key unsynced (the component is paused from the app or the API). */
  gate?: PauseGate;
}

/**
 * runWorkers starts n workers on queue and resolves when the queue is shut
 * down and they have finished. A failed sync is re-added rate-limited; a
 * successful one resets the key's backoff. A paused gate holds each worker
 * between taking a key and syncing it.
 */
export async function runWorkers(queue: WorkQueue<string>, n: number, sync: (key: string) => Promise<void>, opts: WorkerOptions = {}): Promise<void> {
  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      if (opts.gate?.paused) {
        await opts.gate.whenRunning();
        if (queue.shuttingDown()) {
          queue.done(key);
          return;
        }
      }
      try {
        await sync(key);
        queue.forget(key);
      } catch (err) {
        opts.onError?.(key, err);
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
}

/** drainQueue syncs queued keys until the queue is empty (tests drive controllers with it). Returns the keys synced. */
export async function drainQueue(queue: WorkQueue<string>, sync: (key: string) => Promise<void>, max = 1000): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const key = queue.tryGet();
    if (key === undefined) return seen;
    seen.push(key);
    try {
      await sync(key);
      queue.forget(key);
    } finally {
      queue.done(key);
    }
  }
  throw new Error(`queue did not drain after ${max} syncs`);
}
