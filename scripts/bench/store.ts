/**
 * Store figures: create/update/get latency, a 10,000-key list and watch
 * delivery latency of the SQLite store, each beside raw node:sqlite doing the
 * least work that could give the same answer, measured in the same run on the
 * same disk with the same pragmas (WAL, synchronous=NORMAL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteStore } from '../../src/main/storage';
import type { KeyValue } from '../../src/main/storage/types';
import { interleave, latencyRows, median, POD_SIZED_VALUE as VALUE, timeIt, watchDeliveryLatency, type BenchReporter } from './reporter';

const N = 2_000; // latency samples per operation
const LIST_KEYS = 10_000;
const LIST_RUNS = 10;
const WATCH_SAMPLES = 1_000;

/**
 * rawReference is a plain table with the store's pragmas: the floor the store
 * is compared with. Its update is a raw compare-and-swap on a revision column
 * (`UPDATE … WHERE name = ? AND rev = ?`), the least a CAS update can do.
 */
function rawReference(path: string) {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('CREATE TABLE raw (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, value TEXT NOT NULL, rev INTEGER NOT NULL DEFAULT 1)');
  db.exec('CREATE INDEX raw_name ON raw (name)');
  const cas = db.prepare('UPDATE raw SET value = ?, rev = rev + 1 WHERE name = ? AND rev = ?');
  return {
    db,
    insert: db.prepare('INSERT INTO raw (name, value) VALUES (?, ?)'),
    /** casUpdate swaps value in if name is still at rev; returns the new rev. */
    casUpdate(name: string, value: string, rev: number): number {
      if (cas.run(value, name, rev).changes !== 1) throw new Error(`raw CAS conflict on ${name}`);
      return rev + 1;
    },
    get: db.prepare('SELECT id, name, value FROM raw WHERE name = ?'),
    list: db.prepare('SELECT id, name, value FROM raw WHERE name >= ? AND name < ? ORDER BY name'),
  };
}

/** store runs the store section of the benchmark. */
export default async function store(r: BenchReporter): Promise<void> {
  r.section('store (sqlite backend, node:sqlite, WAL + synchronous=NORMAL)');
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-store-'));
  const raw = rawReference(join(dir, 'raw.db'));
  const s = await openSqliteStore(join(dir, 'store.db'));
  try {
    r.note(`${N} samples per latency, values of ${VALUE.length} bytes; reference = raw node:sqlite on a plain table, same run, same pragmas, timed in alternation (A B A B)`);

    // Subject and reference alternate (A B A B) so drift of the shared machine falls on both alike.
    const pad = (i: number) => String(i).padStart(6, '0');
    const cr = await interleave(
      N,
      (i) => s.create(`/registry/pods/default/p${pad(i)}`, VALUE),
      (i) => raw.insert.run(`/raw/pods/${pad(i)}`, VALUE),
    );
    latencyRows(r, 'create', cr.a, cr.b, 'raw INSERT');

    const kvs: KeyValue[] = (await s.list('/registry/pods/default/')).items;
    const rawRevs = new Array<number>(N).fill(1);
    const up = await interleave(
      N,
      async (i) => (kvs[i] = await s.update(kvs[i]!.key, VALUE, kvs[i]!.modRevision)),
      (i) => (rawRevs[i] = raw.casUpdate(`/raw/pods/${pad(i)}`, VALUE, rawRevs[i]!)),
    );
    latencyRows(r, 'update (CAS)', up.a, up.b, 'raw CAS UPDATE…WHERE rev=?');

    const gt = await interleave(
      N,
      (i) => s.get(kvs[i]!.key),
      (i) => raw.get.get(`/raw/pods/${pad(i)}`),
    );
    latencyRows(r, 'get', gt.a, gt.b, 'raw SELECT');

    // 10,000 keys under one prefix, each written twice so the log holds history to skip.
    raw.db.exec('BEGIN');
    for (let i = 0; i < LIST_KEYS; i++) raw.insert.run(`/raw/cm/${String(i).padStart(6, '0')}`, VALUE);
    raw.db.exec('COMMIT');
    for (let i = 0; i < LIST_KEYS; i++) {
      const kv = await s.create(`/registry/configmaps/default/c${String(i).padStart(6, '0')}`, VALUE);
      await s.update(kv.key, VALUE, kv.modRevision);
    }
    const ls = await interleave(
      LIST_RUNS,
      async () => {
        const res = await s.list('/registry/configmaps/default/');
        if (res.items.length !== LIST_KEYS) throw new Error(`store list returned ${res.items.length}`);
      },
      () => {
        const rows = raw.list.all('/raw/cm/', '/raw/cm0');
        if (rows.length !== LIST_KEYS) throw new Error(`raw list returned ${rows.length}`);
      },
    );
    r.row(`list ${LIST_KEYS} keys (median of ${LIST_RUNS})`, median(ls.a), median(ls.b), 'ms', `raw SELECT ${LIST_KEYS} rows`);

    // Watch delivery: from the moment the write is issued to the watcher's callback.
    // Reference: the raw CAS the write itself costs, timed in alternation with the deliveries.
    const delivery: number[] = [];
    const rawCas: number[] = [];
    let rawRev = rawRevs[0]!;
    for (let round = 0; round < 10; round++) {
      delivery.push(...(await watchDeliveryLatency(s, '/registry/pods/', kvs[0]!.key, WATCH_SAMPLES / 10)));
      rawCas.push(...(await timeIt(WATCH_SAMPLES / 10, () => (rawRev = raw.casUpdate(`/raw/pods/${pad(0)}`, VALUE, rawRev)))));
    }
    latencyRows(r, 'watch delivery', delivery, rawCas, 'raw CAS', ' (write → callback)');
  } finally {
    await s.close();
    raw.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
