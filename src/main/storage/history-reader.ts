/**
 * Reading a store's history as a finite stream: every event with a revision
 * in (after, upto], in order, then done. A watch alone never says "that was
 * the last one", so each backend knows its own end:
 * - SQLite (and any store whose revisions are its own): every revision up to
 *   the current one is a write of this store, so the history ends at the
 *   event whose revision is `upto`.
 * - etcd: the revision counts every write to the cluster, other prefixes
 *   included, so the reader asks etcd for watch progress (etcd-history.ts).
 */
import { EtcdStore } from './etcd/etcd-store';
import { etcdHistoryReader } from './etcd/etcd-history';
import type { Store, StoreEvent } from './types';

/**
 * HistoryReader calls onEvents with every event of the store in (after,
 * upto], in revision order and in batches, awaiting each call; it resolves
 * once the last one has been handled. CompactedError when `after` is below
 * the store's compacted revision.
 */
export type HistoryReader = (after: number, upto: number, onEvents: (events: StoreEvent[]) => Promise<void>) => Promise<void>;

/** watchHistoryReader reads a store whose every revision up to currentRevision() is one of its own writes. */
export function watchHistoryReader(store: Store): HistoryReader {
  return (after, upto, onEvents) =>
    new Promise<void>((resolve, reject) => {
      if (after >= upto) {
        resolve();
        return;
      }
      let done = false;
      const finish = (err?: unknown) => {
        if (done) return;
        done = true;
        watcher.close();
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      };
      const watcher = store.watch('', after, {
        async onEvents(events) {
          if (done) return;
          const wanted = events.filter((e) => e.kv.modRevision <= upto);
          try {
            if (wanted.length > 0) await onEvents(wanted);
          } catch (err) {
            finish(err);
            return;
          }
          if (events[events.length - 1]!.kv.modRevision >= upto) finish();
        },
        onError: (err) => finish(err),
      });
    });
}

/** historyReaderFor picks the reader that knows where the store's history ends. */
export function historyReaderFor(store: Store): HistoryReader {
  if (store instanceof EtcdStore) return etcdHistoryReader(store.client, store.prefix);
  return watchHistoryReader(store);
}
