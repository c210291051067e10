import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../../shared/api/apps';
import type { Pod } from '../../../shared/api/core';
import type { KubeObject, OwnerReference } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { GarbageCollector } from './garbage-collector';

let h: Harness;
afterEach(() => h?.stop());

const ref = (o: KubeObject, kind: string, apiVersion: string, block = true): OwnerReference => ({
  apiVersion,
  kind,
  name: o.metadata.name!,
  uid: o.metadata.uid!,
  controller: true,
  blockOwnerDeletion: block,
});

/** A Deployment → ReplicaSet → 2 Pods chain, as the controllers would have built it. */
async function chain() {
  h = newHarness();
  const gc = new GarbageCollector({ client: h.client, factory: h.factory, clock: h.clock });
  const [d] = h.client.seed(GVR.deployments, { metadata: { name: 'web', namespace: 'default' }, spec: { selector: {}, template: { spec: { containers: [] } } } } as Deployment);
  const [rs] = h.client.seed(GVR.replicasets, {
    metadata: { name: 'web-abc', namespace: 'default', ownerReferences: [ref(d!, 'Deployment', 'apps/v1')] },
    spec: { selector: {} },
  } as ReplicaSet);
  for (const n of ['web-abc-1', 'web-abc-2']) {
    h.client.seed(GVR.pods, { metadata: { name: n, namespace: 'default', ownerReferences: [ref(rs!, 'ReplicaSet', 'apps/v1')] }, spec: { containers: [] } } as Pod);
  }
  await h.start();
  await converge(h, [gc]);
  return { gc, d: d!, rs: rs! };
}

const names = (gvr: typeof GVR.pods | typeof GVR.replicasets | typeof GVR.deployments) => h.client.all(gvr).map((o) => o.metadata.name).sort();

describe('garbage collector', () => {
  it('leaves objects whose owners exist alone', async () => {
    await chain();
    expect(names(GVR.pods)).toEqual(['web-abc-1', 'web-abc-2']);
    expect(h.client.actions.filter((a) => a.verb === 'delete' || a.verb === 'patch')).toEqual([]);
  });

  it('background: deleting the owner deletes the dependents, transitively', async () => {
    const { gc } = await chain();
    await h.client.delete(GVR.deployments, 'default', 'web', { propagationPolicy: 'Background' });
    await converge(h, [gc]);
    expect(names(GVR.replicasets)).toEqual([]);
    expect(names(GVR.pods)).toEqual([]);
  });

  it('foreground: the owner stays (with deletionTimestamp) until blocking dependents are gone', async () => {
    const { gc } = await chain();
    await h.client.delete(GVR.deployments, 'default', 'web', { propagationPolicy: 'Foreground' });
    await h.settle();
    const d = h.client.peek<Deployment>(GVR.deployments, 'default', 'web')!;
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    // Watch the order of disappearance.
    const order: string[] = [];
    for (const gvr of [GVR.deployments, GVR.replicasets, GVR.pods]) {
      h.factory.informerFor(gvr).addEventHandler({ onDelete: (o) => order.push(o.metadata.name!) });
    }
    await converge(h, [gc]);
    expect(names(GVR.deployments)).toEqual([]);
    expect(names(GVR.replicasets)).toEqual([]);
    expect(names(GVR.pods)).toEqual([]);
    expect(order.indexOf('web')).toBeGreaterThan(order.indexOf('web-abc'));
    expect(order.indexOf('web-abc')).toBeGreaterThan(Math.max(order.indexOf('web-abc-1'), order.indexOf('web-abc-2')));
  });

  it('orphan: dependents lose the ownerReference and stay; the owner goes', async () => {
    const { gc } = await chain();
    await h.client.delete(GVR.replicasets, 'default', 'web-abc', { propagationPolicy: 'Orphan' });
    await converge(h, [gc]);
    expect(names(GVR.replicasets)).toEqual([]);
    expect(names(GVR.pods)).toEqual(['web-abc-1', 'web-abc-2']);
    for (const p of h.client.all<Pod>(GVR.pods)) expect(p.metadata.ownerReferences).toBeUndefined();
    expect(names(GVR.deployments)).toEqual(['web']);
  });

  it('drops a dangling reference when another owner remains', async () => {
    const { gc, rs } = await chain();
    const other = h.client.seed(GVR.configmaps, { metadata: { name: 'keeper', namespace: 'default' } })[0]!;
    const ghost: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' };
    await h.client.patch(GVR.pods, 'default', 'web-abc-1', 'application/merge-patch+json', {
      metadata: { ownerReferences: [ref(rs, 'ReplicaSet', 'apps/v1'), { apiVersion: 'v1', kind: 'ConfigMap', name: 'keeper', uid: other.metadata.uid! }, ghost] },
    });
    await converge(h, [gc]);
    const p = h.client.peek<Pod>(GVR.pods, 'default', 'web-abc-1')!;
    expect(p.metadata.ownerReferences!.map((r) => r.name)).toEqual(['web-abc', 'keeper']);
  });

  it('collects an object whose owner uid no longer matches (owner recreated under the same name)', async () => {
    const { gc } = await chain();
    await h.client.delete(GVR.replicasets, 'default', 'web-abc', { propagationPolicy: 'Orphan' });
    await converge(h, [gc]);
    // Re-point one pod at a ReplicaSet name that now belongs to a new object.
    const fresh = (await h.client.create<ReplicaSet>(GVR.replicasets, 'default', { metadata: { name: 'web-abc' }, spec: { selector: {} } } as ReplicaSet));
    await h.client.patch(GVR.pods, 'default', 'web-abc-1', 'application/merge-patch+json', {
      metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'old-uid' }] },
    });
    await converge(h, [gc]);
    expect(fresh.metadata.uid).not.toBe('old-uid');
    expect(names(GVR.pods)).toEqual(['web-abc-2']);
  });
});
