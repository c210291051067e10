/**
 * The child of store-crash.test.ts: writes to the store at argv[2] as fast as
 * it can, printing one line per write only after the write call returned (an
 * acknowledged write), until it has done argv[3] writes or is killed.
 *
 * Line format: `ack <op> <key> <revision> <value>`; values are JSON so the
 * parent can tell a torn row from a whole one.
 */
import { openSqliteStore } from '../../../src/main/storage';

const [path, maxWrites = '1000000'] = process.argv.slice(2);
if (!path) throw new Error('usage: store-crash-writer <db path> [max writes]');

const store = await openSqliteStore(path);
let counter = await store.create('/crash/counter', JSON.stringify({ n: 0 }));
process.stdout.write(`ack create /crash/counter ${counter.modRevision} ${counter.value}\n`);
for (let i = 1; i < Number(maxWrites); i++) {
  if (i % 2 === 0) {
    // A compare-and-swap update of one hot key.
    counter = await store.update('/crash/counter', JSON.stringify({ n: i }), counter.modRevision);
    process.stdout.write(`ack update /crash/counter ${counter.modRevision} ${counter.value}\n`);
  } else {
    const kv = await store.create(`/crash/item/${i}`, JSON.stringify({ i, pad: 'x'.repeat(i % 200) }));
    process.stdout.write(`ack create ${kv.key} ${kv.modRevision} ${kv.value}\n`);
  }
}
await store.close();
process.stdout.write('done\n');
