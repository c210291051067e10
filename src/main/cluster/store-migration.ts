/**
 * `kubedeck serve --data-dir D --migrate-store-to URL`: copy a stopped
 * cluster's state from its current store (config.yaml's `store:` or
 * `--store`, SQLite by default) into another one, then exit. The data dir's
 * lock is held throughout, so the cluster cannot run meanwhile; the source is
 * only read (storage/migrate-store.ts says what is and is not kept).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migrateStore, type MigrationReport, type Store } from '../storage';
import { EtcdStore } from '../storage/etcd/etcd-store';
import { storePrefix } from '../storage/etcd/key-space';
import { acquireDataDirLock } from './data-dir-lock';
import { clusterIdFor } from './identity';
import { defaultEtcdPrefix, describeStore, openChosenStore, type StoreChoice } from './store-choice';

/** StoreMigrationError is a refused or failed migration, in words for the user. */
export class StoreMigrationError extends Error {
  override name = 'StoreMigrationError';
}

export interface StoreMigrationOptions {
  dataDir: string;
  from: StoreChoice;
  to: StoreChoice;
  force?: boolean;
  log?: (msg: string) => void;
}

/** etcdClusterId is the id etcd puts in every response header: which etcd cluster a store is on. */
async function etcdClusterId(store: EtcdStore): Promise<string> {
  const status = await store.client.maintenance.status();
  return String(status.header.cluster_id);
}

/** overlapping tells whether two etcd prefixes share keys (one contains the other). */
function overlapping(a: string, b: string): boolean {
  const [x, y] = [storePrefix(a), storePrefix(b)];
  return x.startsWith(y) || y.startsWith(x);
}

/** refuseSameStore stops a migration whose target is (part of) its source. */
async function refuseSameStore(source: Store, target: Store, from: StoreChoice, to: StoreChoice): Promise<void> {
  if (from.kind === 'sqlite' && to.kind === 'sqlite') throw new StoreMigrationError('the source and the target are the same SQLite store');
  if (source instanceof EtcdStore && target instanceof EtcdStore && overlapping(source.prefix, target.prefix)) {
    const [a, b] = await Promise.all([etcdClusterId(source), etcdClusterId(target)]);
    if (a === b) throw new StoreMigrationError(`the source prefix ${source.prefix} and the target prefix ${target.prefix} overlap on the same etcd cluster`);
  }
}

/** runStoreMigration copies the data dir's state from `from` into `to`; see the file comment. */
export async function runStoreMigration(opts: StoreMigrationOptions): Promise<MigrationReport> {
  const log = opts.log ?? (() => {});
  const clusterId = clusterIdFor(opts.dataDir);
  // Opening SQLite creates the file: a data dir without state has nothing to copy, and must stay untouched.
  if (opts.from.kind === 'sqlite' && !existsSync(join(opts.dataDir, 'state.db'))) {
    throw new StoreMigrationError(`no state to migrate: ${join(opts.dataDir, 'state.db')} does not exist (is ${opts.dataDir} a Kubedeck data dir?)`);
  }
  // The cluster must not run on this data dir: its writes would be missed.
  const lock = acquireDataDirLock(opts.dataDir);
  const opened: Store[] = [];
  try {
    const open = async (choice: StoreChoice, role: string) => {
      const store = await openChosenStore(choice, opts.dataDir, clusterId).catch((err: unknown) => {
        throw new StoreMigrationError(`cannot open the ${role} store (${describeStore(choice, opts.dataDir, clusterId)}): ${err instanceof Error ? err.message : String(err)}`);
      });
      opened.push(store);
      return store;
    };
    const source = await open(opts.from, 'source');
    const target = await open(opts.to, 'target');
    await refuseSameStore(source, target, opts.from, opts.to);
    log(`Migrating ${describeStore(opts.from, opts.dataDir, clusterId)} → ${describeStore(opts.to, opts.dataDir, clusterId)}`);
    return await migrateStore(source, target, {
      ...(opts.force ? { force: true } : {}),
      onProgress: ({ written, total }) => log(`  ${written} of about ${total} writes`),
    });
  } finally {
    for (const s of opened) await s.close().catch(() => {});
    lock.release();
  }
}

/** describeMigration is the report as printed: what was copied, what was not kept, and how to start on the target. */
export function describeMigration(report: MigrationReport, to: StoreChoice, toUrl: string, dataDir: string): string {
  const lines = [
    `Copied ${report.keys} object(s): ${report.snapshotWrites} from the state at revision ${report.fromRevision}, then ${report.historyWrites} write(s) of history (revisions ${report.fromRevision + 1}..${report.toRevision}) in their order.`,
    'Kept: every key and its latest value, and the order of the writes since the compaction point.',
    'Not kept:',
    ...report.notKept.map((n) => `  - ${n}`),
    `  - the copied history lasts until the cluster's compactor passes it (config.yaml history:, by default one hour), as any history does`,
    `The source was only read. Start the cluster on the copy with: kubedeck serve --data-dir ${dataDir} --store ${toUrl}`,
    `  (or put "store: ${toUrl}" in ${join(dataDir, 'config.yaml')}).`,
  ];
  if (to.kind === 'etcd' && !to.prefix) lines.push(`The copy is under ${defaultEtcdPrefix(clusterIdFor(dataDir))}, this cluster's default prefix.`);
  return lines.join('\n');
}
