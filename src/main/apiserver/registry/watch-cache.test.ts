import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeList, KubeObject, WatchEvent } from '../../../shared/api/meta';
import { ApiError } from '../../../shared/errors';
import type { Store, WatchCallbacks } from '../../storage/types';
import { EXPIRED_CONTINUE } from '../status';
import { ObjectCodec } from './object-codec';
import { newFixture, pod, recordWatch, type Fixture } from './testing/registry-fixture';
import { WatchCache } from './watch-cache';

let f: Fixture;
let clock: { ms: number };
beforeEach(async () => {
  clock = { ms: 1_000_000 };
  f = await newFixture({ watchCache: { waitMs: 200, snapshotTtlMs: 1000, now: () => clock.ms } });
});
afterEach(async () => {
  await f.close();
});

const names = (l: KubeList) => l.items.map((o) => o.metadata.name);

async function createPods(names: string[], labels: (n: string) => Record<string, string> = () => ({})): Promise<void> {
  for (const name of names) await f.r('pods').create('default', { ...pod(name), metadata: { name, labels: labels(name) } }, {});
}

/** storeLists counts the store's list calls from now on. */
function storeLists() {
  return vi.spyOn(f.store, 'list');
}

describe('lists from the watch cache', () => {
  it('serves resourceVersion=0 from memory, equal to the store list, in key order through creates, updates and deletes', async () => {
    await createPods(['p5', 'p1', 'p3']);
    await f.r('pods').list('default', { resourceVersion: '0' }); // starts the cache
    await createPods(['p0', 'p4', 'p2']);
    await f.r('pods').patch('default', 'p3', 'application/merge-patch+json', { metadata: { labels: { changed: 'yes' } } }, {});
    await f.r('pods').delete('default', 'p1', { gracePeriodSeconds: 0 });
    await f.r('configmaps').create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } }, {});
    const fromStore = await f.r('pods').list('default', {});
    const spy = storeLists();
    const fromCache = await f.r('pods').list('default', { resourceVersion: '0' });
    expect(spy).not.toHaveBeenCalled();
    expect(names(fromCache)).toEqual(['p0', 'p2', 'p3', 'p4', 'p5']);
    expect(fromCache.items).toEqual(fromStore.items);
    // Caught up with the store, writes to other kinds included (the store watch's progress).
    expect(fromCache.metadata.resourceVersion).toBe(fromStore.metadata.resourceVersion);
    // The JSON served over HTTP is the same list.
    const json = await f.r('pods').listJson!('default', { resourceVersion: '0' });
    expect(JSON.parse(json!)).toEqual(JSON.parse(JSON.stringify(fromStore)));
    expect(spy).not.toHaveBeenCalled();
  });

  it('keeps consistent (unset) and Exact reads on the store', async () => {
    await createPods(['a']);
    await f.r('pods').list('default', { resourceVersion: '0' });
    const spy = storeLists();
    const rv = (await f.r('pods').list('default', {})).metadata.resourceVersion!;
    await f.r('pods').list('default', { resourceVersion: rv, resourceVersionMatch: 'Exact' });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('filters by label and field selectors as the store does', async () => {
    await createPods(['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], (n) => ({ tier: Number(n[1]) % 2 ? 'back' : 'front' }));
    const selections = [{ labelSelector: 'tier=front' }, { labelSelector: 'tier!=front' }, { fieldSelector: 'metadata.name=p5' }, { fieldSelector: 'status.phase=Pending,metadata.name!=p0', labelSelector: 'tier=back' }];
    for (const sel of selections) {
      const fromStore = await f.r('pods').list(undefined, sel);
      const fromCache = await f.r('pods').list(undefined, { ...sel, resourceVersion: '0' });
      expect(names(fromCache)).toEqual(names(fromStore));
      expect(JSON.parse((await f.r('pods').listJson!(undefined, { ...sel, resourceVersion: '0' }))!).items).toEqual(JSON.parse(JSON.stringify(fromStore.items)));
    }
  });

  it('holds the objects watchers get, frozen, and serialises each revision once', async () => {
    const rv = (await f.r('pods').list('default', { resourceVersion: '0' })).metadata.resourceVersion!;
    const rec = await recordWatch(f.r('pods'), 'default', { resourceVersion: rv });
    await createPods(['shared']);
    await rec.waitFor((evs) => evs.length === 1);
    const [item] = (await f.r('pods').list('default', { resourceVersion: '0' })).items;
    expect(item).toBe(rec.events[0]!.object);
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item!.metadata)).toBe(true);
    const stringify = vi.spyOn(JSON, 'stringify');
    await f.r('pods').listJson!('default', { resourceVersion: '0' });
    await f.r('pods').listJson!('default', { resourceVersion: '0' });
    const objectStringifies = stringify.mock.calls.filter(([v]) => (v as KubeObject).kind === 'Pod');
    expect(objectStringifies).toHaveLength(1);
    stringify.mockRestore();
    rec.handle.stop();
  });
});

