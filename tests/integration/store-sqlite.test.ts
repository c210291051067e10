/**
 * The SQLite backend: the shared conformance suite on a file-backed store,
 * then what only this backend promises (WAL on disk, in-memory mode, the
 * bounds of its watch fan-out).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../src/main/storage';
import { CompactedError, WatcherTooSlowError, type Store, type StoreEvent } from '../../src/main/storage/types';
import { recordWatch, runStoreConformance } from './store-conformance';

runStoreConformance('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubedeck-store-'));
  return {
    open: () => openSqliteStore(join(dir, 'data', 'store.db')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 10_000, interval: 5 },
  );
}

describe('sqlite store specifics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function tempStore(opts?: Parameters<typeof openSqliteStore>[1]): Promise<{ store: Store; path: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'kubedeck-store-'));
    const path = join(dir, 'nested', 'store.db');
    const store = await openSqliteStore(path, opts);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    cleanups.push(() => store.close());
    return { store, path };
  }

  it('keeps the log in WAL mode on disk', async () => {
    const { store, path } = await tempStore();
    await store.create('/k', 'v');
    const peek = new DatabaseSync(path, { readOnly: true });
    try {
      expect(peek.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(peek.prepare('SELECT name, created, deleted, value FROM kine').all()).toEqual([
        { name: '/k', created: 1, deleted: 0, value: 'v' },
      ]);
    } finally {
      peek.close();
    }
  });

  it('runs in memory for unit tests', async () => {
    const store = await openSqliteStore(':memory:');
    cleanups.push(() => store.close());
    const kv = await store.create('/m', 'v');
    expect(await store.get('/m')).toEqual(kv);
    expect((await store.list('')).items).toEqual([kv]);
  });

  it('drops a watcher that does not drain its deliveries, without blocking writers or other watchers', async () => {
    const { store } = await tempStore({ maxQueuedEvents: 50, batchSize: 10 });
    const from = await store.currentRevision();
    const stuck: StoreEvent[] = [];
    const stuckErrors: Error[] = [];
    store.watch('', from, {
      // Never settles: the consumer took the first batch and stopped reading.
      onEvents: (events) => {
        stuck.push(...events);
        return new Promise<void>(() => {});
      },
      onError: (err) => stuckErrors.push(err),
    });
    const healthy = recordWatch(store, '', from);
    const n = 300;
    for (let i = 0; i < n; i++) await store.create(`/k/${i}`, 'v');
    expect(await store.currentRevision()).toBe(from + n);
    await waitUntil(() => stuckErrors.length === 1, 'the slow watcher to be dropped');
    expect(stuckErrors[0]).toBeInstanceOf(WatcherTooSlowError);
    expect(stuck.length).toBeLessThan(n);
    await waitUntil(() => healthy.events.length === n, 'the healthy watcher to see every write');
    expect(healthy.errors).toEqual([]);
  });

  it('a watcher whose consumer throws ends with that error', async () => {
    const store = await openSqliteStore(':memory:');
    cleanups.push(() => store.close());
    const errors: Error[] = [];
    let calls = 0;
    store.watch('', 0, {
      onEvents: () => {
        calls++;
        throw new Error('consumer bug');
      },
      onError: (err) => errors.push(err),
    });
    await store.create('/a', '1');
    await waitUntil(() => errors.length === 1, 'the consumer error');
    await store.create('/b', '1');
    expect(errors[0]!.message).toBe('consumer bug');
    expect(calls).toBe(1);
  });

  it('compaction during a paged replay ends the watch with Compacted instead of skipping history', async () => {
    const { store } = await tempStore({ batchSize: 10 });
    const first = await store.create('/k', '0');
    let kv = first;
    for (let i = 1; i < 100; i++) kv = await store.update('/k', String(i), kv.modRevision);
    let release: () => void = () => {};
    const received: number[] = [];
    const errors: Error[] = [];
    store.watch('', 0, {
      onEvents: (events) => {
        received.push(...events.map((e) => e.kv.modRevision));
        return new Promise<void>((resolve) => (release = resolve));
      },
      onError: (err) => errors.push(err),
    });
    await waitUntil(() => received.length === 10, 'the first history page');
    await store.compact(kv.modRevision - 1);
    release();
    await waitUntil(() => errors.length === 1, 'the compacted error');
    expect(errors[0]).toBeInstanceOf(CompactedError);
    expect(received).toEqual(Array.from({ length: 10 }, (_, i) => first.modRevision + i));
  });

  it('refuses operations after close', async () => {
    const store = await openSqliteStore(':memory:');
    await store.close();
    await expect(store.get('/k')).rejects.toThrow(/closed/);
    await expect(store.create('/k', 'v')).rejects.toThrow(/closed/);
  });
});
