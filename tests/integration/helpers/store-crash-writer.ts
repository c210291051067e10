/**
 * The child of store-crash.test.ts: writes to the store at argv[2] as fast as
 * it can, printing one line per acknowledged write (see store-crash-writes.ts),
 * until it has done argv[3] writes or is killed.
 */
import { openSqliteStore } from '../../../src/main/storage';
import { writeAndAck } from './store-crash-writes';

const [path, maxWrites = '1000000'] = process.argv.slice(2);
if (!path) throw new Error('usage: store-crash-writer <db path> [max writes]');

const store = await openSqliteStore(path);
await writeAndAck(store, process.stdout, Number(maxWrites));
await store.close();
process.stdout.write('done\n');
