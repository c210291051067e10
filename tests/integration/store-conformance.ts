/**
 * The Store conformance suite, written once and run against every backend
 * (store-sqlite.test.ts now; the etcd backend calls the same function).
 * It pins down the contract of src/main/storage/types.ts: typed errors,
 * compare-and-swap, one strictly increasing revision, list at a revision,
 * gap-free ordered watch with replay, compaction and reopen.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AlreadyExistsError,
  CompactedError,
  ConflictError,
  NotFoundError,
  StoreError,
  type KeyValue,
  type Store,
  type StoreEvent,
  type Watcher,
} from '../../src/main/storage/types';

/** StoreBackend is one isolated data set of a backend (a temp file, an etcd key namespace). */
export interface StoreBackend {
  /** open opens a store on the data set; after close, open again must reach the same data. */
  open(): Promise<Store>;
  /** cleanup removes the data set (stores are closed first). */
  cleanup(): Promise<void>;
}

/** WatchLog records what a watch delivered. */
export interface WatchLog {
  events: StoreEvent[];
  /** Each onEvents batch, to check ordering within and across batches. */
  batches: StoreEvent[][];
  errors: Error[];
  watcher: Watcher;
  /** revisions lists the revision of every event received. */
  revisions(): number[];
}

/** recordWatch watches prefix from fromRevision and records everything delivered. */
export function recordWatch(store: Store, prefix: string, fromRevision: number): WatchLog {
  const log: Omit<WatchLog, 'watcher'> = {
    events: [],
    batches: [],
    errors: [],
    revisions: () => log.events.map((e) => e.kv.modRevision),
  };
  const watcher = store.watch(prefix, fromRevision, {
    onEvents(events) {
      log.batches.push(events);
      log.events.push(...events);
    },
    onError(err) {
      log.errors.push(err);
    },
  });
  return Object.assign(log, { watcher });
}

/** waitUntil polls check until it holds (no sleeps as synchronisation). */
async function waitUntil(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout, interval: 5 },
  );
}

/** range returns [from, from+1, …, to]. */
function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** isStrictlyIncreasing tells whether xs only goes up. */
function isStrictlyIncreasing(xs: number[]): boolean {
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!);
}

