/**
 * The default Store backend: a kine-style revisioned log in SQLite through
 * Node's built-in node:sqlite (no native module to rebuild for Electron).
 */
import { LogStructuredStore } from '../log-structured/log-structured-store';
import type { Store } from '../types';
import type { BroadcasterOptions } from '../watch-broadcaster';
import { SqlLog } from './sql-log';

/** SqliteStoreOptions tune the store's watch fan-out. */
export type SqliteStoreOptions = BroadcasterOptions;

/**
 * openSqliteStore opens (creating if needed, parent directories included) the
 * store at path; ':memory:' gives a private in-memory store for unit tests.
 * One process should own a given file: watchers see only this process's writes.
 */
export async function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): Promise<Store> {
  return new LogStructuredStore(new SqlLog(path), opts);
}
