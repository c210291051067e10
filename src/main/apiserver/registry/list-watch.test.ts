import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import type { KubeList, KubeObject } from '../../../shared/api/meta';
import { EXPIRED_CONTINUE } from '../status';
import { newFixture, pod, recordWatch, type Fixture } from './testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture({ bookmarkIntervalMs: 20 });
});
afterEach(async () => {
  await f.close();
});

async function createPods(n: number, labels: (i: number) => Record<string, string> = () => ({})): Promise<void> {
  for (let i = 0; i < n; i++) {
    await f.r('pods').create('default', { ...pod(`p${String(i).padStart(2, '0')}`), metadata: { name: `p${String(i).padStart(2, '0')}`, labels: labels(i) } }, {});
  }
}

describe('list', () => {
  it('lists with the list kind, apiVersion and the snapshot revision', async () => {
    await createPods(3);
    const list = await f.r('pods').list('default', {});
    expect(list.kind).toBe('PodList');
    expect(list.apiVersion).toBe('v1');
    expect(list.metadata.resourceVersion).toBe(String(await f.store.currentRevision()));
    expect(list.items.map((p) => p.metadata.name)).toEqual(['p00', 'p01', 'p02']);
    expect(list.items[0]!.kind).toBe('Pod');
  });

  it('filters by label and field selectors', async () => {
    await createPods(6, (i) => ({ tier: i % 2 ? 'back' : 'front', n: String(i) }));
    const names = async (o: { labelSelector?: string; fieldSelector?: string }) => (await f.r('pods').list(undefined, o)).items.map((p) => p.metadata.name);
    expect(await names({ labelSelector: 'tier=front' })).toEqual(['p00', 'p02', 'p04']);
    expect(await names({ labelSelector: 'tier!=front,n in (1,3)' })).toEqual(['p01', 'p03']);
    expect(await names({ fieldSelector: 'metadata.name=p05' })).toEqual(['p05']);
    expect(await names({ fieldSelector: 'status.phase=Pending,metadata.name!=p00', labelSelector: 'n notin (1,2,3,4)' })).toEqual(['p05']);
    expect(await names({ fieldSelector: 'spec.nodeName=' })).toHaveLength(6);
    await expect(f.r('pods').list(undefined, { fieldSelector: 'spec.bogus=x' })).rejects.toMatchObject({ code: 400, message: 'field label not supported: spec.bogus' });
  });

  it('pages with limit/continue at one snapshot revision', async () => {
    await createPods(5);
    const first = await f.r('pods').list('default', { limit: 2 });
    expect(first.items.map((p) => p.metadata.name)).toEqual(['p00', 'p01']);
    expect(first.metadata.continue).toBeTruthy();
    // A write between pages does not show up in the rest of the list.
    await f.r('pods').create('default', pod('p99'), {});
    const second = await f.r('pods').list('default', { limit: 2, continue: first.metadata.continue! });
    expect(second.items.map((p) => p.metadata.name)).toEqual(['p02', 'p03']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = await f.r('pods').list('default', { limit: 2, continue: second.metadata.continue! });
    expect(third.items.map((p) => p.metadata.name)).toEqual(['p04']);
    expect(third.metadata.continue).toBeUndefined();
  });

  it('pages filtered lists to exactly limit matching items', async () => {
    await createPods(10, (i) => ({ odd: String(i % 2 === 1) }));
    const a = await f.r('pods').list('default', { limit: 2, labelSelector: 'odd=true' });
    expect(a.items.map((p) => p.metadata.name)).toEqual(['p01', 'p03']);
    const b = await f.r('pods').list('default', { limit: 10, labelSelector: 'odd=true', continue: a.metadata.continue! });
    expect(b.items.map((p) => p.metadata.name)).toEqual(['p05', 'p07', 'p09']);
  });

  it('answers 410 Expired for a continue token whose revision was compacted', async () => {
    await createPods(3);
    const first = await f.r('pods').list('default', { limit: 1 });
    await f.r('pods').create('default', pod('late'), {});
    await f.store.compact(await f.store.currentRevision());
    const err = await f.r('pods').list('default', { limit: 1, continue: first.metadata.continue! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(410);
    expect((err as ApiError).reason).toBe('Expired');
    expect((err as ApiError).message).toBe(EXPIRED_CONTINUE);
  });

  it('refuses a malformed continue token with 400', async () => {
    await expect(f.r('pods').list('default', { continue: 'garbage!' })).rejects.toMatchObject({ code: 400 });
  });
});

describe('watch', () => {
  it('replays current state as ADDED for resourceVersion unset or "0", then streams changes', async () => {
    await createPods(2);
    const w = await recordWatch(f.r('pods'), 'default', { resourceVersion: '0' });
    expect(w.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'p00'],
      ['ADDED', 'p01'],
    ]);
    await f.r('pods').patch('default', 'p00', 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } }, {});
    await w.waitFor((evs) => evs.length === 3);
    expect(w.events[2]!.type).toBe('MODIFIED');
    expect(w.events[2]!.object.kind).toBe('Pod');
    expect(w.events[2]!.object.apiVersion).toBe('v1');
    w.handle.stop();
  });

  it('from resourceVersion N streams only later events; DELETED carries the deletion revision', async () => {
    await createPods(1);
    const rv = (await f.r('pods').list('default', {})).metadata.resourceVersion!;
    const w = await recordWatch(f.r('pods'), 'default', { resourceVersion: rv });
    await f.r('pods').create('default', pod('new'), {});
    const del = await f.r('pods').delete('default', 'p00', {});
    expect(del).toMatchObject({ status: 'Success' });
    await w.waitFor((evs) => evs.length === 2);
    expect(w.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'new'],
      ['DELETED', 'p00'],
    ]);
    expect(w.events[1]!.object.metadata.resourceVersion).toBe(String(await f.store.currentRevision()));
    w.handle.stop();
  });

  it('sends one ERROR 410 Expired event and closes for a compacted resourceVersion', async () => {
    await createPods(3);
    await f.store.compact(await f.store.currentRevision());
    const w = await recordWatch(f.r('pods'), 'default', { resourceVersion: '1' });
    await w.waitFor((evs) => evs.length === 1);
    await w.waitFor(() => w.closed);
    const ev = w.events[0]!;
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({ kind: 'Status', status: 'Failure', code: 410, reason: 'Expired' });
    expect((ev.object as unknown as { message: string }).message).toMatch(/^too old resource version: 1 \(\d+\)$/);
  });

  it('emits ADDED / DELETED as objects enter and leave the selector', async () => {
    await createPods(1, () => ({ app: 'x' }));
    const w = await recordWatch(f.r('pods'), 'default', { resourceVersion: '0', labelSelector: 'app=x' });
    expect(w.events.map((e) => e.type)).toEqual(['ADDED']);
    const moved = await f.r('pods').patch('default', 'p00', 'application/merge-patch+json', { metadata: { labels: { app: 'y' } } }, {});
    await w.waitFor((evs) => evs.length === 2);
    expect(w.events[1]!.type).toBe('DELETED');
    // The previous state (still matching), at the revision of the change.
    expect(w.events[1]!.object.metadata.labels).toEqual({ app: 'x' });
    expect(w.events[1]!.object.metadata.resourceVersion).toBe(moved.metadata.resourceVersion);
    await f.r('pods').patch('default', 'p00', 'application/merge-patch+json', { metadata: { labels: { app: 'x' } } }, {});
    await w.waitFor((evs) => evs.length === 3);
    expect(w.events[2]!.type).toBe('ADDED');
    await f.r('pods').create('default', { ...pod('other'), metadata: { name: 'other', labels: { app: 'z' } } }, {});
    await f.r('pods').create('default', { ...pod('match'), metadata: { name: 'match', labels: { app: 'x' } } }, {});
    await w.waitFor((evs) => evs.length === 4);
    expect(w.events[3]!.object.metadata.name).toBe('match');
    w.handle.stop();
  });

  it('with sendInitialEvents=false and no resourceVersion streams only new changes', async () => {
    await createPods(2);
    const w = await recordWatch(f.r('pods'), 'default', { sendInitialEvents: false });
    await f.r('pods').create('default', pod('later'), {});
    await w.waitFor((evs) => evs.length === 1);
    expect(w.events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'later']]);
    w.handle.stop();
  });

  it('narrows to one object with fieldSelector metadata.name', async () => {
    await createPods(3);
    const w = await recordWatch(f.r('pods'), 'default', { fieldSelector: 'metadata.name=p01' });
    expect(w.events.map((e) => e.object.metadata.name)).toEqual(['p01']);
    w.handle.stop();
  });

  it('sends BOOKMARK events with only kind, apiVersion and resourceVersion when allowed', async () => {
    await createPods(1);
    const w = await recordWatch(f.r('pods'), 'default', { resourceVersion: '0', allowWatchBookmarks: true });
    await w.waitFor((evs) => evs.some((e) => e.type === 'BOOKMARK'));
    const bm = w.events.find((e) => e.type === 'BOOKMARK')!;
    expect(bm.object).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(await f.store.currentRevision()) } });
    w.handle.stop();
    const plain = await recordWatch(f.r('pods'), 'default', { resourceVersion: '0' });
    await f.r('pods').create('default', pod('x'), {});
    await plain.waitFor((evs) => evs.length === 2);
    expect(plain.events.every((e) => e.type !== 'BOOKMARK')).toBe(true);
    plain.handle.stop();
  });

  it('closes the watch after timeoutSeconds', async () => {
    const w = await recordWatch(f.r('configmaps'), 'default', { resourceVersion: '0', timeoutSeconds: 1 });
    await w.waitFor(() => w.closed, 5000);
    expect(w.closed).toBe(true);
  });

  it('watches across namespaces and only its own resource', async () => {
    await f.r('namespaces').create(undefined, { metadata: { name: 'other' } }, {});
    const w = await recordWatch(f.r('configmaps'), undefined, { resourceVersion: String(await f.store.currentRevision()) });
    await f.r('configmaps').create('other', { metadata: { name: 'a' } }, {});
    await f.r('secrets').create('other', { metadata: { name: 's' } }, {});
    await f.r('configmaps').create('default', { metadata: { name: 'b' } }, {});
    await w.waitFor((evs) => evs.length === 2);
    expect(w.events.map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`)).toEqual(['other/a', 'default/b']);
    expect(w.events.map((e) => (e.object as KubeObject).kind)).toEqual(['ConfigMap', 'ConfigMap']);
    w.handle.stop();
  });
});

describe('lists served from cached JSON', () => {
  it('listJson is the JSON of list, pages and continue tokens included, and follows updates', async () => {
    const { openSqliteStore } = await import('../../storage');
    const { createRegistry } = await import('./index');
    const store = await openSqliteStore(':memory:');
    try {
      const registry = createRegistry(store);
      await registry.ready();
      const pods = registry.lookup('', 'v1', 'configmaps')!;
      for (let i = 0; i < 5; i++) await pods.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { i: String(i) } }, {});
      for (const opts of [{}, { limit: 2 }]) {
        expect(JSON.parse((await pods.listJson!('default', opts))!)).toEqual(JSON.parse(JSON.stringify(await pods.list('default', opts))));
      }
      const first = await pods.list('default', { limit: 2 });
      const next = { limit: 2, continue: first.metadata.continue! };
      expect(JSON.parse((await pods.listJson!('default', next))!)).toEqual(JSON.parse(JSON.stringify(await pods.list('default', next))));
      // A cached object that changes is served at its new revision.
      const c0 = await pods.get('default', 'c0');
      await pods.update('default', 'c0', { ...c0, data: { i: 'changed' } }, {});
      const after = JSON.parse((await pods.listJson!('default', {}))!) as { items: { data: { i: string } }[] };
      expect(after.items[0]!.data.i).toBe('changed');
      expect(await pods.listJson!('default', { labelSelector: 'a=b' })).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('reads only the values not cached: keys and revisions first, then the changed objects by revision', async () => {
    const { openSqliteStore } = await import('../../storage');
    const { createRegistry } = await import('./index');
    const store = await openSqliteStore(':memory:');
    try {
      const registry = createRegistry(store);
      await registry.ready();
      const cms = registry.lookup('', 'v1', 'configmaps')!;
      for (let i = 0; i < 6; i++) await cms.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { i: String(i) } }, {});
      await cms.listJson!('default', {});
      // Two change, one goes, one comes: the next list fetches the values of the new revisions only.
      for (const name of ['c1', 'c4']) await cms.update('default', name, { ...(await cms.get('default', name)), data: { i: `${name} changed` } }, {});
      await cms.delete('default', 'c2', {});
      await cms.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c9' }, data: { i: '9' } }, {});
      const asked: number[][] = [];
      const valuesAt = store.valuesAt!.bind(store);
      store.valuesAt = (revs) => {
        asked.push([...revs]);
        return valuesAt(revs);
      };
      const listed = JSON.parse((await cms.listJson!('default', {}))!) as KubeList;
      expect(listed).toEqual(JSON.parse(JSON.stringify(await cms.list('default', {}))));
      expect(listed.items.map((o) => o.metadata.name)).toEqual(['c0', 'c1', 'c3', 'c4', 'c5', 'c9']);
      const changed = listed.items.filter((o) => ['c1', 'c4', 'c9'].includes(o.metadata.name!)).map((o) => Number(o.metadata.resourceVersion));
      expect(asked).toEqual([changed]);
      // Nothing changed since: no value is read at all.
      await cms.listJson!('default', {});
      expect(asked).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
