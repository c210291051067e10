/**
 * LogStructuredStore implements the Store contract on a revisioned Log, as
 * kine's logstructured package does: reads pick the newest row per key,
 * writes are a compare-and-swap inside one log transaction, and every commit
 * is handed to the watch broadcaster.
 */
import {
  AlreadyExistsError,
  CompactedError,
  ConflictError,
  NotFoundError,
  StoreError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type WatchCallbacks,
  type Watcher,
} from '../types';
import { WatchBroadcaster, type BroadcasterOptions } from '../watch-broadcaster';
import { DuplicatePrevRevisionError, type Log, type LogRow, type NewLogRow } from './log';

/** kvOf returns the key-value a row leaves behind (for a tombstone: the last value at the deletion revision). */
export function kvOf(row: LogRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.createRevision, modRevision: row.revision };
}

/** eventOf rebuilds the watch event of a row; the row alone suffices (it carries the old value). */
export function eventOf(row: LogRow): StoreEvent {
  const kv = kvOf(row);
  if (row.created) return { type: 'create', kv };
  const prevKv: KeyValue = {
    key: row.key,
    value: row.oldValue ?? '',
    createRevision: row.createRevision,
    modRevision: row.prevRevision,
  };
  return { type: row.deleted ? 'delete' : 'update', kv, prevKv };
}

/** LogStructuredStore is a Store on a Log. */
export class LogStructuredStore implements Store {
  private readonly broadcaster: WatchBroadcaster;
  private closed = false;

  /** LogStructuredStore takes ownership of log (closing the store closes it). */
  constructor(
    private readonly log: Log,
    opts: BroadcasterOptions = {},
  ) {
    this.broadcaster = new WatchBroadcaster(
      {
        compactedRevision: () => log.compactedRevision(),
        eventsAfter: (prefix, after, upto, limit) => log.after(prefix, after, upto, limit).map(eventOf),
      },
      log.currentRevision(),
      opts,
    );
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('store is closed');
  }

  /** live returns the newest row of key if the key currently exists. */
  private live(key: string): LogRow | undefined {
    const row = this.log.latest(key);
    return row && !row.deleted ? row : undefined;
  }

  /** write runs a read-check-append in one transaction and publishes the result after commit. */
  private write(key: string, build: () => NewLogRow): KeyValue {
    this.checkOpen();
    let row: LogRow;
    try {
      row = this.log.transaction(() => this.log.append(build()));
    } catch (err) {
      // Only reachable if another process wrote the same key between our read
      // and our append; report it as the conflict it is.
      if (err instanceof DuplicatePrevRevisionError) throw new ConflictError(key, err.prevRevision, this.log.latest(key)?.revision ?? 0);
      throw err;
    }
    this.broadcaster.publish(eventOf(row));
    return kvOf(row);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen();
    const row = this.live(key);
    return row ? kvOf(row) : undefined;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const current = this.log.currentRevision();
    const revision = opts.revision || current;
    if (revision > current) throw new StoreError(`revision ${revision} is a future revision (current ${current})`);
    const compacted = this.log.compactedRevision();
    if (revision < compacted) throw new CompactedError(revision, compacted);
    const limit = opts.limit ?? 0;
    // One extra row tells whether the limit cut the listing short.
    const rows = (opts.keysOnly ? this.log.listKeys : this.log.list).call(this.log, prefix, revision, opts.startAfter ?? '', limit > 0 ? limit + 1 : 0);
    const more = limit > 0 && rows.length > limit;
    return { items: (more ? rows.slice(0, limit) : rows).map(kvOf), revision, more };
  }

  async valuesAt(revisions: readonly number[]): Promise<Map<number, string>> {
    this.checkOpen();
    return this.log.valuesAt(revisions);
  }

  async count(prefix: string): Promise<number> {
    this.checkOpen();
    return this.log.count(prefix, this.log.currentRevision());
  }

  async create(key: string, value: string): Promise<KeyValue> {
    return this.write(key, () => {
      const prev = this.log.latest(key);
      if (prev && !prev.deleted) throw new AlreadyExistsError(key);
      return { key, value, created: true, deleted: false, createRevision: 0, prevRevision: prev?.revision ?? 0, oldValue: null };
    });
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    return this.write(key, () => {
      const prev = this.live(key);
      if (!prev) throw new NotFoundError(key);
      if (prev.revision !== expectedModRevision) throw new ConflictError(key, expectedModRevision, prev.revision);
      return { key, value, created: false, deleted: false, createRevision: prev.createRevision, prevRevision: prev.revision, oldValue: prev.value };
    });
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.write(key, () => {
      const prev = this.live(key);
      if (!prev) throw new NotFoundError(key);
      if (expectedModRevision !== undefined && prev.revision !== expectedModRevision) {
        throw new ConflictError(key, expectedModRevision, prev.revision);
      }
      return {
        key,
        value: prev.value,
        created: false,
        deleted: true,
        createRevision: prev.createRevision,
        prevRevision: prev.revision,
        oldValue: prev.value,
      };
    });
  }

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watcher {
    this.checkOpen();
    return this.broadcaster.watch(prefix, fromRevision, cb);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    const current = this.log.currentRevision();
    if (revision > current) throw new StoreError(`cannot compact future revision ${revision} (current ${current})`);
    // Compacting again at or below the compacted revision has nothing to do.
    if (revision <= this.log.compactedRevision()) return;
    this.log.compact(revision);
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.log.currentRevision();
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.log.compactedRevision();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.broadcaster.closeAll();
    this.log.close();
  }
}
