/**
 * The SQLite dialect: only SQL text and error translation, as kine's dialect
 * packages are. The transaction logic lives in sql-log.ts; the Store semantics
 * (compare-and-swap, watch) in ../log-structured/.
 *
 * Schema (kine's): one append-only table whose AUTOINCREMENT id is the global
 * revision. AUTOINCREMENT (not a plain rowid) guarantees ids are never reused,
 * even after compaction deleted the newest rows, so revisions only grow.
 * A created row stores create_revision 0 and means "my own id" (kine does the
 * same, so a create is a single INSERT).
 */
import { StoreError } from '../types';
import { DuplicatePrevRevisionError } from '../log-structured/log';

/** sqlitePragmas are applied on every open. */
export const sqlitePragmas = [
  // WAL with synchronous=NORMAL: a commit is appended to the WAL and handed to
  // the OS without fsync; fsync happens at checkpoints. Every commit survives
  // the death of this process (SIGKILL, crash) because the OS holds the pages;
  // the last commits before a power loss or kernel crash may be lost (the
  // database stays consistent either way). That is the trade kine and etcd's
  // default batching make for a local store.
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  // Another connection (a second process, or a reader during checkpoint) waits
  // instead of failing at once.
  'PRAGMA busy_timeout = 5000',
];

/** sqliteSchema creates the log and its metadata idempotently. */
export const sqliteSchema = [
  `CREATE TABLE IF NOT EXISTS kine (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     created INTEGER NOT NULL,
     deleted INTEGER NOT NULL,
     create_revision INTEGER NOT NULL,
     prev_revision INTEGER NOT NULL,
     value TEXT NOT NULL,
     old_value TEXT
   )`,
  'CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id)',
  // Two rows superseding the same revision of a key would be a lost update;
  // the index makes that impossible even if the CAS check were bypassed.
  'CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision)',
  `CREATE TABLE IF NOT EXISTS kine_meta (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   )`,
];

const columns = 'id, name, created, deleted, create_revision, prev_revision, value, old_value';

/**
 * The rows of a prefix that are the newest of their key at a revision.
 * Parameters: :lo (prefix), :hi (exclusive upper bound of the prefix), :after
 * (startAfter), :rev. Walking the name range in index order and probing the
 * (name, id) index per row avoids sorting the result: measured ~5x faster on
 * 10,000 keys than joining a GROUP BY name subquery.
 */
const newestRowsOfPrefix = `FROM kine AS k
   WHERE k.name >= :lo AND k.name < :hi AND k.name > :after AND k.id <= :rev
     AND k.id = (SELECT MAX(k2.id) FROM kine AS k2 WHERE k2.name = k.name AND k2.id <= :rev)`;

/**
 * The same rows found key by key, for a log holding many revisions per key
 * (a long history window, time travel): a recursive walk seeks each next
 * key name in the (name, id) index and probes its newest row at :rev, so a
 * list costs O(keys · log rows) rather than O(rows). `live` counts the live
 * rows walked so far, which stops the walk once :limit are found (:limit < 0:
 * no limit). On a shallow log the plain scan above is faster (each step here
 * is two index seeks), so sql-log.ts picks by the log's depth.
 */
const liveAt = (name: string) =>
  `COALESCE((SELECT 1 - kl.deleted FROM kine AS kl WHERE kl.id = (SELECT MAX(km.id) FROM kine AS km WHERE km.name = ${name} AND km.id <= :rev)), 0)`;
const walkKeysOfPrefix = `WITH RECURSIVE walk(name, live) AS (
     SELECT MIN(name), 0 FROM kine WHERE name >= :lo AND name < :hi AND name > :after
     UNION ALL
     SELECT (SELECT MIN(k1.name) FROM kine AS k1 WHERE k1.name > walk.name AND k1.name < :hi),
            CASE WHEN :limit < 0 THEN 0 ELSE walk.live + ${liveAt('walk.name')} END
       FROM walk WHERE walk.name IS NOT NULL AND (:limit < 0 OR walk.live + ${liveAt('walk.name')} < :limit)
   )`;
