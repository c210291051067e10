import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/main/storage';
import { writeAndAck } from './store-crash-writes';

it('stops writing while its output is not read, and goes on once it is (the store crash test hung on a loaded machine)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubedeck-crash-writes-'));
  const store = await openSqliteStore(join(dir, 'store.db'));
  try {
    // A reader that takes nothing until told to: every write is held.
    const lines: string[] = [];
    const held: (() => void)[] = [];
    let reading = false;
    const out = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        if (reading) done();
        else held.push(done);
      },
    });
    const run = writeAndAck(store, out, 100);
    // One turn of the event loop: a loop that ignored the full stream would have done all its writes by now.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await store.currentRevision()).toBe(1);
    expect(lines).toHaveLength(1);

    reading = true;
    for (const done of held.splice(0)) done();
    await run;
    expect(await store.currentRevision()).toBe(100);
    expect(lines).toHaveLength(100);
    expect(lines.at(-1)).toMatch(/^ack create \/crash\/item\/99 100 /);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
