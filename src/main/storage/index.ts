/** The storage layer: the Store contract, its typed errors, the default (SQLite) backend and the etcd backend. */
export * from './types';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite';
export { deleteEtcdKeySpace, openEtcdStore, type EtcdStoreOptions } from './etcd';
export { migrateStore, TargetNotEmptyError, type MigrationOptions, type MigrationReport } from './migrate-store';
export { historyReaderFor, type HistoryReader } from './history-reader';
