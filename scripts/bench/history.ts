/**
 * What a longer history costs the SQLite store (issue 13, time travel): the
 * same 1,000 pods in two stores, one compacted to its current revision (the
 * reference: no history) and one keeping every revision of H updates per
 * pod, with H = 20 (a busy hour) and H = 200 (200,000 revisions, four times
 * the default `history.maxRevisions` cap). Figures: a list of the 1,000 pods, a list at
 * an old exact revision (time travel), get, update, and the pages in use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/main/storage';
import type { Store } from '../../src/main/storage/types';
import { interleave, median, POD_SIZED_VALUE as VALUE, type BenchReporter } from './reporter';

const PODS = 1_000;
const DEPTHS = [20, 200];
const RUNS = 10;
const SAMPLES = 500;

const key = (i: number) => `/registry/core/pods/default/p${String(i).padStart(5, '0')}`;

/** fill creates PODS pods and updates each `depth` times (round-robin, as churn interleaves); returns the revision after the first round. */
async function fill(s: Store, depth: number): Promise<number> {
  const revs: number[] = [];
  for (let i = 0; i < PODS; i++) revs.push((await s.create(key(i), VALUE)).modRevision);
  const early = await s.currentRevision();
  for (let d = 0; d < depth; d++) {
    for (let i = 0; i < PODS; i++) revs[i] = (await s.update(key(i), VALUE, revs[i]!)).modRevision;
  }
  return early;
}

/** usedBytes is what the database's pages in use hold (free pages left by compaction excluded; a VACUUM would return them). */
function usedBytes(path: string): number {
  const db = new DatabaseSync(path);
  try {
    const pragma = (name: string) => (db.prepare(`PRAGMA ${name}`).get() as Record<string, number>)[name]!;
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  } finally {
    db.close();
  }
}

/** history runs the history section of the benchmark. */
export default async function history(r: BenchReporter): Promise<void> {
  r.section('store history (sqlite): what keeping revisions costs');
  r.note(`${PODS} pods of ${VALUE.length} bytes; reference = the same pods with the history compacted away, same run, timed in alternation (A B A B)`);
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-history-'));
  try {
    for (const depth of DEPTHS) {
      const longPath = join(dir, `long-${depth}.db`);
      const shortPath = join(dir, `short-${depth}.db`);
      const long = await openSqliteStore(longPath);
      const short = await openSqliteStore(shortPath);
      try {
        const early = await fill(long, depth);
        await fill(short, depth);
        await short.compact(await short.currentRevision());
        r.note(`H = ${depth}: ${(await long.currentRevision()).toLocaleString()} revisions kept`);
        const ls = await interleave(RUNS, () => long.list('/registry/core/pods/'), () => short.list('/registry/core/pods/'));
        r.row(`H=${depth} list ${PODS} pods (median of ${RUNS})`, median(ls.a), median(ls.b), 'ms', 'no history');
        const past = await interleave(RUNS, () => long.list('/registry/core/pods/', { revision: early }), () => short.list('/registry/core/pods/'));
        r.row(`H=${depth} list at an old revision (time travel)`, median(past.a), median(past.b), 'ms', 'current list, no history');
        const gt = await interleave(SAMPLES, (i) => long.get(key(i % PODS)), (i) => short.get(key(i % PODS)));
        r.row(`H=${depth} get (median of ${SAMPLES})`, median(gt.a), median(gt.b), 'ms', 'no history');
        const revsLong = new Map<string, number>();
        const revsShort = new Map<string, number>();
        for (const kv of (await long.list('/registry/core/pods/')).items) revsLong.set(kv.key, kv.modRevision);
        for (const kv of (await short.list('/registry/core/pods/')).items) revsShort.set(kv.key, kv.modRevision);
        const up = await interleave(
          SAMPLES,
          async (i) => {
            const k = key(i % PODS);
            revsLong.set(k, (await long.update(k, VALUE, revsLong.get(k)!)).modRevision);
          },
          async (i) => {
            const k = key(i % PODS);
            revsShort.set(k, (await short.update(k, VALUE, revsShort.get(k)!)).modRevision);
          },
        );
        r.row(`H=${depth} update (median of ${SAMPLES})`, median(up.a), median(up.b), 'ms', 'no history');
        r.row(`H=${depth} database size in use`, usedBytes(longPath) / 1e6, usedBytes(shortPath) / 1e6, 'MB', 'no history');
      } finally {
        await long.close();
        await short.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