describe('limit and continue from the cache', () => {
  it('pages at one snapshot revision without reading the store', async () => {
    await createPods(['p0', 'p1', 'p2', 'p3', 'p4']);
    await f.r('pods').list('default', { resourceVersion: '0' });
    const spy = storeLists();
    const first = await f.r('pods').list('default', { resourceVersion: '0', limit: 2 });
    expect(names(first)).toEqual(['p0', 'p1']);
    expect(first.metadata.continue).toBeTruthy();
    // Writes between pages do not show in the rest of the list.
    await createPods(['p11', 'p9']);
    await f.r('pods').delete('default', 'p3', { gracePeriodSeconds: 0 });
    const second = await f.r('pods').list('default', { limit: 2, continue: first.metadata.continue! });
    expect(names(second)).toEqual(['p2', 'p3']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = await f.r('pods').list('default', { limit: 2, continue: second.metadata.continue! });
    expect(names(third)).toEqual(['p4']);
    expect(third.metadata.continue).toBeUndefined();
    expect(spy).not.toHaveBeenCalled();
    // A new list sees the writes.
    expect(names(await f.r('pods').list('default', { resourceVersion: '0' }))).toEqual(['p0', 'p1', 'p11', 'p2', 'p4', 'p9']);
  });

  it('pages filtered lists to exactly limit matching items, as the store does', async () => {
    await createPods(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'], (n) => ({ odd: String(Number(n[1]) % 2 === 1) }));
    const all = async (opts: { resourceVersion?: string }) => {
      const out: string[][] = [];
      let cont: string | undefined;
      do {
        const page: KubeList = await f.r('pods').list('default', { labelSelector: 'odd=true', limit: 3, ...(cont ? { continue: cont } : opts) });
        out.push(names(page) as string[]);
        cont = page.metadata.continue;
      } while (cont);
      return out;
    };
    expect(await all({ resourceVersion: '0' })).toEqual(await all({}));
  });

  it('sends a continue whose snapshot expired to the store, and 410 once that revision is compacted', async () => {
    await createPods(['p0', 'p1', 'p2']);
    const first = await f.r('pods').list('default', { resourceVersion: '0', limit: 1 });
    await createPods(['p00']);
    clock.ms += 5000; // past snapshotTtlMs
    const spy = storeLists();
    const second = await f.r('pods').list('default', { limit: 1, continue: first.metadata.continue! });
    expect(spy).toHaveBeenCalled();
    expect(names(second)).toEqual(['p1']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    await f.store.compact(await f.store.currentRevision());
    const err = await f.r('pods').list('default', { limit: 1, continue: second.metadata.continue! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(410);
    expect((err as ApiError).message).toBe(EXPIRED_CONTINUE);
  });
});

describe('NotOlderThan', () => {
  it('serves a revision the cache has reached, and waits for one it has not', async () => {
    await createPods(['a']);
    const rv = Number((await f.r('pods').list('default', {})).metadata.resourceVersion);
    const now = await f.r('pods').list('default', { resourceVersion: String(rv), resourceVersionMatch: 'NotOlderThan' });
    expect(names(now)).toEqual(['a']);
    // One revision ahead: the list waits until a write reaches it.
    const ahead = f.r('pods').list('default', { resourceVersion: String(rv + 1), resourceVersionMatch: 'NotOlderThan' });
    await createPods(['b']);
    const later = await ahead;
    expect(Number(later.metadata.resourceVersion)).toBeGreaterThanOrEqual(rv + 1);
    expect(names(later)).toEqual(['a', 'b']);
    // N alone (no limit) means not older than N too.
    expect(names(await f.r('pods').list('default', { resourceVersion: String(rv + 1) }))).toEqual(['a', 'b']);
  });

  it('is reached through writes to other kinds (the store watch progress), without an event of its own', async () => {
    await f.r('pods').list('default', { resourceVersion: '0' });
    const cm = await f.r('configmaps').create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, {});
    const list = await f.r('pods').list('default', { resourceVersion: cm.metadata.resourceVersion!, resourceVersionMatch: 'NotOlderThan' });
    expect(list.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
  });

  it('answers 504 Too large resource version for a revision the store has not reached after the wait', async () => {
    const current = await f.store.currentRevision();
    const err = await f.r('pods').list('default', { resourceVersion: String(current + 50), resourceVersionMatch: 'NotOlderThan' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(504);
    expect((err as ApiError).status.reason).toBe('Timeout');
    expect((err as ApiError).message).toBe(`Too large resource version: ${current + 50}, current: ${current}`);
    expect((err as ApiError).status.details?.causes?.[0]?.reason).toBe('ResourceVersionTooLarge');
  });
});

describe('watches from the cache', () => {
  it('serves a resourceVersion=0 watch its initial state from memory, then follows the store', async () => {
    await createPods(['w1', 'w0']);
    await f.r('pods').list('default', { resourceVersion: '0' });
    const spy = storeLists();
    const rec = await recordWatch(f.r('pods'), 'default', { resourceVersion: '0' });
    await rec.waitFor((evs) => evs.length === 2);
    expect(rec.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'w0'],
      ['ADDED', 'w1'],
    ]);
    await createPods(['w2']);
    await f.r('pods').delete('default', 'w0', { gracePeriodSeconds: 0 });
    await rec.waitFor((evs) => evs.length === 4);
    expect(rec.events.slice(2).map((e: WatchEvent) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'w2'],
      ['DELETED', 'w0'],
    ]);
    expect(spy).not.toHaveBeenCalled();
    rec.handle.stop();
  });
});

describe('WatchCache', () => {
  /** failingWatchStore wraps the fixture's store so a test can fail the cache's store watch. */
  function failingWatchStore(store: Store) {
    const feeds: WatchCallbacks[] = [];
    const wrapped = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'watch') {
          return (prefix: string, from: number, cb: WatchCallbacks) => {
            feeds.push(cb);
            return target.watch(prefix, from, cb);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return { store: wrapped, feeds };
  }

  it('starts again, from a full list, after its store watch fails', async () => {
    const codec = new ObjectCodec('v1', 'ConfigMap');
    const { store, feeds } = failingWatchStore(f.store);
    const cache = new WatchCache({ store, prefix: '/registry/core/configmaps/', decode: (kv) => codec.decode(kv), idleMs: 0 });
    const cm = (name: string) => f.r('configmaps').create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }, {});
    await cm('one');
    const first = await cache.list({ prefix: '/registry/core/configmaps/', minRev: 0 });
    expect(first!.items.map((e) => e.obj.metadata.name)).toEqual(['one']);
    expect(cache.starts).toBe(1);
    // The feeding watch ends (too slow, compacted…): the cache forgets, and the next read lists again.
    feeds[0]!.onError(new Error('dropped'));
    expect(cache.running).toBe(false);
    await cm('two');
    const second = await cache.list({ prefix: '/registry/core/configmaps/', minRev: 0 });
    expect(second!.items.map((e) => e.obj.metadata.name)).toEqual(['one', 'two']);
    expect(cache.starts).toBe(2);
    // And follows the store again.
    const three = await cm('three');
    const third = await cache.list({ prefix: '/registry/core/configmaps/', minRev: Number(three.metadata.resourceVersion) });
    expect(third!.items.map((e) => e.obj.metadata.name)).toEqual(['one', 'three', 'two']);
    cache.stop();
  });

  it('sends a read it has not reached to the store at once when its store watch tells no progress (etcd)', async () => {
    const codec = new ObjectCodec('v1', 'ConfigMap');
    const store = new Proxy(f.store, {
      get(target, prop, receiver) {
        if (prop === 'watch') {
          return (prefix: string, from: number, cb: WatchCallbacks) => {
            const w = target.watch(prefix, from, cb);
            return { close: () => w.close() };
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const cache = new WatchCache({ store, prefix: '/registry/core/configmaps/', decode: (kv) => codec.decode(kv), idleMs: 0, waitMs: 60_000 });
    expect((await cache.list({ prefix: '/registry/core/configmaps/', minRev: 0 }))!.items).toEqual([]);
    // A write to another kind: the store has its revision, the cache cannot know it is current.
    const other = await f.r('pods').create('default', pod('elsewhere'), {});
    expect(await cache.list({ prefix: '/registry/core/configmaps/', minRev: Number(other.metadata.resourceVersion) })).toBeUndefined();
    cache.stop();
  });

  it('stops after idleMs without a read', async () => {
    const codec = new ObjectCodec('v1', 'ConfigMap');
    let ms = 0;
    const cache = new WatchCache({ store: f.store, prefix: '/registry/core/configmaps/', decode: (kv) => codec.decode(kv), idleMs: 20, now: () => ms });
    await cache.list({ prefix: '/registry/core/configmaps/', minRev: 0 });
    expect(cache.running).toBe(true);
    ms = 100;
    const deadline = Date.now() + 5000;
    while (cache.running && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(cache.running).toBe(false);
  });
});
