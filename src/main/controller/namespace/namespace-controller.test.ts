import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigMap, Namespace, Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { NamespaceController } from './namespace-controller';

let h: Harness;
afterEach(() => h?.stop());

async function setup() {
  h = newHarness();
  h.client.seed(GVR.namespaces, { metadata: { name: 'shop' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as Namespace);
  h.client.seed(GVR.pods, { metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [] } } as Pod);
  h.client.seed(GVR.configmaps, { metadata: { name: 'cm', namespace: 'shop' } } as ConfigMap, { metadata: { name: 'other', namespace: 'default' } } as ConfigMap);
  const nc = new NamespaceController({ client: h.client, namespaceInformer: h.informer<Namespace>(GVR.namespaces), clock: h.clock, recheckMs: 1000 });
  await h.start();
  return nc;
}

describe('namespace controller', () => {
  it('ignores namespaces that are not being deleted', async () => {
    const nc = await setup();
    await nc.sync('shop');
    expect(h.client.actions.filter((a) => a.verb === 'delete')).toEqual([]);
  });

  it('deletes everything in a terminating namespace, then removes the kubernetes finalizer', async () => {
    const nc = await setup();
    await h.client.delete(GVR.namespaces, undefined, 'shop');
    await h.settle();
    expect(h.client.peek<Namespace>(GVR.namespaces, undefined, 'shop')!.status!.phase).toBe('Terminating');
    await converge(h, [nc]);
    expect(h.client.all(GVR.pods, 'shop')).toEqual([]);
    expect(h.client.all(GVR.configmaps, 'shop')).toEqual([]);
    expect(h.client.all(GVR.configmaps, 'default')).toHaveLength(1);
    expect(h.client.peek(GVR.namespaces, undefined, 'shop')).toBeUndefined();
    const fin = h.client.actions.find((a) => a.subresource === 'finalize');
    expect(fin).toMatchObject({ verb: 'patch', name: 'shop', body: { spec: { finalizers: [] } } });
  });

  it('waits while an object is still terminating, and finalizes after it is gone', async () => {
    const nc = await setup();
    // A pod held by a finalizer stands for graceful termination.
    await h.client.patch(GVR.pods, 'shop', 'p', 'application/merge-patch+json', { metadata: { finalizers: ['kubelet/terminating'] } });
    await h.client.delete(GVR.namespaces, undefined, 'shop');
    await converge(h, [nc]);
    expect(h.client.peek(GVR.namespaces, undefined, 'shop')).toBeDefined();
    expect(h.client.peek<Pod>(GVR.pods, 'shop', 'p')!.metadata.deletionTimestamp).toBeDefined();
    await h.client.patch(GVR.pods, 'shop', 'p', 'application/merge-patch+json', { metadata: { finalizers: null } });
    h.clock.advance(1000);
    await converge(h, [nc]);
    expect(h.client.peek(GVR.namespaces, undefined, 'shop')).toBeUndefined();
  });
});
