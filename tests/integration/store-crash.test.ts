/**
 * A4, crash durability: a child process writes to the SQLite store and prints
 * each acknowledged write; it is SIGKILLed mid-stream; the reopened store must
 * hold every acknowledged write and be consistent.
 *
 * What this proves and what it does not: the store runs WAL with
 * synchronous=NORMAL, so a commit is in the WAL in the OS page cache when the
 * write call returns. That survives the death of the process (this test) but
 * not necessarily a power loss or kernel crash, where the last commits since
 * the previous checkpoint may be lost (the database still opens consistent).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/main/storage';
import type { Store, StoreEvent } from '../../src/main/storage/types';
import { spawnNodeScript } from './helpers/tracked-process';

const here = dirname(fileURLToPath(import.meta.url));
const writerScript = join(here, 'helpers', 'store-crash-writer.ts');

interface Ack {
  op: 'create' | 'update';
  key: string;
  revision: number;
  value: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** runAndKill starts the writer and SIGKILLs it once killAfter acks arrived; resolves with every ack it printed, once the writer is proven gone. */
async function runAndKill(path: string, killAfter: number): Promise<{ acks: Ack[]; signal: NodeJS.Signals | null; stderr: string }> {
  // The pinned Node with tsx as an in-process loader: the PID killed is the writer itself.
  const writer = spawnNodeScript(writerScript, [path]);
  // Whatever happens below (a timeout included), the writer does not outlive the test.
  cleanups.push(() => writer.kill());
  const child = writer.child;
  const result = await new Promise<{ acks: Ack[]; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const acks: Ack[] = [];
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^ack (create|update) (\S+) (\d+) (.*)$/.exec(line);
      if (!m) return;
      acks.push({ op: m[1] as Ack['op'], key: m[2]!, revision: Number(m[3]), value: m[4]! });
      // Lines already in the pipe after the kill are still acknowledged writes
      // and are kept: the child printed them after the write returned.
      if (acks.length === killAfter) writer.signalGroup('SIGKILL');
    });
    child.on('error', reject);
    // 'close' waits for stdout to drain, so every printed ack is counted.
    child.on('close', (_code, signal) => resolve({ acks, signal }));
  });
  await writer.assertGone();
  return { ...result, stderr: writer.stderr() };
}

async function replayAll(store: Store, upto: number): Promise<StoreEvent[]> {
  const events: StoreEvent[] = [];
  let failure: Error | undefined;
  const w = store.watch('', 0, { onEvents: (e) => void events.push(...e), onError: (e) => (failure = e) });
  const deadline = Date.now() + 20_000;
  while ((events.at(-1)?.kv.modRevision ?? 0) < upto && !failure && Date.now() < deadline) {
    await new Promise<void>((r) => setImmediate(r)); // yield to the delivery, not a timed sleep
  }
  w.close();
  if (failure) throw failure;
  return events;
}

it('every acknowledged write survives SIGKILL of the writing process, and the store stays consistent', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubedeck-crash-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'store.db');

  const { acks, signal, stderr } = await runAndKill(path, 1_200);
  expect(stderr).not.toMatch(/error/i);
  expect(signal).toBe('SIGKILL'); // killed mid-stream, not finished
  expect(acks.length).toBeGreaterThanOrEqual(1_200);

  // The file is whole at the SQLite level (WAL replayed on open, no torn pages).
  const raw = new DatabaseSync(path);
  try {
    expect(raw.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  } finally {
    raw.close();
  }

  const store = await openSqliteStore(path);
  cleanups.push(() => store.close());
  const lastAck = acks[acks.length - 1]!;
  const current = await store.currentRevision();
  // Writes after the last printed ack may have committed too; none may be missing.
  expect(current).toBeGreaterThanOrEqual(lastAck.revision);

  // Every acknowledged create is present with its value and revision.
  for (const a of acks.filter((x) => x.op === 'create' && x.key !== '/crash/counter')) {
    const kv = await store.get(a.key);
    expect(kv, a.key).toEqual({ key: a.key, value: a.value, createRevision: a.revision, modRevision: a.revision });
  }
  // The hot key holds the last acknowledged update or a later one.
  const lastCounter = acks.filter((x) => x.key === '/crash/counter').at(-1)!;
  const counter = (await store.get('/crash/counter'))!;
  expect(counter.modRevision).toBeGreaterThanOrEqual(lastCounter.revision);
  expect((JSON.parse(counter.value) as { n: number }).n).toBeGreaterThanOrEqual((JSON.parse(lastCounter.value) as { n: number }).n);

  // The log reads back whole: one event per revision 1..current, no gap, every value parses.
  const events = await replayAll(store, current);
  expect(events.map((e) => e.kv.modRevision)).toEqual(Array.from({ length: current }, (_, i) => i + 1));
  for (const e of events) expect(() => JSON.parse(e.kv.value)).not.toThrow();
  const acked = new Map(acks.map((a) => [a.revision, a]));
  for (const e of events) {
    const a = acked.get(e.kv.modRevision);
    if (a) expect([e.type, e.kv.key, e.kv.value]).toEqual([a.op, a.key, a.value]);
  }
  const listed = await store.list('/crash/item/');
  expect(listed.items.length).toBe(events.filter((e) => e.kv.key.startsWith('/crash/item/')).length);

  // And it takes new writes at the next revision.
  const next = await store.update('/crash/counter', JSON.stringify({ n: -1 }), counter.modRevision);
  expect(next.modRevision).toBe(current + 1);
});
