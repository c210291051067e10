import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { ApiError } from '../../shared/errors';
import { createInformer, SharedInformerFactory, type Informer } from './informer';
import { FakeApiClient } from './testing/fake-client';

const pod = (name: string, ns = 'default', nodeName?: string, labels: Record<string, string> = {}): Pod => ({
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...(nodeName ? { nodeName } : {}) },
});

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

let informers: Informer<Pod>[] = [];
afterEach(() => {
  for (const i of informers) i.stop();
  informers = [];
});

function track(i: Informer<Pod>): Informer<Pod> {
  informers.push(i);
  return i;
}

describe('Informer', () => {
  it('lists, then sees adds, updates and deletes through the watch', async () => {
    const c = new FakeApiClient();
    c.seed(GVR.pods, pod('a'));
    const seen: string[] = [];
    const inf = track(createInformer<Pod>(c, GVR.pods));
    inf.addEventHandler({
      onAdd: (p) => seen.push(`add ${p.metadata.name}`),
      onUpdate: (o, n) => seen.push(`update ${n.metadata.name} ${o.metadata.labels?.x ?? '-'}→${n.metadata.labels?.x ?? '-'}`),
      onDelete: (p) => seen.push(`delete ${p.metadata.name}`),
    });
    inf.start();
    expect(await inf.waitForSync()).toBe(true);
    expect(inf.hasSynced()).toBe(true);
    await c.create(GVR.pods, 'default', pod('b'));
    await c.patch(GVR.pods, 'default', 'a', 'application/merge-patch+json', { metadata: { labels: { x: '1' } } });
    await c.delete(GVR.pods, 'default', 'b');
    await until(() => seen.length === 4, 'four events');
    expect(seen).toEqual(['add a', 'add b', 'update a -→1', 'delete b']);
    expect(inf.lister.get('default', 'a')?.metadata.labels).toEqual({ x: '1' });
    expect(inf.lister.get('default', 'b')).toBeUndefined();
  });

  it('resumes from the last resourceVersion when the server closes the watch (no relist, no lost event)', async () => {
    const c = new FakeApiClient();
    const inf = track(createInformer<Pod>(c, GVR.pods));
    const added: string[] = [];
    inf.addEventHandler({ onAdd: (p) => added.push(p.metadata.name!) });
    inf.start();
    await inf.waitForSync();
    await until(() => c.watchCount() === 1, 'watch open');
    c.closeWatches();
    await c.create(GVR.pods, 'default', pod('during-gap'));
    await until(() => added.includes('during-gap'), 'event from the gap');
    expect(inf.listCount).toBe(1);
    const watches = c.actions.filter((a) => a.verb === 'watch').length;
    expect(watches).toBeGreaterThanOrEqual(2);
  });

  it('relists on a 410 ERROR event and reports objects deleted meanwhile', async () => {
    const c = new FakeApiClient();
    c.seed(GVR.pods, pod('keep'), pod('gone'));
    const inf = track(createInformer<Pod>(c, GVR.pods));
    const deleted: string[] = [];
    inf.addEventHandler({ onDelete: (p) => deleted.push(p.metadata.name!) });
    inf.start();
    await inf.waitForSync();
    await until(() => c.watchCount() === 1, 'watch open');
    // Simulate a long disconnection: the watch ends, changes happen, history is compacted.
    // All in one synchronous step, before the informer can reopen its watch:
    // the watch ends, changes happen, and the history is compacted.
    c.closeWatches();
    void c.delete(GVR.pods, 'default', 'gone');
    void c.create(GVR.pods, 'default', pod('new'));
    c.compact();
    await until(() => inf.listCount === 2, 'relist');
    await until(() => inf.lister.get('default', 'new') !== undefined, 'new pod cached');
    expect(inf.lister.get('default', 'gone')).toBeUndefined();
    expect(deleted).toContain('gone');
  });

  it('relists when opening the watch fails with an ApiError 410', async () => {
    const c = new FakeApiClient();
    const gone = new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 410, reason: 'Expired', message: 'too old' });
    c.failNext('watch', gone);
    const inf = track(createInformer<Pod>(c, GVR.pods));
    inf.start();
    await until(() => inf.listCount === 2, 'relist after 410');
    await c.create(GVR.pods, 'default', pod('after'));
    await until(() => inf.lister.get('default', 'after') !== undefined, 'watch works after relist');
  });

  it('filters by label selector and keeps custom indexes (pods by node)', async () => {
    const c = new FakeApiClient();
    c.seed(GVR.pods, pod('a', 'default', 'n1', { app: 'x' }), pod('b', 'default', 'n2', { app: 'x' }), pod('c', 'other', 'n1', { app: 'y' }));
    const inf = track(
      createInformer<Pod>(c, GVR.pods, { labelSelector: 'app=x', indexers: { node: (p) => (p.spec.nodeName ? [p.spec.nodeName] : []) } }),
    );
    inf.start();
    await inf.waitForSync();
    expect(inf.lister.list().map((p) => p.metadata.name).sort()).toEqual(['a', 'b']);
    expect(inf.lister.byIndex('node', 'n1').map((p) => p.metadata.name)).toEqual(['a']);
    // A pod that stops matching the selector leaves the cache.
    await c.patch(GVR.pods, 'default', 'a', 'application/merge-patch+json', { metadata: { labels: { app: 'z' } } });
    await until(() => inf.lister.get('default', 'a') === undefined, 'a leaves');
    expect(inf.lister.byIndex('node', 'n1')).toEqual([]);
    expect(inf.lister.list('default').map((p) => p.metadata.name)).toEqual(['b']);
  });

  it('shares one informer per resource through the factory', async () => {
    const c = new FakeApiClient();
    const f = new SharedInformerFactory(c);
    const a = f.informerFor<Pod>(GVR.pods);
    const b = f.informerFor<Pod>(GVR.pods);
    const n = f.informerFor(GVR.nodes);
    expect(a).toBe(b);
    expect(n).not.toBe(a);
    f.start();
    expect(await f.waitForCacheSync()).toBe(true);
    f.stop();
    expect(c.actions.filter((x) => x.verb === 'list').length).toBe(2);
  });
});
