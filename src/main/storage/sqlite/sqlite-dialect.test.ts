import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogStructuredStore } from '../log-structured/log-structured-store';
import { noUpperBound, sqliteStatements } from './sqlite-dialect';
import { DEEP_HISTORY, SqlLog } from './sql-log';

type Op = { kind: 'put' | 'delete'; key: number };

const keyName = (k: number) => `/registry/core/pods/default/p${k}`;

/** replay writes ops into a fresh store file and returns its path. */
async function replay(dir: string, ops: Op[], compactAt?: number): Promise<string> {
  const path = join(dir, `s-${Math.random().toString(36).slice(2)}.db`);
  const store = new LogStructuredStore(new SqlLog(path));
  try {
    for (const op of ops) {
      const k = keyName(op.key);
      const cur = await store.get(k);
      if (op.kind === 'delete') {
        if (cur) await store.delete(k);
      } else if (cur) await store.update(k, `v${Math.random()}`, cur.modRevision);
      else await store.create(k, 'v0');
      // Other resources around the prefix must stay outside it.
      if (op.key === 0) await store.create(`/registry/core/pods0/x${Math.random()}`, 'x').catch(() => {});
    }
    if (compactAt !== undefined) await store.compact(Math.min(compactAt, await store.currentRevision()));
  } finally {
    await store.close();
  }
  return path;
}

describe('the key-by-key list (deep history) answers what the row scan answers', () => {
  it('at every revision, with limits and pagination, after compaction too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-dialect-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ kind: fc.constantFrom<Op['kind']>('put', 'put', 'put', 'delete'), key: fc.integer({ min: 0, max: 7 }) }), { minLength: 1, maxLength: 60 }),
          fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
          async (ops, compactAt) => {
            const path = await replay(dir, ops, compactAt);
            const db = new DatabaseSync(path);
            try {
              const scan = db.prepare(sqliteStatements.list);
              const walk = db.prepare(sqliteStatements.listDeep);
              const count = db.prepare(sqliteStatements.count);
              const countDeep = db.prepare(sqliteStatements.countDeep);
              const current = (db.prepare(sqliteStatements.currentRevision).get() as { seq: number } | undefined)?.seq ?? 0;
              for (const prefix of ['/registry/core/pods/', '']) {
                const bounds = { lo: prefix, hi: prefix ? '/registry/core/pods0' : noUpperBound };
                for (let rev = Math.max(1, compactAt ?? 1); rev <= current; rev++) {
                  for (const limit of [-1, 1, 2, 3]) {
                    for (const after of ['', keyName(2), keyName(5)]) {
                      const params = { ...bounds, after, rev, limit };
                      expect(walk.all(params)).toEqual(scan.all(params));
                    }
                  }
                  const params = { ...bounds, after: '', rev };
                  expect(countDeep.get({ ...params, limit: -1 })).toEqual(count.get(params));
                }
              }
            } finally {
              db.close();
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what the log uses once it holds DEEP_HISTORY rows per key, and lists the same', async () => {
    const log = new SqlLog(':memory:');
    const store = new LogStructuredStore(log);
    try {
      const revs = [];
      for (let i = 0; i < 10; i++) revs.push((await store.create(keyName(i), 'v')).modRevision);
      const early = await store.currentRevision();
      for (let d = 0; d < DEEP_HISTORY; d++) for (let i = 0; i < 10; i++) revs[i] = (await store.update(keyName(i), `v${d}`, revs[i]!)).modRevision;
      expect((log as unknown as { deep(): boolean }).deep()).toBe(true);
      const now = await store.list('/registry/core/pods/');
      expect(now.items.map((kv) => kv.value)).toEqual(new Array(10).fill(`v${DEEP_HISTORY - 1}`));
      expect((await store.list('/registry/core/pods/', { revision: early })).items.map((kv) => kv.value)).toEqual(new Array(10).fill('v'));
      expect(await store.count('/registry/core/pods/')).toBe(10);
      await store.compact(await store.currentRevision());
      expect((log as unknown as { deep(): boolean }).deep()).toBe(false);
      expect((await store.list('/registry/core/pods/')).items).toEqual(now.items);
    } finally {
      await store.close();
    }
  });
});
