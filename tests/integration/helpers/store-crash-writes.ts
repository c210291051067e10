/**
 * The write loop of store-crash-writer.ts, apart so a test can drive it with
 * a stream of its own: writes to the store as fast as it can and prints one
 * line per write only after the write call returned (an acknowledged write).
 *
 * Line format: `ack <op> <key> <revision> <value>`; values are JSON so the
 * parent can tell a torn row from a whole one.
 *
 * The store's writes are synchronous underneath, so this loop is one chain of
 * microtasks that never gives the event loop a turn. Once the reader is
 * slower than the writer (a loaded machine) and the pipe fills, Node queues
 * the output in memory and only the event loop would flush it: the parent of
 * store-crash.test.ts then saw no more acks, never killed the writer and timed
 * out, while the writer went on writing. So each line waits for the stream to
 * take it.
 */
import { once } from 'node:events';
import type { Store } from '../../../src/main/storage/types';

/** ack prints one acknowledged write, waiting for the stream to drain when it is full. */
async function ack(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

/** writeAndAck alternates creates of new keys and CAS updates of one hot key, maxWrites writes in all, acknowledging each on out. */
export async function writeAndAck(store: Store, out: NodeJS.WritableStream, maxWrites: number): Promise<void> {
  let counter = await store.create('/crash/counter', JSON.stringify({ n: 0 }));
  await ack(out, `ack create /crash/counter ${counter.modRevision} ${counter.value}\n`);
  for (let i = 1; i < maxWrites; i++) {
    if (i % 2 === 0) {
      // A compare-and-swap update of one hot key.
      counter = await store.update('/crash/counter', JSON.stringify({ n: i }), counter.modRevision);
      await ack(out, `ack update /crash/counter ${counter.modRevision} ${counter.value}\n`);
    } else {
      const kv = await store.create(`/crash/item/${i}`, JSON.stringify({ i, pad: 'x'.repeat(i % 200) }));
      await ack(out, `ack create ${kv.key} ${kv.modRevision} ${kv.value}\n`);
    }
  }
}
