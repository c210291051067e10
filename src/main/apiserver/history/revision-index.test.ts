import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../storage';
import { waitFor } from '../../../../tests/integration/helpers/tools';
import { followStore, RevisionIndex, type RevisionEntry } from './revision-index';
import { revisionList } from './revisions-endpoint';

const entry = (revision: number, time = revision * 1000, key = `/registry/core/pods/default/p${revision}`): RevisionEntry => ({ revision, time, type: 'update', key });

describe('RevisionIndex', () => {
  it('pages newest first, with before as an exclusive bound, and says when older entries remain', () => {
    const idx = new RevisionIndex();
    for (const r of [3, 5, 6, 9, 12]) idx.record(entry(r));
    expect(idx.page(2).items.map((e) => e.revision)).toEqual([12, 9]);
    expect(idx.page(2).more).toBe(true);
    expect(idx.page(2, 9).items.map((e) => e.revision)).toEqual([6, 5]);
    expect(idx.page(10, 5)).toEqual({ items: [entry(3)], more: false });
  });

  it('maps a revision to the write the store was at, and a time to its revision', () => {
    const idx = new RevisionIndex();
    for (const r of [3, 5, 9]) idx.record(entry(r));
    expect(idx.entryAt(7)?.revision).toBe(5);
    expect(idx.entryAt(9)?.revision).toBe(9);
    expect(idx.entryAt(2)).toBeUndefined();
    expect(idx.revisionAt(8_999)?.revision).toBe(5);
    expect(idx.revisionAt(9_000)?.revision).toBe(9);
    expect(idx.revisionAt(2_000)).toBeUndefined();
  });

  it('ignores revisions it has seen (a resumed watch replays) and forgets compacted ones', () => {
    const idx = new RevisionIndex();
    for (const r of [1, 2, 3, 4]) idx.record(entry(r));
    idx.record(entry(3));
    expect(idx.size).toBe(4);
    idx.forgetBefore(3);
    expect(idx.page(10).items.map((e) => e.revision)).toEqual([4, 3]);
    expect(idx.entryAt(2)).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest, over many writes', () => {
    const idx = new RevisionIndex(1000);
    for (let r = 1; r <= 10_000; r++) idx.record(entry(r));
    expect(idx.size).toBe(1000);
    expect(idx.page(1).items[0]!.revision).toBe(10_000);
    expect(idx.page(1000).items.at(-1)!.revision).toBe(9001);
    expect(idx.page(1000).more).toBe(false);
    idx.forgetBefore(20_000);
    expect(idx.size).toBe(0);
    idx.record(entry(20_001));
    expect(idx.newestRevision()).toBe(20_001);
  });
});

describe('followStore and the endpoint', () => {
  it('stamps every commit with its time and answers a bounded page without compacted revisions', async () => {
    const store = await openSqliteStore(':memory:');
    const idx = new RevisionIndex();
    let clock = Date.UTC(2026, 11, 3, 14, 3, 12);
    const stop = followStore(store, idx, { now: () => clock });
    try {
      const a = await store.create('/registry/apps/deployments/default/web', '{}');
      await waitFor(async () => idx.newestRevision() === a.modRevision, { timeoutMs: 5000 });
      clock += 1500;
      const b = await store.update('/registry/apps/deployments/default/web', '{"x":1}', a.modRevision);
      const n = await store.create('/registry/core/nodes/n1', '{}');
      await waitFor(async () => idx.newestRevision() === n.modRevision, { timeoutMs: 5000 });

      const history = { index: idx, store, windowMs: 3_600_000, maxRevisions: 1000 };
      const all = await revisionList(history, new URLSearchParams());
      expect(all.items).toEqual([
        { revision: n.modRevision, time: '2026-12-03T14:03:13.500Z', type: 'create', group: '', resource: 'nodes', name: 'n1' },
        { revision: b.modRevision, time: '2026-12-03T14:03:13.500Z', type: 'update', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' },
        { revision: a.modRevision, time: '2026-12-03T14:03:12.000Z', type: 'create', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' },
      ]);
      expect(all).toMatchObject({ currentRevision: n.modRevision, oldestRevision: 0, windowSeconds: 3600, maxRevisions: 1000, more: false });
      expect((await revisionList(history, new URLSearchParams({ limit: '1', before: String(n.modRevision) }))).items.map((i) => i.revision)).toEqual([b.modRevision]);

      await store.compact(b.modRevision);
      const after = await revisionList(history, new URLSearchParams());
      expect(after.oldestRevision).toBe(b.modRevision);
      expect(after.items.map((i) => i.revision)).toEqual([n.modRevision, b.modRevision]);
    } finally {
      stop();
      await store.close();
    }
  });
});
