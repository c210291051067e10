import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../storage';
import { Compaction, compactionInterval, startCompactor } from './compactor';

describe('Compaction.target', () => {
  it('compacts the revision remembered one window ago, never a newer one', () => {
    const c = new Compaction(60_000, 1_000_000);
    expect(c.target(0, 10)).toBe(0);
    expect(c.target(30_000, 20)).toBe(0);
    // At 60 s the mark taken at 0 is one window old.
    expect(c.target(60_000, 30)).toBe(10);
    // Nothing newer is old enough yet: nothing more to compact.
    expect(c.target(70_000, 40)).toBe(0);
    expect(c.target(95_000, 50)).toBe(20);
  });

  it('keeps at most maxRevisions however recent they are', () => {
    const c = new Compaction(3_600_000, 100);
    expect(c.target(0, 50)).toBe(0);
    expect(c.target(1000, 1050)).toBe(950);
    expect(c.target(2000, 1060)).toBe(960);
  });
});

describe('compactionInterval', () => {
  it('looks a tenth of the window apart, from 1 s to 60 s', () => {
    expect(compactionInterval(3_600_000)).toBe(60_000);
    expect(compactionInterval(100_000)).toBe(10_000);
    expect(compactionInterval(2000)).toBe(1000);
  });
});

describe('startCompactor on a store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads stay possible inside the window and are compacted beyond it', async () => {
    vi.useFakeTimers();
    const store = await openSqliteStore(':memory:');
    let clock = 0;
    const stop = startCompactor(store, { retainMs: 10_000, intervalMs: 1000, now: () => clock });
    try {
      const first = await store.create('/k/a', '1');
      await store.update('/k/a', '2', first.modRevision);
      const early = first.modRevision;
      for (let t = 1; t <= 5; t++) {
        clock = t * 1000;
        await vi.advanceTimersByTimeAsync(1000);
      }
      expect((await store.list('/k/', { revision: early })).items[0]?.value).toBe('1');
      await store.create('/k/b', 'x');
      for (let t = 6; t <= 12; t++) {
        clock = t * 1000;
        await vi.advanceTimersByTimeAsync(1000);
      }
      expect(await store.compactedRevision()).toBeGreaterThanOrEqual(2);
      await expect(store.list('/k/', { revision: early })).rejects.toThrow(/compacted/);
    } finally {
      stop();
      await store.close();
    }
  });
});
