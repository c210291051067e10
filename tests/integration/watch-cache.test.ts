/**
 * Issue 14 item 3: lists served from the API server's watch cache
 * (resourceVersion=0, pages with limit/continue, selectors) equal the lists
 * read from the store, as the real kubectl and @kubernetes/client-node see
 * them; an informer that lists at resourceVersion=0 and then watches (what
 * client-go's reflector does) sees every change.
 */
import { CoreV1Api, KubeConfig, makeInformer, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../src/shared/api/meta';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

let tc: TestCluster;
beforeAll(async () => {
  tc = await startTestCluster();
  const pods = Array.from({ length: 23 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${String(i).padStart(2, '0')}`, namespace: 'default', labels: { tier: i % 3 === 0 ? 'a' : 'b' } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
  }));
  await tc.kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }) });
}, 120_000);
afterAll(async () => {
  await tc?.stop();
});

/** rawPages follows continue tokens of a raw list with kubectl get --raw. */
async function rawPages(path: string, query: Record<string, string>): Promise<{ pages: KubeList[]; items: KubeObject[] }> {
  const pages: KubeList[] = [];
  let cont: string | undefined;
  do {
    const q = new URLSearchParams(cont ? { ...query, continue: cont } : query);
    if (cont) q.delete('resourceVersion');
    const page = JSON.parse(await tc.kubectl.ok(['get', '--raw', `${path}?${q.toString()}`])) as KubeList;
    pages.push(page);
    cont = page.metadata.continue;
  } while (cont);
  return { pages, items: pages.flatMap((p) => p.items) };
}

it('kubectl: pages from the cache (resourceVersion=0, limit/continue, selectors) equal chunked lists from the store', { timeout: 120_000 }, async () => {
  const fromStore = await tc.kubectl.json<KubeList>(['get', 'pods', '-n', 'default', '--chunk-size=7']);
  expect(fromStore.items).toHaveLength(23);
  const fromCache = await rawPages('/api/v1/namespaces/default/pods', { resourceVersion: '0', limit: '7' });
  expect(fromCache.pages.map((p) => p.items.length)).toEqual([7, 7, 7, 2]);
  // Every page of one list shows the same revision: the cache's snapshot.
  expect(new Set(fromCache.pages.map((p) => p.metadata.resourceVersion)).size).toBe(1);
  // kubectl leaves managedFields out of what it prints: the whole objects are compared with the store's raw pages.
  expect(fromCache.items.map((p) => p.metadata.name)).toEqual(fromStore.items.map((p) => p.metadata.name));
  expect(fromCache.items).toEqual((await rawPages('/api/v1/namespaces/default/pods', { limit: '7' })).items);

  const selectedStore = await tc.kubectl.json<KubeList>(['get', 'pods', '-n', 'default', '-l', 'tier=a', '--chunk-size=3']);
  const selectedCache = await rawPages('/api/v1/namespaces/default/pods', { resourceVersion: '0', limit: '3', labelSelector: 'tier=a' });
  expect(selectedCache.items.map((p) => p.metadata.name)).toEqual(selectedStore.items.map((p) => p.metadata.name));
  expect(selectedCache.items).toEqual((await rawPages('/api/v1/namespaces/default/pods', { limit: '3', labelSelector: 'tier=a' })).items);

  // Not older than a revision the cache has reached: the same list.
  const rv = (JSON.parse(await tc.kubectl.ok(['get', '--raw', '/api/v1/namespaces/default/pods'])) as KubeList).metadata.resourceVersion!;
  const notOlder = JSON.parse(await tc.kubectl.ok(['get', '--raw', `/api/v1/pods?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`])) as KubeList;
  expect(notOlder.items.map((p) => p.metadata.name)).toEqual(fromStore.items.map((p) => p.metadata.name));

  // The table kubectl prints from a chunked list is unchanged.
  const table = await tc.kubectl.ok(['get', 'pods', '-n', 'default', '--chunk-size=5', '--no-headers']);
  expect(table.trim().split('\n')).toHaveLength(23);
});

it('client-node: an informer listing at resourceVersion=0, then watching, sees every change and ends equal to the store', { timeout: 120_000 }, async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(tc.cluster.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  let listRv = '';
  const informer = makeInformer(kc, '/api/v1/namespaces/default/pods', async () => {
    const list = await core.listNamespacedPod({ namespace: 'default', resourceVersion: '0' });
    listRv = list.metadata?.resourceVersion ?? '';
    return list;
  });
  const seen: string[] = [];
  const errors: unknown[] = [];
  informer.on('add', (p: V1Pod) => seen.push(`add ${p.metadata?.name}`));
  informer.on('update', (p: V1Pod) => seen.push(`update ${p.metadata?.name} ${p.metadata?.labels?.v ?? ''}`));
  informer.on('delete', (p: V1Pod) => seen.push(`delete ${p.metadata?.name}`));
  informer.on('error', (err: unknown) => errors.push(err));
  await informer.start();
  try {
    expect(listRv).not.toBe('');
    expect(informer.list()).toHaveLength(23);
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'late' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } });
    await core.patchNamespacedPod({ namespace: 'default', name: 'pod-01', body: { metadata: { labels: { v: '2' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.deleteNamespacedPod({ namespace: 'default', name: 'pod-02', gracePeriodSeconds: 0 });
    await waitFor(() => seen.includes('add late') && seen.includes('update pod-01 2') && seen.includes('delete pod-02'), { what: 'the informer to see the add, update and delete' });
    const fromStore = JSON.parse(await tc.kubectl.ok(['get', '--raw', '/api/v1/namespaces/default/pods'])) as KubeList;
    const byName = (a: { metadata?: { name?: string } }, b: { metadata?: { name?: string } }) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1);
    const held = [...informer.list()].sort(byName).map((p) => [p.metadata?.name, p.metadata?.resourceVersion]);
    expect(held).toEqual(fromStore.items.map((p) => [p.metadata.name, p.metadata.resourceVersion]));
    // A list from the cache not older than the store's shows the same objects.
    const cached = JSON.parse(await tc.kubectl.ok(['get', '--raw', `/api/v1/namespaces/default/pods?resourceVersion=${fromStore.metadata.resourceVersion}&resourceVersionMatch=NotOlderThan`])) as KubeList;
    expect(cached.items).toEqual(fromStore.items);
    expect(errors).toEqual([]);
  } finally {
    await informer.stop();
  }
});
