import { describe, expect, it } from 'vitest';
import { migrateStore, TargetNotEmptyError } from './migrate-store';
import { openSqliteStore } from './sqlite';
import type { Store, StoreEvent } from './types';

/** historyOf collects a store's history after revision `from` through a watch. */
async function historyOf(store: Store, from: number): Promise<StoreEvent[]> {
  const upto = await store.currentRevision();
  const out: StoreEvent[] = [];
  if (upto <= from) return out;
  await new Promise<void>((resolve, reject) => {
    const w = store.watch('', from, {
      onEvents(evs) {
        out.push(...evs);
        if (evs[evs.length - 1]!.kv.modRevision >= upto) {
          w.close();
          resolve();
        }
      },
      onError: reject,
    });
  });
  return out;
}

const shape = (evs: StoreEvent[]) => evs.map((e) => `${e.type} ${e.kv.key}=${e.type === 'delete' ? '' : e.kv.value}`);

async function seeded(): Promise<Store> {
  const s = await openSqliteStore(':memory:');
  const a = await s.create('/registry/a', 'a1');
  await s.create('/registry/b', 'b1');
  await s.update('/registry/a', 'a2', a.modRevision);
  await s.create('/registry/c', 'c1');
  await s.delete('/registry/b');
  return s;
}

describe('migrateStore', () => {
  it('copies every live key and replays the whole history in order when nothing was compacted', async () => {
    const src = await seeded();
    const dst = await openSqliteStore(':memory:');
    const report = await migrateStore(src, dst);
    expect(report).toMatchObject({ keys: 2, fromRevision: 0, toRevision: 5, snapshotWrites: 0, historyWrites: 5, cleared: 0 });
    expect((await dst.list('')).items.map((kv) => [kv.key, kv.value])).toEqual([
      ['/registry/a', 'a2'],
      ['/registry/c', 'c1'],
    ]);
    expect(shape(await historyOf(dst, 0))).toEqual(shape(await historyOf(src, 0)));
    expect(report.notKept.join('\n')).toContain('resourceVersions change');
  });

  it('starts from the state at the compaction point and says that older history is gone', async () => {
    const src = await seeded();
    await src.compact(4);
    const d = await src.create('/registry/d', 'd1');
    await src.update('/registry/d', 'd2', d.modRevision);
    const dst = await openSqliteStore(':memory:');
    const report = await migrateStore(src, dst);
    expect(report).toMatchObject({ keys: 3, fromRevision: 4, toRevision: 7, snapshotWrites: 3, historyWrites: 3 });
    // The snapshot keeps the order of the last writes at revision 4: b (2), a (3), c (4).
    expect(shape(await historyOf(dst, 0))).toEqual([
      'create /registry/b=b1',
      'create /registry/a=a2',
      'create /registry/c=c1',
      'delete /registry/b=',
      'create /registry/d=d1',
      'update /registry/d=d2',
    ]);
    expect(report.notKept.join('\n')).toContain('history before revision 4 was compacted');
  });

  it('refuses a target that holds keys unless forced, and never writes to the source', async () => {
    const src = await seeded();
    const before = shape(await historyOf(src, 0));
    const dst = await openSqliteStore(':memory:');
    await dst.create('/registry/other', 'x');
    await expect(migrateStore(src, dst)).rejects.toBeInstanceOf(TargetNotEmptyError);
    expect(await dst.currentRevision()).toBe(1);
    const report = await migrateStore(src, dst, { force: true });
    expect(report.cleared).toBe(1);
    expect((await dst.list('')).items.map((kv) => kv.key)).toEqual(['/registry/a', '/registry/c']);
    expect(shape(await historyOf(src, 0))).toEqual(before);
    expect(await src.currentRevision()).toBe(5);
  });

  it('copies an empty store as empty', async () => {
    const report = await migrateStore(await openSqliteStore(':memory:'), await openSqliteStore(':memory:'));
    expect(report).toMatchObject({ keys: 0, historyWrites: 0, snapshotWrites: 0 });
  });
});
