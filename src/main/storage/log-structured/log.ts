/**
 * The revisioned log, the middle layer of kine's design: the Store is built on
 * it (log-structured-store.ts) and a backend implements it (sqlite/sql-log.ts).
 *
 * The log is append-only: every write appends one row whose id is the new
 * global revision. A row carries the value before the change (oldValue), so
 * an event can be rebuilt from its row alone even after compaction removed
 * the row it superseded.
 *
 * The interface is synchronous because node:sqlite is; the Store wraps it in
 * promises.
 */

/** LogRow is one appended row: one change to one key at one revision. */
export interface LogRow {
  /** The row id, which is the revision of this change. */
  revision: number;
  key: string;
  /** True when this row created the key (first write, or first after a delete). */
  created: boolean;
  /** True when this row is a deletion tombstone. */
  deleted: boolean;
  /** Revision at which the key was created (for a created row: its own revision). */
  createRevision: number;
  /** Revision of the row this one supersedes (0 for a brand new key). */
  prevRevision: number;
  /** The value after the change (for a tombstone: the last value). */
  value: string;
  /** The value before the change (null for a create). */
  oldValue: string | null;
}

/** NewLogRow is a row to append; the log assigns its revision. */
export type NewLogRow = Omit<LogRow, 'revision'>;

/** Log is the revisioned log a log-structured Store is built on. */
export interface Log {
  /** currentRevision is the revision of the last appended row (0 when empty). */
  currentRevision(): number;
  /** compactedRevision is the highest compacted revision (0 when none). */
  compactedRevision(): number;
  /** transaction runs fn atomically: every append inside commits together or not at all. */
  transaction<T>(fn: () => T): T;
  /** latest returns the newest row for key (possibly a tombstone), or undefined. */
  latest(key: string): LogRow | undefined;
  /**
   * append adds a row and returns it with its revision. A second row
   * superseding the same prevRevision of the same key throws
   * DuplicatePrevRevisionError (the backstop against lost updates).
   */
  append(row: NewLogRow): LogRow;
  /**
   * list returns, for each key under prefix that is live at atRevision, its
   * newest row with revision <= atRevision; in key order, keys > startAfter,
   * at most limit rows (0 = all). The rows need not carry oldValue (a list
   * has no previous values; only watch replay does).
   */
  list(prefix: string, atRevision: number, startAfter: string, limit: number): LogRow[];
  /** listKeys is list with every row's value left out (''): the walk without the bytes. */
  listKeys(prefix: string, atRevision: number, startAfter: string, limit: number): LogRow[];
  /** valuesAt returns the value of each row whose revision is given (rows compacted away are absent). */
  valuesAt(revisions: readonly number[]): Map<number, string>;
  /** count returns how many keys under prefix are live at atRevision. */
  count(prefix: string, atRevision: number): number;
  /** after returns rows under prefix with afterRevision < revision <= uptoRevision, in revision order, at most limit. */
  after(prefix: string, afterRevision: number, uptoRevision: number, limit: number): LogRow[];
  /** compact deletes rows at or below revision that no read at a revision >= it can see, and records revision. */
  compact(revision: number): void;
  /** close releases the backend. */
  close(): void;
}

/** DuplicatePrevRevisionError: two rows tried to supersede the same row of a key. */
export class DuplicatePrevRevisionError extends Error {
  constructor(
    readonly key: string,
    readonly prevRevision: number,
  ) {
    super(`a row superseding revision ${prevRevision} of ${key} already exists`);
    this.name = 'DuplicatePrevRevisionError';
  }
}

/** prefixEnd returns the smallest string greater than every string starting with prefix, or undefined if none. */
export function prefixEnd(prefix: string): string | undefined {
  // SQLite compares TEXT as UTF-8 bytes, and UTF-8 preserves code point order,
  // so bumping the last code point gives an exclusive upper bound.
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    let next = last + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000; // skip surrogates: not valid code points
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next);
  }
  return undefined;
}
