import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../storage';
import { recordingCompactions, storeHealthSource, type LastCompaction } from './store-health';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('storeHealthSource (SQLite)', () => {
  it('reports the file, its size, the revision and the last compaction with its time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-store-health-'));
    dirs.push(dir);
    const raw = await openSqliteStore(join(dir, 'state.db'));
    const last: { value?: LastCompaction } = {};
    const store = recordingCompactions(raw, last, () => Date.parse('2026-12-03T01:00:00Z'));
    const health = storeHealthSource({ kind: 'sqlite' }, raw, dir, 'c1', last);
    try {
      const a = await store.create('/registry/a', 'x');
      await store.update('/registry/a', 'y', a.modRevision);
      expect(await health.health()).toMatchObject({ backend: 'sqlite', revision: 2, lastCompaction: { revision: 0 } });
      await store.compact(1);
      const h = await health.health();
      expect(h.lastCompaction).toEqual({ revision: 1, time: '2026-12-03T01:00:00.000Z' });
      expect(h.sqlite?.file).toBe(join(dir, 'state.db'));
      expect(h.sqlite?.sizeBytes).toBe(statSync(join(dir, 'state.db')).size);
      expect(h.sqlite!.sizeBytes + h.sqlite!.walBytes).toBeGreaterThan(0);
      // Every other call reaches the store itself.
      expect(await store.currentRevision()).toBe(2);
      expect(await store.compactedRevision()).toBe(1);
    } finally {
      health.close();
      await store.close();
    }
  });
});
