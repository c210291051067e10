/**
 * The etcd Store backend, for users who want a highly available store: the
 * same contract as the sqlite backend on an etcd cluster, surviving the loss
 * of a member (see etcd-store.ts for how reads, writes and watches retry).
 */
import { Etcd3 } from 'etcd3';
import { StoreError, type Store } from '../types';
import { EtcdStore, etcdCredentials, type EtcdStoreOptions } from './etcd-store';
import { storePrefix } from './key-space';

export type { EtcdStoreOptions } from './etcd-store';

/**
 * openEtcdStore connects to the etcd cluster at opts.endpoints and returns a
 * Store keeping its keys under opts.prefix. It fails when no member answers
 * within the retry budget.
 */
export async function openEtcdStore(opts: EtcdStoreOptions): Promise<Store> {
  const store = new EtcdStore(opts);
  try {
    await store.currentRevision();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/**
 * deleteEtcdKeySpace deletes every key of the store at opts.prefix (a
 * cluster's reset) and returns how many went. Keys of other prefixes, even
 * ones that start with the same characters, stay. The empty prefix (the
 * whole etcd) is refused.
 */
export async function deleteEtcdKeySpace(opts: EtcdStoreOptions): Promise<number> {
  const prefix = storePrefix(opts.prefix ?? '');
  if (prefix === '') throw new StoreError('etcd store: refusing to delete the whole key space (no prefix)');
  const client = new Etcd3({ hosts: opts.endpoints, ...etcdCredentials(opts.tls) });
  try {
    const res = await client.delete().prefix(prefix).exec();
    return Number(res.deleted);
  } finally {
    client.close();
  }
}