/** runStoreConformance registers the conformance suite for one backend. */
export function runStoreConformance(name: string, makeBackend: () => Promise<StoreBackend>): void {
  describe(`Store conformance: ${name}`, () => {
    let backend: StoreBackend;
    let store: Store;
    const open: Store[] = [];

    async function openStore(): Promise<Store> {
      const s = await backend.open();
      open.push(s);
      return s;
    }

    beforeEach(async () => {
      backend = await makeBackend();
      store = await openStore();
    });

    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      await backend.cleanup();
    });

    describe('get, create, update, delete', () => {
      it('starts empty', async () => {
        expect(await store.get('/k')).toBeUndefined();
        expect(await store.count('')).toBe(0);
        expect((await store.list('')).items).toEqual([]);
      });

      it('create returns the stored key-value and get reads it back', async () => {
        const kv = await store.create('/k', 'v1');
        const rev = await store.currentRevision();
        expect(kv).toEqual({ key: '/k', value: 'v1', createRevision: rev, modRevision: rev });
        expect(await store.get('/k')).toEqual(kv);
      });

      it('create on an existing key fails with AlreadyExistsError and changes nothing', async () => {
        const kv = await store.create('/k', 'v1');
        const err = await store.create('/k', 'v2').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AlreadyExistsError);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as AlreadyExistsError).key).toBe('/k');
        expect(await store.get('/k')).toEqual(kv);
        expect(await store.currentRevision()).toBe(kv.modRevision);
      });

      it('update and delete of a missing key fail with NotFoundError', async () => {
        const before = await store.currentRevision();
        await expect(store.update('/missing', 'v', 1)).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.delete('/missing')).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.delete('/missing', 1)).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.currentRevision()).toBe(before);
      });

      it('update keeps createRevision and moves modRevision', async () => {
        const a = await store.create('/k', 'v1');
        const b = await store.update('/k', 'v2', a.modRevision);
        expect(b.value).toBe('v2');
        expect(b.createRevision).toBe(a.createRevision);
        expect(b.modRevision).toBeGreaterThan(a.modRevision);
        expect(await store.get('/k')).toEqual(b);
      });

      it('delete returns the last value at the deletion revision; a re-create starts a new life', async () => {
        const a = await store.create('/k', 'v1');
        const d = await store.delete('/k');
        expect(d.key).toBe('/k');
        expect(d.value).toBe('v1');
        expect(d.createRevision).toBe(a.createRevision);
        expect(d.modRevision).toBe(await store.currentRevision());
        expect(d.modRevision).toBeGreaterThan(a.modRevision);
        expect(await store.get('/k')).toBeUndefined();
        const c = await store.create('/k', 'v2');
        expect(c.createRevision).toBe(c.modRevision);
        expect(c.createRevision).toBeGreaterThan(d.modRevision);
      });
    });

    describe('compare-and-swap', () => {
      it('update with a stale revision fails with ConflictError and keeps the newer value', async () => {
        const a = await store.create('/k', 'v1');
        const b = await store.update('/k', 'v2', a.modRevision);
        const err = await store.update('/k', 'lost', a.modRevision).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConflictError);
        expect(err).toMatchObject({ key: '/k', expected: a.modRevision, actual: b.modRevision });
        expect(await store.get('/k')).toEqual(b);
        expect(await store.currentRevision()).toBe(b.modRevision);
      });

      it('delete with a stale revision fails with ConflictError; with the current one it succeeds', async () => {
        const a = await store.create('/k', 'v1');
        const b = await store.update('/k', 'v2', a.modRevision);
        await expect(store.delete('/k', a.modRevision)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.get('/k')).toEqual(b);
        const d = await store.delete('/k', b.modRevision);
        expect(d.value).toBe('v2');
        expect(await store.get('/k')).toBeUndefined();
      });

      it('of two racing updates from the same revision exactly one wins', async () => {
        const a = await store.create('/k', '0');
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => store.update('/k', `w${i}`, a.modRevision)),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError);
        expect((await store.get('/k'))!.value).toBe((won[0] as PromiseFulfilledResult<KeyValue>).value.value);
      });
    });

    describe('revisions', () => {
      it('every successful write takes a strictly greater revision; failed writes take none', async () => {
        const revs: number[] = [];
        let kv = await store.create('/a', '1');
        revs.push(kv.modRevision);
        for (let i = 0; i < 20; i++) {
          kv = await store.update('/a', String(i), kv.modRevision);
          revs.push(kv.modRevision);
          revs.push((await store.create(`/b/${i}`, 'x')).modRevision);
          if (i % 3 === 0) revs.push((await store.delete(`/b/${i}`)).modRevision);
          const before = await store.currentRevision();
          await expect(store.update('/a', 'stale', kv.modRevision - 1)).rejects.toBeInstanceOf(ConflictError);
          await expect(store.create('/a', 'dup')).rejects.toBeInstanceOf(AlreadyExistsError);
          expect(await store.currentRevision()).toBe(before);
        }
        expect(isStrictlyIncreasing(revs)).toBe(true);
        expect(await store.currentRevision()).toBe(revs[revs.length - 1]);
      });
    });

    describe('list and count', () => {
      it('lists a prefix in key order with the revision it read at', async () => {
        for (const k of ['/r/c', '/r/a', '/r/b']) await store.create(k, `v${k}`);
        const res = await store.list('/r/');
        expect(res.items.map((i) => i.key)).toEqual(['/r/a', '/r/b', '/r/c']);
        expect(res.items.map((i) => i.value)).toEqual(['v/r/a', 'v/r/b', 'v/r/c']);
        expect(res.revision).toBe(await store.currentRevision());
        expect(res.more).toBe(false);
      });

      it('limit and startAfter page through every key exactly once', async () => {
        const keys = Array.from({ length: 23 }, (_, i) => `/p/${String(i).padStart(2, '0')}`);
        for (const k of keys) await store.create(k, k);
        const seen: string[] = [];
        let startAfter: string | undefined;
        let pages = 0;
        for (;;) {
          const page = await store.list('/p/', { limit: 5, ...(startAfter ? { startAfter } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(5);
          seen.push(...page.items.map((i) => i.key));
          pages++;
          if (!page.more) break;
          expect(page.items).toHaveLength(5);
          startAfter = page.items[page.items.length - 1]!.key;
        }
        expect(seen).toEqual(keys);
        expect(pages).toBe(5);
        const exact = await store.list('/p/', { limit: 23 });
        expect(exact.items).toHaveLength(23);
        expect(exact.more).toBe(false);
      });

      it('count counts live keys under a prefix', async () => {
        for (let i = 0; i < 7; i++) await store.create(`/c/${i}`, 'x');
        await store.create('/other', 'x');
        await store.delete('/c/3');
        expect(await store.count('/c/')).toBe(6);
        expect(await store.count('')).toBe(7);
        expect(await store.count('/none/')).toBe(0);
      });

      it('lists at a past revision: the values then, without keys created later, with keys deleted since', async () => {
        const a = await store.create('/h/a', 'a1');
        await store.create('/h/b', 'b1');
        const then = await store.currentRevision();
        await store.update('/h/a', 'a2', a.modRevision);
        await store.delete('/h/b');
        await store.create('/h/c', 'c1');
        const past = await store.list('/h/', { revision: then });
        expect(past.revision).toBe(then);
        expect(past.items.map((i) => [i.key, i.value, i.modRevision])).toEqual([
          ['/h/a', 'a1', a.modRevision],
          ['/h/b', 'b1', then],
        ]);
        const now = await store.list('/h/');
        expect(now.items.map((i) => [i.key, i.value])).toEqual([
          ['/h/a', 'a2'],
          ['/h/c', 'c1'],
        ]);
        const pastPage = await store.list('/h/', { revision: then, limit: 1 });
        expect(pastPage.items.map((i) => i.key)).toEqual(['/h/a']);
        expect(pastPage.more).toBe(true);
      });

      it('a future revision is refused', async () => {
        const kv = await store.create('/k', 'v');
        await expect(store.list('', { revision: kv.modRevision + 1000 })).rejects.toBeInstanceOf(StoreError);
      });
    });

    describe('prefix isolation', () => {
      it('list, count and watch see only their prefix, not keys that merely share its characters', async () => {
        const w = recordWatch(store, '/reg/pods/', 0);
        for (const k of ['/reg/pods/a', '/reg/pods/b', '/reg/podsx/c', '/reg/pods', '/reg/pod/d', '/reg/services/e']) {
          await store.create(k, k);
        }
        const last = await store.create('/reg/pods/z', 'z');
        expect((await store.list('/reg/pods/')).items.map((i) => i.key)).toEqual(['/reg/pods/a', '/reg/pods/b', '/reg/pods/z']);
        expect(await store.count('/reg/pods/')).toBe(3);
        await waitUntil(() => w.events.some((e) => e.kv.modRevision === last.modRevision), 'the last pod event');
        expect(w.events.map((e) => e.kv.key)).toEqual(['/reg/pods/a', '/reg/pods/b', '/reg/pods/z']);
        expect(w.errors).toEqual([]);
      });
    });

    describe('watch', () => {
      it('delivers create, update and delete live; delete carries the previous value', async () => {
        const from = await store.currentRevision();
        const w = recordWatch(store, '/w/', from);
        const a = await store.create('/w/a', 'v1');
        const b = await store.update('/w/a', 'v2', a.modRevision);
        const d = await store.delete('/w/a');
        await waitUntil(() => w.events.length === 3, 'three events');
        expect(w.events[0]).toEqual({ type: 'create', kv: a });
        expect(w.events[1]).toEqual({ type: 'update', kv: b, prevKv: a });
        expect(w.events[2]!.type).toBe('delete');
        expect(w.events[2]!.kv).toEqual(d);
        expect(w.events[2]!.prevKv).toEqual(b);
        expect(w.errors).toEqual([]);
      });

      it('a delete event replayed from history also carries the previous value', async () => {
        const from = await store.currentRevision();
        const a = await store.create('/w/a', 'v1');
        const d = await store.delete('/w/a');
        const w = recordWatch(store, '/w/', from);
        await waitUntil(() => w.events.length === 2, 'two replayed events');
        expect(w.events[1]).toEqual({ type: 'delete', kv: d, prevKv: a });
      });

      it('a watch from a past revision replays exactly the missed events in order, then live ones', async () => {
        const kv = await store.create('/m/x', '0');
        let cur = kv;
        for (let i = 1; i <= 4; i++) cur = await store.update('/m/x', String(i), cur.modRevision);
        await store.create('/other/y', 'not watched');
        const from = kv.modRevision + 1; // missed: updates 2..4 and the create of /m/z below
        await store.create('/m/z', 'z');
        const replayTo = await store.currentRevision();
        const w = recordWatch(store, '/m/', from);
        const live1 = await store.update('/m/z', 'z2', replayTo);
        const live2 = await store.delete('/m/x');
        await waitUntil(() => w.events.length >= 6, 'replayed and live events');
        expect(w.events.map((e) => [e.type, e.kv.key, e.kv.value])).toEqual([
          ['update', '/m/x', '2'],
          ['update', '/m/x', '3'],
          ['update', '/m/x', '4'],
          ['create', '/m/z', 'z'],
          ['update', '/m/z', 'z2'],
          ['delete', '/m/x', '4'],
        ]);
        expect(w.events[4]!.kv).toEqual(live1);
        expect(w.events[5]!.kv).toEqual(live2);
        expect(w.revisions().every((r) => r > from)).toBe(true);
        expect(isStrictlyIncreasing(w.revisions())).toBe(true);
        expect(w.errors).toEqual([]);
      });

      it('a watch from revision 0 replays the whole history', async () => {
        const a = await store.create('/a', '1');
        const b = await store.create('/b', '2');
        const w = recordWatch(store, '', 0);
        await waitUntil(() => w.events.length === 2, 'two events');
        expect(w.events).toEqual([
          { type: 'create', kv: a },
          { type: 'create', kv: b },
        ]);
      });

      it('concurrent writers never produce a watch gap, for live and for replaying watchers', async () => {
        const start = await store.currentRevision();
        const live = recordWatch(store, '', start);
        const writers = 12;
        const perWriter = 25;
        let midWatch: WatchLog | undefined;
        let midFrom = 0;
        // Each writer creates its own key then hammers a shared one with CAS retries.
        await store.create('/cw/shared', '0');
        const work = Array.from({ length: writers }, async (_, w) => {
          let own = await store.create(`/cw/own/${w}`, '0');
          for (let i = 0; i < perWriter; i++) {
            own = await store.update(`/cw/own/${w}`, String(i), own.modRevision);
            for (;;) {
              const cur = (await store.get('/cw/shared'))!;
              try {
                await store.update('/cw/shared', `${w}:${i}`, cur.modRevision);
                break;
              } catch (err) {
                if (!(err instanceof ConflictError)) throw err;
              }
            }
            if (w === 0 && i === perWriter / 5) {
              // A watcher that subscribes mid-stream from a past revision must
              // stitch its replay to the live stream without a gap.
              midFrom = start + 3;
              midWatch = recordWatch(store, '/cw/', midFrom);
            }
          }
        });
        await Promise.all(work);
        const end = await store.currentRevision();
        expect(end - start).toBe(1 + writers * (1 + 2 * perWriter));
        await waitUntil(() => live.revisions().at(-1) === end, 'the live watcher to reach the end');
        await waitUntil(() => midWatch?.revisions().at(-1) === end, 'the mid-stream watcher to reach the end');
        expect(live.revisions()).toEqual(range(start + 1, end));
        expect(midWatch!.revisions()).toEqual(range(midFrom + 1, end));
        for (const b of [...live.batches, ...midWatch!.batches]) expect(b.length).toBeGreaterThan(0);
        expect(live.errors).toEqual([]);
        expect(midWatch!.errors).toEqual([]);
        // Replaying the same history gives the same events as watching it live.
        const replay = recordWatch(store, '', start);
        await waitUntil(() => replay.revisions().at(-1) === end, 'the replaying watcher to reach the end');
        expect(replay.events).toEqual(live.events);
      });

      it('a closed watcher receives nothing more while others continue', async () => {
        const from = await store.currentRevision();
        const a = recordWatch(store, '', from);
        const b = recordWatch(store, '', from);
        await store.create('/1', 'x');
        await waitUntil(() => a.events.length === 1 && b.events.length === 1, 'first event on both');
        a.watcher.close();
        const last = await store.create('/2', 'x');
        await waitUntil(() => b.events.length === 2, 'second event on the open watcher');
        expect(b.events[1]!.kv).toEqual(last);
        expect(a.events).toHaveLength(1);
        expect(a.errors).toEqual([]);
      });

      it('events arrive after the write call, not inside it', async () => {
        const from = await store.currentRevision();
        let insideWrite = false;
        let deliveredInside = false;
        store.watch('', from, {
          onEvents: () => {
            if (insideWrite) deliveredInside = true;
          },
          onError: () => {},
        });
        // Flag the synchronous part of the write call: a delivery from inside
        // it would run while the flag is up.
        insideWrite = true;
        const write = store.create('/sync', 'x');
        insideWrite = false;
        await write;
        const seen = recordWatch(store, '', from);
        await waitUntil(() => seen.events.length === 1, 'the event');
        expect(deliveredInside).toBe(false);
      });
    });

    describe('compaction', () => {
      it('a compacted revision answers Compacted to list and watch; later revisions still work', async () => {
        const a = await store.create('/x/a', 'a1');
        const b = await store.create('/x/b', 'b1');
        const a2 = await store.update('/x/a', 'a2', a.modRevision);
        await store.delete('/x/b');
        const cut = await store.currentRevision();
        const after = await store.update('/x/a', 'a3', a2.modRevision);
        await store.compact(cut);
        expect(await store.compactedRevision()).toBe(cut);

        const listErr = await store.list('/x/', { revision: b.modRevision }).catch((e: unknown) => e);
        expect(listErr).toBeInstanceOf(CompactedError);
        expect(listErr).toMatchObject({ requested: b.modRevision, compacted: cut });

        const w = recordWatch(store, '/x/', a.modRevision);
        await waitUntil(() => w.errors.length === 1, 'the compacted error');
        expect(w.errors[0]).toBeInstanceOf(CompactedError);
        await store.create('/x/late', 'x');
        expect(w.events).toEqual([]);

        // At the compacted revision itself the snapshot is still complete.
        const atCut = await store.list('/x/', { revision: cut });
        expect(atCut.items.map((i) => [i.key, i.value])).toEqual([['/x/a', 'a2']]);
        expect(await store.get('/x/a')).toEqual(after);
        expect(await store.get('/x/b')).toBeUndefined();

        // A watch from the compacted revision replays everything after it, with prevKv intact.
        const ok = recordWatch(store, '/x/', cut);
        await waitUntil(() => ok.events.length === 2, 'events after the cut');
        expect(ok.events[0]).toEqual({ type: 'update', kv: after, prevKv: a2 });
        expect(ok.events[1]!.kv.key).toBe('/x/late');
        expect(ok.errors).toEqual([]);
      });

      it('compaction keeps live keys and the revision counter', async () => {
        const keep = await store.create('/k/keep', 'v');
        const gone = await store.create('/k/gone', 'v');
        await store.delete('/k/gone', gone.modRevision);
        const rev = await store.currentRevision();
        await store.compact(rev);
        expect(await store.currentRevision()).toBe(rev);
        expect(await store.get('/k/keep')).toEqual(keep);
        expect((await store.list('/k/')).items).toEqual([keep]);
        expect(await store.count('/k/')).toBe(1);
        const next = await store.create('/k/gone', 'again');
        expect(next.modRevision).toBe(rev + 1);
      });
    });

    describe('reopen', () => {
      it('reopening after close keeps data, revision and compacted revision', async () => {
        const a = await store.create('/r/a', '1');
        const a2 = await store.update('/r/a', '2', a.modRevision);
        const b = await store.create('/r/b', '1');
        await store.compact(a2.modRevision);
        const d = await store.delete('/r/b');
        const rev = await store.currentRevision();
        await store.close();

        const again = await openStore();
        expect(await again.currentRevision()).toBe(rev);
        expect(await again.compactedRevision()).toBe(a2.modRevision);
        expect(await again.get('/r/a')).toEqual(a2);
        expect(await again.get('/r/b')).toBeUndefined();
        expect((await again.list('/r/', { revision: b.modRevision })).items.map((i) => i.key)).toEqual(['/r/a', '/r/b']);
        await expect(again.list('/r/', { revision: a.modRevision })).rejects.toBeInstanceOf(CompactedError);
        // History survives too: a watch from before the delete replays it.
        const w = recordWatch(again, '/r/', d.modRevision - 1);
        await waitUntil(() => w.events.length === 1, 'the replayed delete');
        expect(w.events[0]).toEqual({ type: 'delete', kv: d, prevKv: b });
        const next = await again.create('/r/c', '1');
        expect(next.modRevision).toBe(rev + 1);
      });
    });
  });
}
