import { describe, expect, it, vi } from 'vitest';
import { CompactedError, StoreError, WatcherTooSlowError, type StoreEvent } from './types';
import { WatchBroadcaster, type BroadcasterOptions, type EventHistory } from './watch-broadcaster';

function ev(rev: number, key = `/k/${rev}`): StoreEvent {
  return { type: 'create', kv: { key, value: String(rev), createRevision: rev, modRevision: rev } };
}

/** FakeHistory is an in-memory event log standing in for the store's table. */
class FakeHistory implements EventHistory {
  events: StoreEvent[] = [];
  compacted = 0;
  compactedRevision(): number {
    return this.compacted;
  }
  eventsAfter(prefix: string, after: number, upto: number, limit: number): StoreEvent[] {
    const out = this.events.filter(
      (e) => e.kv.modRevision > after && e.kv.modRevision <= upto && e.kv.key.startsWith(prefix) && e.kv.modRevision > this.compacted,
    );
    return limit > 0 ? out.slice(0, limit) : out;
  }
}

function setup(historyRevs: number, opts?: BroadcasterOptions) {
  const history = new FakeHistory();
  for (let r = 1; r <= historyRevs; r++) history.events.push(ev(r));
  const b = new WatchBroadcaster(history, historyRevs, opts);
  /** commit appends to history and publishes, as the store does after a commit. */
  const commit = (e: StoreEvent) => {
    history.events.push(e);
    b.publish(e);
  };
  return { history, b, commit };
}

function record(b: WatchBroadcaster, prefix: string, from: number) {
  const got = { revs: [] as number[], batches: [] as number[][], errors: [] as Error[] };
  const watcher = b.watch(prefix, from, {
    onEvents: (events) => {
      got.batches.push(events.map((e) => e.kv.modRevision));
      got.revs.push(...events.map((e) => e.kv.modRevision));
    },
    onError: (err) => got.errors.push(err),
  });
  return Object.assign(got, { watcher });
}

async function until(check: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: 5_000, interval: 2 });
}

describe('WatchBroadcaster', () => {
  it('subscribes before replaying: an event published right after watch() is neither lost nor doubled', async () => {
    const { b, commit } = setup(5);
    const w = record(b, '', 0);
    commit(ev(6)); // before any replay has run
    await until(() => w.revs.length >= 6);
    expect(w.revs).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('delivers asynchronously, never inside publish', () => {
    const { b, commit } = setup(0);
    const w = record(b, '', 0);
    commit(ev(1));
    expect(w.revs).toEqual([]);
  });

  it('filters by prefix and by fromRevision', async () => {
    const { b, commit } = setup(0);
    const w = record(b, '/a/', 2);
    commit(ev(1, '/a/x'));
    commit(ev(2, '/a/y'));
    commit(ev(3, '/b/z'));
    commit(ev(4, '/a/z'));
    await until(() => w.revs.length >= 1);
    expect(w.revs).toEqual([4]);
  });

  it('fills a gap in published revisions from history instead of skipping it', async () => {
    const { history, b } = setup(1);
    const w = record(b, '', 1);
    history.events.push(ev(2), ev(3));
    b.publish(ev(3)); // revision 2 was committed but never published
    await until(() => w.revs.length >= 2);
    expect(w.revs).toEqual([2, 3]);
  });

  it('ends watchers with an error when history cannot fill a gap, without failing the writer', async () => {
    const { history, b } = setup(1);
    const w = record(b, '', 1);
    history.events.push(ev(3));
    expect(() => b.publish(ev(3))).not.toThrow();
    await until(() => w.errors.length === 1);
    expect(w.errors[0]).toBeInstanceOf(StoreError);
    expect(w.revs).toEqual([]);
  });

  it('delivers in batches of at most batchSize, in order', async () => {
    const { b } = setup(25, { batchSize: 10 });
    const w = record(b, '', 0);
    await until(() => w.revs.length === 25);
    expect(w.batches.map((x) => x.length)).toEqual([10, 10, 5]);
    expect(w.revs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('drops a watcher whose queue overflows, and keeps serving the others', async () => {
    const { b, commit } = setup(0, { maxQueuedEvents: 5 });
    const slow = { errors: [] as Error[] };
    b.watch('', 0, { onEvents: () => new Promise<void>(() => {}), onError: (e) => slow.errors.push(e) });
    const ok = record(b, '', 0);
    for (let r = 1; r <= 20; r++) {
      commit(ev(r));
      // Let deliveries run between writes, as between separate requests; a
      // burst larger than the bound within one tick would overflow any watcher.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await until(() => slow.errors.length === 1 && ok.revs.length === 20);
    expect(slow.errors[0]).toBeInstanceOf(WatcherTooSlowError);
    expect(b.watcherCount).toBe(1);
  });

  it('answers a start below the compacted revision with CompactedError and no events', async () => {
    const { history, b } = setup(10);
    history.compacted = 5;
    const w = record(b, '', 4);
    await until(() => w.errors.length === 1);
    expect(w.errors[0]).toBeInstanceOf(CompactedError);
    expect(w.revs).toEqual([]);
    const ok = record(b, '', 5);
    await until(() => ok.revs.length === 5);
    expect(ok.revs).toEqual([6, 7, 8, 9, 10]);
  });

  it('closeAll stops delivery silently', async () => {
    const { b, commit } = setup(0);
    const w = record(b, '', 0);
    b.closeAll();
    commit(ev(1));
    await Promise.resolve();
    await new Promise<void>((r) => setImmediate(r));
    expect(w.revs).toEqual([]);
    expect(w.errors).toEqual([]);
  });
  it('tells its progress: none while history or events wait, then the last published revision, other prefixes included', async () => {
    const { b, commit } = setup(3);
    const w = record(b, '/a/', 1);
    // History (1, 3] is still to replay.
    expect(w.watcher.progress?.()).toBeUndefined();
    await until(() => w.watcher.progress?.() === 3);
    commit(ev(4, '/a/x'));
    expect(w.watcher.progress?.()).toBeUndefined();
    await until(() => w.revs.includes(4) && w.watcher.progress?.() === 4);
    // Events of other prefixes never reach this watcher, yet its progress follows them.
    commit(ev(5, '/b/y'));
    commit(ev(6, '/b/z'));
    expect(w.watcher.progress?.()).toBe(6);
    expect(w.revs).toEqual([4]);
  });
});
