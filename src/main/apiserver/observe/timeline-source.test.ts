/**
 * The timeline of a pod made the way the cluster makes one: kubectl creates
 * a Deployment, the deployment controller its ReplicaSet, the ReplicaSet
 * controller the pod, the scheduler binds it, the kubelet reports it up to
 * Running and records Events; each as its own in-process client, over an
 * audited in-memory registry whose ring records writers and deliveries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../../shared/api/apps';
import type { Pod } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { createInProcessClient } from '../../client/in-process';
import type { ApiClient } from '../../client/types';
import { withAudit } from '../audit/audited-registry';
import { newFixture, type Fixture } from '../registry/testing/registry-fixture';
import { RevisionRing } from './revision-ring';
import { readHistory, storeKey, TimelineSource } from './timeline-source';

let f: Fixture;
let ring: RevisionRing;
let client: ApiClient;
let source: TimelineSource;

beforeEach(async () => {
  ring = new RevisionRing();
  f = await newFixture({ revisions: ring });
  const audited = withAudit(f.registry, { level: 'Metadata', sink: ring });
  client = createInProcessClient(audited, 'kubedeck');
  source = new TimelineSource({ store: f.store, registry: audited, ring });
});
afterEach(async () => {
  await f.close();
});

const labels = { app: 'web' };
const template = { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox:latest' }] } };
const ownerRef = (o: KubeObject) => ({ apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata.name!, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true });

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** makePod plays the control loop for one pod; returns its name. */
async function makePod(): Promise<{ pod: Pod; dep: Deployment; rs: ReplicaSet }> {
  const kubectl = client.forComponent!('kubectl');
  const dep = await kubectl.create<Deployment>(GVR.deployments, 'default', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: labels }, template },
  });
  const rs = await client.forComponent!('deployment-controller').create<ReplicaSet>(GVR.replicasets, 'default', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-abc', namespace: 'default', ownerReferences: [ownerRef(dep)], labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template },
  });
  let pod = await client.forComponent!('replicaset-controller').create<Pod>(GVR.pods, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-abc-x1', namespace: 'default', ownerReferences: [ownerRef(rs)], labels },
    spec: template.spec,
  });
  await client.forComponent!('default-scheduler').createSubresource(GVR.pods, 'default', pod.metadata.name!, 'binding', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: pod.metadata.name },
    target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
  });
  const kubelet = client.forComponent!('kubelet/node-1');
  pod = await kubelet.get<Pod>(GVR.pods, 'default', pod.metadata.name!);
  pod = await kubelet.updateStatus<Pod>(GVR.pods, 'default', {
    ...pod,
    status: { phase: 'Pending', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'busybox:latest', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } }] },
  });
  await kubelet.create(GVR.events, 'default', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-abc-x1.started', namespace: 'default' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: 'default', uid: pod.metadata.uid },
    reason: 'Started',
    message: 'Started container c',
    source: { component: 'kubelet', host: 'node-1' },
    type: 'Normal',
  } as KubeObject);
  pod = await kubelet.updateStatus<Pod>(GVR.pods, 'default', {
    ...pod,
    status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'busybox:latest', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:01Z' } } }] },
  });
  return { pod, dep, rs };
}

