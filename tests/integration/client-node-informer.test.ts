/**
 * Issue 3 acceptance A3: @kubernetes/client-node's informer, unchanged,
 * against Kubedeck. client-node aborts a watch after 30 s without data and
 * resumes from its last resourceVersion; the informer must see adds, updates
 * and deletes across two such restarts, and a compacted resourceVersion must
 * make it relist (410) rather than hang.
 */
import { CoreV1Api, KubeConfig, makeInformer, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

let tc: TestCluster;
beforeAll(async () => {
  tc = await startTestCluster();
});
afterAll(async () => {
  await tc?.stop();
});

const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox:latest' }] },
});

it('an informer sees adds, updates and deletes across two 30-second watch restarts, and relists after compaction', { timeout: 200_000 }, async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(tc.cluster.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  let lists = 0;
  const informer = makeInformer(kc, '/api/v1/namespaces/default/pods', () => {
    lists++;
    return core.listNamespacedPod({ namespace: 'default' });
  });
  const seen: string[] = [];
  let connects = 0;
  const errors: unknown[] = [];
  informer.on('add', (p: V1Pod) => seen.push(`add ${p.metadata?.name}`));
  informer.on('update', (p: V1Pod) => seen.push(`update ${p.metadata?.name} ${p.metadata?.labels?.v ?? ''}`));
  informer.on('delete', (p: V1Pod) => seen.push(`delete ${p.metadata?.name}`));
  informer.on('connect', () => connects++);
  informer.on('error', (err: unknown) => errors.push(err));
  await informer.start();
  try {
    await core.createNamespacedPod({ namespace: 'default', body: pod('a') });
    await waitFor(() => seen.includes('add a'), { what: 'add a' });

    // First restart: 30 s without events, then client-node reconnects from its last resourceVersion.
    await waitFor(() => connects >= 2, { timeoutMs: 45_000, what: 'first watch restart' });
    await core.patchNamespacedPod({ namespace: 'default', name: 'a', body: { metadata: { labels: { v: '2' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.createNamespacedPod({ namespace: 'default', body: pod('b') });
    await waitFor(() => seen.includes('update a 2') && seen.includes('add b'), { what: 'update a and add b after restart 1' });

    await waitFor(() => connects >= 3, { timeoutMs: 45_000, what: 'second watch restart' });
    await core.deleteNamespacedPod({ namespace: 'default', name: 'a' });
    await waitFor(() => seen.includes('delete a'), { what: 'delete a after restart 2' });
    expect(lists).toBe(1); // resumed from resourceVersions, never relisted so far

    // Writes elsewhere move the revision past the informer's resourceVersion; compacting
    // them away makes its next resume answer 410, so it must relist.
    for (let i = 0; i < 5; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `bump-${i}` }, data: { i: String(i) } } });
    await tc.cluster.compactNow();
    const restartsBefore = connects;
    await waitFor(() => lists >= 2, { timeoutMs: 60_000, what: 'a relist after the compacted resourceVersion' });
    expect(connects).toBeGreaterThan(restartsBefore);
    await core.createNamespacedPod({ namespace: 'default', body: pod('c') });
    await waitFor(() => seen.includes('add c'), { what: 'add c after the relist' });
    expect(informer.list().map((p) => p.metadata?.name).sort()).toEqual(['b', 'c']);
    expect(errors).toEqual([]);
  } finally {
    await informer.stop();
  }
});
