/**
 * The store's health for `GET /kubedeck/v1/store` (src/shared/api/store-health.ts):
 * SQLite's file and size, or the etcd members' status; the revision and the
 * last compaction for both. The compaction's time is known only for those
 * this process made (etcd's compactions by another cluster sharing it leave
 * only their revision), so the cluster's store is wrapped to record them.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreHealth } from '../../shared/api/store-health';
import { EtcdStatusProbe } from '../storage/etcd/etcd-status';
import { storePrefix } from '../storage/etcd/key-space';
import type { Store } from '../storage/types';
import { defaultEtcdPrefix, etcdOptions, type StoreChoice } from './store-choice';

const ANSWER_WITHIN_MS = 3_000;

/** StoreHealthSource answers the endpoint; close it with the store. */
export interface StoreHealthSource {
  health(): Promise<StoreHealth>;
  close(): void;
}

/** LastCompaction is the newest compaction this process made. */
export interface LastCompaction {
  revision: number;
  at: number;
}

/**
 * recordingCompactions returns the store with compact() noting each
 * compaction into `last` (every other call goes to the store itself).
 */
export function recordingCompactions(store: Store, last: { value?: LastCompaction }, now: () => number = Date.now): Store {
  const compact = async (revision: number) => {
    await store.compact(revision);
    if (revision > (last.value?.revision ?? 0)) last.value = { revision, at: now() };
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'compact') return compact;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** storeHealthSource builds the endpoint's source for the cluster's store. */
export function storeHealthSource(choice: StoreChoice, store: Store, dataDir: string, clusterId: string, last: { value?: LastCompaction }): StoreHealthSource {
  const probe = choice.kind === 'etcd' ? new EtcdStatusProbe(etcdOptions(choice, clusterId)) : undefined;
  const revisions = async (): Promise<Pick<StoreHealth, 'revision' | 'lastCompaction' | 'error'>> => {
    let timer: NodeJS.Timeout | undefined;
    // An etcd without quorum is retried for the API's whole budget: the health answer does not wait that long.
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the store did not answer within ${ANSWER_WITHIN_MS / 1000} s`)), ANSWER_WITHIN_MS);
    });
    try {
      const [revision, compacted] = await Promise.race([Promise.all([store.currentRevision(), store.compactedRevision()]), late]);
      const mine = last.value && last.value.revision >= compacted ? last.value : undefined;
      return { revision, lastCompaction: { revision: Math.max(compacted, mine?.revision ?? 0), ...(mine ? { time: new Date(mine.at).toISOString() } : {}) } };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async health() {
      const base = { kind: 'StoreHealth', apiVersion: 'kubedeck.io/v1' } as const;
      if (choice.kind === 'sqlite') {
        const file = join(dataDir, 'state.db');
        const [r, sizeBytes, walBytes] = await Promise.all([revisions(), fileSize(file), fileSize(`${file}-wal`)]);
        return { ...base, backend: 'sqlite', ...r, sqlite: { file, sizeBytes, walBytes } };
      }
      const [r, status] = await Promise.all([revisions(), probe!.status()]);
      return { ...base, backend: 'etcd', ...r, etcd: { prefix: storePrefix(choice.prefix ?? defaultEtcdPrefix(clusterId)), ...status } };
    },
    close() {
      probe?.close();
    },
  };
}