describe('TimelineSource', () => {
  it("follows a pod's owners and orders their writes, the binding, the kubelet's reports and its Events by revision", async () => {
    // The controller manager's informers watch pods (as it does in the cluster).
    const seen: string[] = [];
    const sub = await client.forComponent!('kube-controller-manager').watch(GVR.pods, undefined, { resourceVersion: String(await f.store.currentRevision()) }, { onEvent: (e) => seen.push(e.object.metadata.resourceVersion ?? '') });
    const { pod, dep } = await makePod();
    await until(() => seen.includes(pod.metadata.resourceVersion!));
    sub.stop();

    const t = await source.timeline('', 'pods', 'default', pod.metadata.name!);
    expect(t.object).toMatchObject({ kind: 'Pod', name: 'web-abc-x1', uid: pod.metadata.uid });
    expect(t.objects.map((o) => o.kind)).toEqual(['Deployment', 'ReplicaSet', 'Pod']);
    const rows = t.steps.map((s) => [s.object.kind, s.source, s.component, s.stage, s.subresource ?? s.reason ?? '']);
    expect(rows).toEqual([
      ['Deployment', 'write', 'kubectl', 1, ''],
      ['ReplicaSet', 'write', 'deployment-controller', 3, ''],
      ['Pod', 'write', 'replicaset-controller', 4, ''],
      ['Pod', 'write', 'default-scheduler', 6, 'binding'],
      ['Pod', 'write', 'kubelet/node-1', 7, 'status'],
      ['Pod', 'event', 'kubelet/node-1', 7, 'Started'],
      ['Pod', 'write', 'kubelet/node-1', 8, 'status'],
    ]);
    const revs = t.steps.map((s) => s.revision);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
    expect(new Set(revs).size).toBe(revs.length);
    expect(t.steps[0]!.revision).toBe(Number(dep.metadata.resourceVersion));
    expect(t.steps.at(-1)!.revision).toBe(Number(pod.metadata.resourceVersion));
    expect(t.steps.every((s) => s.sinceStartMs >= 0)).toBe(true);
    expect(t.steps[0]!.verb).toBe('create');

    // What each write changed: the binding set spec.nodeName; the last report the phase.
    const binding = t.steps[3]!;
    expect(binding.title).toContain('bound Pod web-abc-x1 to node node-1');
    expect(binding.verb).toBe('create');
    expect(binding.changes).toContainEqual({ path: '/spec/nodeName', op: 'add', to: 'node-1' });
    const running = t.steps[6]!;
    expect(running.changes).toContainEqual({ path: '/status/phase', op: 'replace', from: 'Pending', to: 'Running' });
    expect(running.title).toContain('Running (c running)');

    // Every pod revision reached the controller manager's watch, after it was written.
    for (const s of t.steps.filter((x) => x.object.kind === 'Pod' && x.source === 'write')) {
      expect(s.deliveries?.map((d) => d.watcher)).toContain('kube-controller-manager');
      expect(s.deliveries!.every((d) => d.latencyMs >= 0)).toBe(true);
    }
  });

  it("a Deployment's timeline follows its dependents down, with all their writes", async () => {
    const { pod } = await makePod();
    const t = await source.timeline('apps', 'deployments', 'default', 'web');
    expect(t.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['Deployment/web', 'ReplicaSet/web-abc', 'Pod/web-abc-x1']);
    expect(t.steps.at(-1)).toMatchObject({ object: { name: pod.metadata.name }, stage: 8 });
  });

  it('answers 404 for an object that does not exist', async () => {
    await expect(source.timeline('', 'pods', 'default', 'nope')).rejects.toMatchObject({ code: 404 });
  });

  it('readHistory replays one key only, up to the revision asked, and starts at the compacted revision', async () => {
    await f.r('configmaps').create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { v: '1' } }, {});
    await f.r('configmaps').create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ab' }, data: { v: '1' } }, {});
    const last = await f.r('configmaps').update('default', 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { v: '2' } }, {});
    const key = storeKey({ group: '', resource: 'configmaps', namespaced: true }, 'default', 'a');
    const kv = (await f.store.get(key))!;
    const h = await readHistory(f.store, key, kv.createRevision - 1, kv.modRevision);
    expect(h.events.map((e) => [e.type, e.kv.modRevision])).toEqual([
      ['create', kv.createRevision],
      ['update', Number(last.metadata.resourceVersion)],
    ]);
    await f.store.compact(kv.createRevision);
    const after = await readHistory(f.store, key, kv.createRevision - 1, kv.modRevision);
    expect(after.compactedBefore).toBe(kv.createRevision);
    expect(after.events.map((e) => e.type)).toEqual(['update']);
  });
});
