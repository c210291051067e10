/**
 * The revision index maps the store's revisions to their commit times, for
 * time travel: the app's slider moves over revisions and says when each was
 * written ("viewing revision 1234 at 14:03:12"), and a time finds the
 * revision the store was at.
 *
 * The store keeps no time per revision (neither kine's schema nor etcd's
 * does), so the index follows every commit with a watch on the whole key
 * space and stamps it on delivery, a microtask after the commit. It lives in
 * memory, bounded: entries older than the compacted revision go, and at most
 * `maxEntries` are kept. After a restart the revisions written before it have
 * no time (they can still be read at an exact revision).
 */
import { CompactedError, type Store, type StoreEvent, type Watcher } from '../../storage/types';

/** RevisionEntry is one write: its revision, commit time and what it changed. */
export interface RevisionEntry {
  revision: number;
  /** Commit time, milliseconds since the epoch. */
  time: number;
  type: StoreEvent['type'];
  /** The store key written (`/registry/<group|core>/<resource>/[<namespace>/]<name>`). */
  key: string;
}

/** RevisionPage is a slice of the index, newest first. */
export interface RevisionPage {
  items: RevisionEntry[];
  /** True when older entries exist below the page. */
  more: boolean;
}

/** RevisionIndex is the bounded, ordered list of recent revisions with their times. */
export class RevisionIndex {
  // Ascending by revision; `start` is the first live slot (entries are dropped from the front in bulk).
  private entries: RevisionEntry[] = [];
  private start = 0;

  constructor(private readonly maxEntries = 100_000) {}

  /** size is how many revisions the index holds. */
  get size(): number {
    return this.entries.length - this.start;
  }

  /** record adds a committed revision; revisions at or below the newest one are ignored (replays after a resubscribe). */
  record(entry: RevisionEntry): void {
    const last = this.entries[this.entries.length - 1];
    if (last && this.size > 0 && entry.revision <= last.revision) return;
    this.entries.push(entry);
    if (this.size > this.maxEntries) this.start += this.size - this.maxEntries;
    this.compactSlots();
  }

  /** newestRevision is the last revision recorded (0 when empty). */
  newestRevision(): number {
    return this.size > 0 ? this.entries[this.entries.length - 1]!.revision : 0;
  }

  /** forgetBefore drops entries below revision (the store compacted them: they can no longer be read). */
  forgetBefore(revision: number): void {
    const i = this.lowerBound(revision);
    if (i > this.start) this.start = i;
    this.compactSlots();
  }

  /** page returns up to limit entries with revision < before (all when before is undefined), newest first. */
  page(limit: number, before?: number): RevisionPage {
    const end = before === undefined ? this.entries.length : this.lowerBound(before);
    const from = Math.max(this.start, end - limit);
    return { items: this.entries.slice(from, end).reverse(), more: from > this.start };
  }

  /**
   * entryAt returns the write the store was at, at revision: the newest
   * entry at or below it (the state at N lasts from N's commit to the next
   * one), or undefined if the index does not reach back that far.
   */
  entryAt(revision: number): RevisionEntry | undefined {
    const i = this.upperBound(revision) - 1;
    return i >= this.start ? this.entries[i] : undefined;
  }

  /** revisionAt returns the newest entry committed at or before time (ms), or undefined before the index begins. */
  revisionAt(time: number): RevisionEntry | undefined {
    // Commit times follow revision order (stamped on in-order delivery, from one clock).
    let lo = this.start;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.time <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1 >= this.start ? this.entries[lo - 1] : undefined;
  }

  /** lowerBound is the first slot whose revision is >= revision. */
  private lowerBound(revision: number): number {
    let lo = this.start;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.revision < revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** upperBound is the first slot whose revision is > revision. */
  private upperBound(revision: number): number {
    return this.lowerBound(revision + 1);
  }

  /** compactSlots frees the dropped front once it is as large as what is kept, so dropping stays amortised O(1). */
  private compactSlots(): void {
    if (this.start > 1024 && this.start >= this.size) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }
}

/**
 * followStore records every commit of store into index from now on;
 * returns a stop function. (What compaction removed is dropped by the
 * reader, revisions-endpoint.ts, before it answers.) A watch that ends
 * (dropped as too slow, or compacted under it) is resumed from the last
 * revision recorded, or from the current one if that is gone.
 */
export function followStore(store: Store, index: RevisionIndex, opts: { now?: () => number; log?: (msg: string) => void } = {}): () => void {
  const now = opts.now ?? Date.now;
  let watcher: Watcher | undefined;
  let stopped = false;
  const subscribe = async (from: number): Promise<void> => {
    if (stopped) return;
    watcher = store.watch('', from, {
      onEvents: (events) => {
        const at = now();
        for (const e of events) index.record({ revision: e.kv.modRevision, time: at, type: e.type, key: e.kv.key });
      },
      onError: (err) => {
        if (stopped) return;
        opts.log?.(`revision index: watch ended (${err.message}); resuming`);
        const resume = err instanceof CompactedError ? store.currentRevision() : Promise.resolve(index.newestRevision() || from);
        void resume.then(subscribe, () => {});
      },
    });
  };
  void store.currentRevision().then(subscribe, () => {});
  return () => {
    stopped = true;
    watcher?.close();
  };
}
