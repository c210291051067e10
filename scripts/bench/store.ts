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
import { latencyRows, median, POD_SIZED_VALUE as VALUE, timeIt, watchDeliveryLatency, type BenchReporter } from './reporter';

const N = 2_000; // latency samples per operation
const LIST_KEYS = 10_000;
const LIST_RUNS = 10;
const WATCH_SAMPLES = 1_000;

/** rawReference is a plain append table with the store's pragmas: the floor the store is compared with. */
function rawReference(path: string) {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('CREATE TABLE raw (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, value TEXT NOT NULL)');
  db.exec('CREATE INDEX raw_name ON raw (name)');
  return {
    db,
    insert: db.prepare('INSERT INTO raw (name, value) VALUES (?, ?)'),
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
    r.note(`${N} samples per latency, values of ${VALUE.length} bytes; reference = raw node:sqlite on a plain table, same run, same pragmas`);

    // Raw INSERT first so both sides see a similarly warm page cache.
    const rawInsert = await timeIt(N, (i) => raw.insert.run(`/raw/pods/${String(i).padStart(6, '0')}`, VALUE));
    const create = await timeIt(N, (i) => s.create(`/registry/pods/default/p${String(i).padStart(6, '0')}`, VALUE));
    latencyRows(r, 'create', create, rawInsert, 'raw INSERT');

    const kvs: KeyValue[] = (await s.list('/registry/pods/default/')).items;
    const update = await timeIt(N, (i) => s.update(kvs[i]!.key, VALUE, kvs[i]!.modRevision));
    latencyRows(r, 'update (CAS)', update, rawInsert, 'raw INSERT');

    const rawGet = await timeIt(N, (i) => raw.get.get(`/raw/pods/${String(i).padStart(6, '0')}`));
    const get = await timeIt(N, (i) => s.get(kvs[i]!.key));
    latencyRows(r, 'get', get, rawGet, 'raw SELECT');

    // 10,000 keys under one prefix, each written twice so the log holds history to skip.
    raw.db.exec('BEGIN');
    for (let i = 0; i < LIST_KEYS; i++) raw.insert.run(`/raw/cm/${String(i).padStart(6, '0')}`, VALUE);
    raw.db.exec('COMMIT');
    for (let i = 0; i < LIST_KEYS; i++) {
      const kv = await s.create(`/registry/configmaps/default/c${String(i).padStart(6, '0')}`, VALUE);
      await s.update(kv.key, VALUE, kv.modRevision);
    }
    const rawList = await timeIt(LIST_RUNS, () => {
      const rows = raw.list.all('/raw/cm/', '/raw/cm0');
      if (rows.length !== LIST_KEYS) throw new Error(`raw list returned ${rows.length}`);
    });
    const list = await timeIt(LIST_RUNS, async () => {
      const res = await s.list('/registry/configmaps/default/');
      if (res.items.length !== LIST_KEYS) throw new Error(`store list returned ${res.items.length}`);
    });
    r.row(`list ${LIST_KEYS} keys (median of ${LIST_RUNS})`, median(list), median(rawList), 'ms', `raw SELECT ${LIST_KEYS} rows`);

    // Watch delivery: from the moment the write is issued to the watcher's callback.
    const delivery = await watchDeliveryLatency(s, '/registry/pods/', kvs[0]!.key, WATCH_SAMPLES);
    latencyRows(r, 'watch delivery', delivery, rawInsert, 'raw INSERT', ' (write → callback)');
  } finally {
    await s.close();
    raw.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
