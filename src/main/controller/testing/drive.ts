/** Drives controllers in tests: sync queued keys until every queue is empty and the watch is quiet. */
import type { WorkQueue } from '../../client/workqueue';
import type { Harness } from './harness';

export interface Driven {
  queue: WorkQueue<string>;
  sync(key: string): Promise<void>;
}

/** converge syncs keys from every controller's queue (errors are re-queued) until nothing is left. */
export async function converge(h: Harness, controllers: Driven[], maxSyncs = 2000): Promise<void> {
  for (let i = 0; i < maxSyncs; ) {
    await h.settle();
    let did = false;
    for (const c of controllers) {
      const key = c.queue.tryGet();
      if (key === undefined) continue;
      did = true;
      i++;
      try {
        await c.sync(key);
        c.queue.forget(key);
      } catch {
        c.queue.add(key);
      } finally {
        c.queue.done(key);
      }
    }
    if (!did) return;
  }
  throw new Error('controllers did not converge');
}
