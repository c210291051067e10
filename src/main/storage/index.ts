/** The storage layer: the Store contract, its typed errors and the default (SQLite) backend. */
export * from './types';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite';
