/**
 * Copying a cluster's state from one store to another (SQLite → etcd, or one
 * etcd prefix to another), with as much of its history as the source still
 * has. The source is only read.
 *
 * What is copied: the state at the source's compaction point (every key live
 * then, written in the order of their last writes), then every write after
 * it, one by one, in revision order: creates, updates and deletes. Every
 * key's latest value and the order of the writes are kept.
 *
 * What cannot be kept: revision numbers. The target numbers its writes
 * itself (etcd counts every write to the cluster), so every resourceVersion
 * and creation revision changes; clients holding an old resourceVersion must
 * list again. History older than the source's compaction point is gone in
 * the source already. The report says both, with the numbers.
 */
import { historyReaderFor, type HistoryReader } from './history-reader';
import { StoreError, type KeyValue, type Store, type StoreEvent } from './types';

/** MigrationOptions shape one migration. */
export interface MigrationOptions {
  /** Overwrite a target that already holds keys: they are deleted first. Without it such a target is refused. */
  force?: boolean;
  /** How the source's history is read (default: historyReaderFor(source)). */
  history?: HistoryReader;
  /** Progress, e.g. every few thousand writes. */
  onProgress?: (p: { written: number; total: number }) => void;
}

/** MigrationReport says what was copied and what could not be kept. */
export interface MigrationReport {
  /** Live keys in the source (= in the target afterwards). */
  keys: number;
  /** The source's revision range whose writes were replayed: (fromRevision, toRevision]. */
  fromRevision: number;
  toRevision: number;
  /** Keys written from the snapshot at fromRevision (history before it was compacted away). */
  snapshotWrites: number;
  /** Writes replayed from the source's history after fromRevision. */
  historyWrites: number;
  /** Keys the target held before, deleted because of force. */
  cleared: number;
  /** The target's revision range the copy occupies. */
  targetFirstRevision: number;
  targetLastRevision: number;
  /** What the target cannot keep, in sentences for the user. */
  notKept: string[];
}

/** TargetNotEmptyError: the target already holds keys and force was not given. */
export class TargetNotEmptyError extends StoreError {
  constructor(readonly keys: number) {
    super(`the target store already holds ${keys} key(s); refusing to mix two clusters' state (use --force to delete them first)`);
  }
}

const PAGE = 1_000;

/** listAll reads every key of store at revision (0: current), page by page. */
async function listAll(store: Store, revision: number): Promise<{ items: KeyValue[]; revision: number }> {
  const items: KeyValue[] = [];
  let startAfter: string | undefined;
  let at = revision;
  for (;;) {
    const page = await store.list('', { ...(at ? { revision: at } : {}), limit: PAGE, ...(startAfter !== undefined ? { startAfter } : {}) });
    at = page.revision;
    items.push(...page.items);
    if (!page.more || page.items.length === 0) return { items, revision: at };
    startAfter = page.items[page.items.length - 1]!.key;
  }
}

/** TargetWriter replays writes on the target, tracking each key's revision there for its compare-and-swap. */
class TargetWriter {
  private readonly mod = new Map<string, number>();
  first = 0;
  last = 0;
  written = 0;

  constructor(private readonly target: Store) {}

  private note(rev: number): void {
    if (!this.first) this.first = rev;
    this.last = rev;
    this.written++;
  }

  async put(key: string, value: string): Promise<void> {
    const at = this.mod.get(key);
    const kv = at === undefined ? await this.target.create(key, value) : await this.target.update(key, value, at);
    this.mod.set(key, kv.modRevision);
    this.note(kv.modRevision);
  }

  async apply(e: StoreEvent): Promise<void> {
    if (e.type !== 'delete') return this.put(e.kv.key, e.kv.value);
    const at = this.mod.get(e.kv.key);
    if (at === undefined) throw new StoreError(`history deletes ${e.kv.key}, which the copy does not hold`);
    const kv = await this.target.delete(e.kv.key, at);
    this.mod.delete(e.kv.key);
    this.note(kv.modRevision);
  }
}

/**
 * migrateStore copies source into target (see the file comment). The source
 * must not change meanwhile (its cluster stopped: the data dir's lock).
 */
export async function migrateStore(source: Store, target: Store, opts: MigrationOptions = {}): Promise<MigrationReport> {
  const existing = await listAll(target, 0);
  if (existing.items.length > 0 && !opts.force) throw new TargetNotEmptyError(existing.items.length);
  for (const kv of existing.items) await target.delete(kv.key);

  const toRevision = await source.currentRevision();
  const fromRevision = Math.min(await source.compactedRevision(), toRevision);
  // The state at the compaction point, in the order of the keys' last writes there.
  const snapshot = fromRevision > 0 ? (await listAll(source, fromRevision)).items.sort((a, b) => a.modRevision - b.modRevision) : [];
  const live = await source.count('');
  const history = opts.history ?? historyReaderFor(source);
  const writer = new TargetWriter(target);
  // An estimate for progress: the snapshot plus at most one write per revision.
  const total = snapshot.length + (toRevision - fromRevision);
  const progress = () => opts.onProgress?.({ written: writer.written, total });
  for (const kv of snapshot) {
    await writer.put(kv.key, kv.value);
    if (writer.written % PAGE === 0) progress();
  }
  let historyWrites = 0;
  await history(fromRevision, toRevision, async (events) => {
    for (const e of events) {
      await writer.apply(e);
      historyWrites++;
      if (writer.written % PAGE === 0) progress();
    }
  });
  progress();

  // The copy must hold exactly the source's live keys and values.
  const [want, got] = await Promise.all([listAll(source, toRevision), listAll(target, 0)]);
  const differs = want.items.length !== got.items.length || want.items.some((kv, i) => got.items[i]?.key !== kv.key || got.items[i]?.value !== kv.value);
  if (differs) throw new StoreError(`the copy differs from the source (${want.items.length} keys in the source, ${got.items.length} in the target); the target holds a partial copy, run again with --force`);

  const notKept = [
    `resourceVersions change: the target numbers its own writes (source revisions ${fromRevision + 1}..${toRevision} are now ${writer.first}..${writer.last}); clients must list again, as they do when the API server restarts`,
  ];
  if (fromRevision > 0) notKept.push(`history before revision ${fromRevision} was compacted in the source: the copy starts from the state at that revision (${snapshot.length} keys)`);
  if (existing.items.length > 0) notKept.push(`${existing.items.length} key(s) the target held before were deleted (--force)`);
  return {
    keys: live,
    fromRevision,
    toRevision,
    snapshotWrites: snapshot.length,
    historyWrites,
    cleared: existing.items.length,
    targetFirstRevision: writer.first,
    targetLastRevision: writer.last,
    notKept,
  };
}
