/**
 * The etcd Store backend, for users who want a highly available store: the
 * same contract as the sqlite backend on an etcd cluster, surviving the loss
 * of a member (see etcd-store.ts for how reads, writes and watches retry).
 */
import type { Store } from '../types';
import { EtcdStore, type EtcdStoreOptions } from './etcd-store';

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
