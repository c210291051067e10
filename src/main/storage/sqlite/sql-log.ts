/**
 * SqlLog implements the revisioned log (../log-structured/log.ts) on a
 * node:sqlite database, using the SQL of sqlite-dialect.ts.
 *
 * One connection, used synchronously: node:sqlite's DatabaseSync runs each
 * statement to completion on the calling thread, so transactions never
 * interleave within the process. BEGIN IMMEDIATE takes the write lock at the
 * start, so a second process on the same file waits (busy_timeout) rather
 * than failing a read-then-write halfway.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Log, LogRow, NewLogRow } from '../log-structured/log';
import { prefixEnd } from '../log-structured/log';
import {
  compactRevisionMetaKey,
  noUpperBound,
  sqlitePragmas,
  sqliteSchema,
  sqliteStatements,
  translateSqliteError,
} from './sqlite-dialect';

/** DEEP_HISTORY: rows per key from which a key-by-key walk lists faster than a scan of every row. */
export const DEEP_HISTORY = 4;

type Statements = { [K in keyof typeof sqliteStatements]: StatementSync };

interface RawRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

function toLogRow(r: RawRow): LogRow {
  return {
    revision: r.id,
    key: r.name,
    created: r.created === 1,
    deleted: r.deleted === 1,
    createRevision: r.created === 1 ? r.id : r.create_revision,
    prevRevision: r.prev_revision,
    value: r.value,
    oldValue: r.old_value,
  };
}

function prefixBounds(prefix: string): { lo: string; hi: string | Uint8Array } {
  return { lo: prefix, hi: prefixEnd(prefix) ?? noUpperBound };
}

/** SqlLog is the node:sqlite implementation of Log. */
export class SqlLog implements Log {
  private readonly db: DatabaseSync;
  private readonly stmts: Statements;
  private current: number;
  private compacted: number;
  private txDepth = 0;
  /** Rows and distinct key names in the log: their ratio (the history's depth) picks the list strategy. */
  private rows = 0;
  private names = 0;

  /** SqlLog opens (creating if needed) the database at path; ':memory:' for a private in-memory log. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    try {
      for (const p of sqlitePragmas) this.db.exec(p);
      for (const s of sqliteSchema) this.db.exec(s);
      this.stmts = Object.fromEntries(
        Object.entries(sqliteStatements).map(([k, sql]) => [k, this.db.prepare(sql)]),
      ) as Statements;
    } catch (err) {
      this.db.close();
      throw translateSqliteError(err);
    }
    this.current = this.readCurrentRevision();
    this.compacted = this.readCompactedRevision();
    this.readDepth();
  }

  private readDepth(): void {
    this.rows = (this.stmts.rowCount.get() as { n: number }).n;
    this.names = (this.stmts.nameCount.get() as { n: number }).n;
  }

  /**
   * deep is true when the log holds, on average, DEEP_HISTORY or more rows
   * per key (a long history window): lists then walk key by key instead of
   * scanning every row (sqlite-dialect.ts, `listDeep`). Measured with
   * `npm run bench -- history`.
   */
  private deep(): boolean {
    return this.rows >= DEEP_HISTORY * Math.max(1, this.names);
  }

  private readCurrentRevision(): number {
    const row = this.stmts.currentRevision.get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  private readCompactedRevision(): number {
    const row = this.stmts.getMeta.get({ name: compactRevisionMetaKey }) as { value: number } | undefined;
    return row?.value ?? 0;
  }

  currentRevision(): number {
    return this.current;
  }

  compactedRevision(): number {
    return this.compacted;
  }

  transaction<T>(fn: () => T): T {
    if (this.txDepth > 0) return fn(); // already inside: the outer transaction commits
    try {
      this.stmts.begin.run();
    } catch (err) {
      throw translateSqliteError(err);
    }
    this.txDepth++;
    try {
      const out = fn();
      this.stmts.commit.run();
      return out;
    } catch (err) {
      if (this.db.isTransaction) this.stmts.rollback.run();
      // The cached counters may have moved inside the rolled-back transaction.
      this.current = this.readCurrentRevision();
      this.compacted = this.readCompactedRevision();
      this.readDepth();
      throw translateSqliteError(err);
    } finally {
      this.txDepth--;
    }
  }

  latest(key: string): LogRow | undefined {
    const r = this.stmts.latest.get({ name: key }) as RawRow | undefined;
    return r ? toLogRow(r) : undefined;
  }

  append(row: NewLogRow): LogRow {
    let result;
    try {
      result = this.stmts.insert.run({
        name: row.key,
        created: row.created ? 1 : 0,
        deleted: row.deleted ? 1 : 0,
        create_revision: row.created ? 0 : row.createRevision,
        prev_revision: row.prevRevision,
        value: row.value,
        old_value: row.oldValue,
      });
    } catch (err) {
      throw translateSqliteError(err, row);
    }
    const revision = Number(result.lastInsertRowid);
    this.current = revision;
    // Counted as appended; a rolled-back transaction rereads them.
    this.rows++;
    if (row.created && row.prevRevision === 0) this.names++;
    return { ...row, revision, createRevision: row.created ? revision : row.createRevision };
  }

  list(prefix: string, atRevision: number, startAfter: string, limit: number): LogRow[] {
    const rows = (this.deep() ? this.stmts.listDeep : this.stmts.list).all({
      ...prefixBounds(prefix),
      after: startAfter,
      rev: atRevision,
      limit: limit > 0 ? limit : -1, // SQLite: a negative LIMIT means none
    }) as unknown as RawRow[];
    return rows.map(toLogRow);
  }

  listKeys(prefix: string, atRevision: number, startAfter: string, limit: number): LogRow[] {
    const rows = this.stmts.listKeys.all({
      ...prefixBounds(prefix),
      after: startAfter,
      rev: atRevision,
      limit: limit > 0 ? limit : -1,
    }) as unknown as RawRow[];
    return rows.map(toLogRow);
  }

  valuesAt(revisions: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    if (revisions.length === 0) return out;
    for (const r of this.stmts.valuesAt.all({ ids: JSON.stringify(revisions) }) as unknown as { id: number; value: string }[]) out.set(r.id, r.value);
    return out;
  }

  count(prefix: string, atRevision: number): number {
    const params = { ...prefixBounds(prefix), after: '', rev: atRevision };
    const r = (this.deep() ? this.stmts.countDeep.get({ ...params, limit: -1 }) : this.stmts.count.get(params)) as { n: number };
    return r.n;
  }

  after(prefix: string, afterRevision: number, uptoRevision: number, limit: number): LogRow[] {
    const rows = this.stmts.after.all({
      ...prefixBounds(prefix),
      after_rev: afterRevision,
      upto: uptoRevision,
      limit: limit > 0 ? limit : -1,
    }) as unknown as RawRow[];
    return rows.map(toLogRow);
  }

  compact(revision: number): void {
    this.transaction(() => {
      this.stmts.compact.run({ rev: revision });
      this.stmts.setMeta.run({ name: compactRevisionMetaKey, value: revision });
    });
    this.compacted = revision;
    this.readDepth();
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