const newestRowPerWalkedKey = `FROM walk JOIN kine AS k ON k.id = (SELECT MAX(k2.id) FROM kine AS k2 WHERE k2.name = walk.name AND k2.id <= :rev)
   WHERE walk.name IS NOT NULL AND k.deleted = 0`;

/** sqliteStatements is every statement the log runs. */
export const sqliteStatements = {
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  insert: `INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value, old_value)
           VALUES (:name, :created, :deleted, :create_revision, :prev_revision, :value, :old_value)`,
  latest: `SELECT ${columns} FROM kine WHERE name = :name ORDER BY id DESC LIMIT 1`,
  // Lists leave the old value out: only watch events (after) carry it, and copying it doubled a list's bytes.
  list: `SELECT k.id, k.name, k.created, k.deleted, k.create_revision, k.prev_revision, k.value, NULL AS old_value
         ${newestRowsOfPrefix} AND k.deleted = 0
         ORDER BY k.name
         LIMIT :limit`,
  // The same walk without the values: a list whose values are cached by revision reads a few kilobytes, not megabytes.
  listKeys: `SELECT k.id, k.name, k.created, k.deleted, k.create_revision, k.prev_revision, '' AS value, NULL AS old_value
         ${newestRowsOfPrefix} AND k.deleted = 0
         ORDER BY k.name
         LIMIT :limit`,
  valuesAt: `SELECT id, value FROM kine WHERE id IN (SELECT value FROM json_each(:ids))`,
  count: `SELECT COUNT(*) AS n ${newestRowsOfPrefix} AND k.deleted = 0`,
  listDeep: `${walkKeysOfPrefix}
             SELECT k.id, k.name, k.created, k.deleted, k.create_revision, k.prev_revision, k.value, NULL AS old_value
             ${newestRowPerWalkedKey}
             ORDER BY walk.name
             LIMIT :limit`,
  countDeep: `${walkKeysOfPrefix} SELECT COUNT(*) AS n ${newestRowPerWalkedKey}`,
  // The log's depth (rows per key name), read at open and after each compaction.
  rowCount: 'SELECT COUNT(*) AS n FROM kine',
  nameCount: 'SELECT COUNT(DISTINCT name) AS n FROM kine',
  after: `SELECT ${columns} FROM kine
          WHERE id > :after_rev AND id <= :upto AND name >= :lo AND name < :hi
          ORDER BY id
          LIMIT :limit`,
  // A row at or below the compaction revision is invisible to every read at a
  // revision >= it when a newer row of its key also lies at or below it, or
  // when it is a tombstone (a deleted key lists as absent without it).
  compact: `DELETE FROM kine
            WHERE id <= :rev
              AND (deleted = 1
                   OR id < (SELECT MAX(k2.id) FROM kine AS k2 WHERE k2.name = kine.name AND k2.id <= :rev))`,
  currentRevision: "SELECT seq FROM sqlite_sequence WHERE name = 'kine'",
  getMeta: 'SELECT value FROM kine_meta WHERE name = :name',
  setMeta: 'INSERT INTO kine_meta (name, value) VALUES (:name, :value) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
} as const;

/** compactRevisionMetaKey names the persisted compacted revision in kine_meta. */
export const compactRevisionMetaKey = 'compact_rev';

/**
 * noUpperBound stands in for :hi when the prefix has no upper bound (the empty
 * prefix): SQLite orders every BLOB after every TEXT, and TEXT affinity does
 * not convert a BLOB, so `name < X'FF'` holds for every key.
 */
export const noUpperBound = new Uint8Array([0xff]);

// SQLite extended result codes (sqlite3.h).
const SQLITE_BUSY = 5;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/**
 * translateSqliteError turns a node:sqlite error into the log's typed error,
 * given the row being appended (if any); other errors pass through.
 */
export function translateSqliteError(err: unknown, row?: { key: string; prevRevision: number }): unknown {
  const code = (err as { errcode?: number }).errcode;
  if (code === SQLITE_CONSTRAINT_UNIQUE && row) return new DuplicatePrevRevisionError(row.key, row.prevRevision);
  if (code !== undefined && (code & 0xff) === SQLITE_BUSY) {
    return new StoreError(`sqlite store is busy (is another process using the same data directory?): ${(err as Error).message}`);
  }
  return err;
}
