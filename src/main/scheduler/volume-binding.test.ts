import { afterEach, describe, expect, it } from 'vitest';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { SELECTED_NODE_ANNOTATION, type StorageClass } from '../../shared/api/storage';
import { newHarness, type Harness } from '../controller/testing/harness';
import { defaultStorageClass } from '../controller/volume/local-path';
import { Scheduler } from './scheduler';

let h: Harness;
afterEach(() => h?.stop());

const node = (name: string): Node => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } });
const pod = (name: string, claimName: string): Pod => ({ metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } });
const claim = (name: string, extra: Partial<PersistentVolumeClaim['spec']> = {}): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default' },
  spec: { storageClassName: 'local-path', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra },
  status: { phase: extra.volumeName ? 'Bound' : 'Pending' },
});

async function setup(p: Pod, claims: PersistentVolumeClaim[], pvs: PersistentVolume[] = []) {
  h = newHarness();
  h.client.seed(GVR.nodes, node('a'), node('b'));
  h.client.seed(GVR.storageclasses, defaultStorageClass(), { ...defaultStorageClass(), metadata: { name: 'now' }, volumeBindingMode: 'Immediate' } as StorageClass);
  h.client.seed(GVR.persistentvolumeclaims, ...claims);
  h.client.seed(GVR.persistentvolumes, ...pvs);
  h.client.seed(GVR.pods, p);
  const s = new Scheduler({
    client: h.client,
    podInformer: h.informer<Pod>(GVR.pods),
    nodeInformer: h.informer<Node>(GVR.nodes),
    volumes: { claims: h.informer<PersistentVolumeClaim>(GVR.persistentvolumeclaims), volumes: h.informer<PersistentVolume>(GVR.persistentvolumes), classes: h.informer<StorageClass>(GVR.storageclasses) },
    recorder: h.recorder,
    clock: h.clock,
  });
  await h.start();
  return s;
}

const peek = (name: string) => h.client.peek<Pod>(GVR.pods, 'default', name)!;
const scheduledCondition = (name: string) => peek(name).status?.conditions?.find((c) => c.type === 'PodScheduled');

describe('scheduler: volume binding', () => {
  it('a bound volume pinned to a node puts the pod there', async () => {
    const pv: PersistentVolume = { metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], csi: { driver: 'x', volumeHandle: 'h' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } };
    const s = await setup(pod('p', 'data'), [claim('data', { volumeName: 'pv1' })], [pv]);
    await s.scheduleOne('default/p');
    await s.idle();
    await h.settle();
    expect(peek('p').spec.nodeName).toBe('b');
  });

  it('a missing claim or an unbound Immediate claim leaves the pod unschedulable, with the reason', async () => {
    let s = await setup(pod('p', 'nope'), []);
    await s.scheduleOne('default/p');
    await h.settle();
    expect(scheduledCondition('p')?.message).toBe('0/2 nodes are available: persistentvolumeclaim "nope" not found.');
    h.stop();
    s = await setup(pod('q', 'data'), [claim('data', { storageClassName: 'now' })]);
    await s.scheduleOne('default/q');
    await h.settle();
    expect(scheduledCondition('q')?.message).toBe('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
  });

  it('WaitForFirstConsumer: the chosen node is recorded on the claim and the pod is bound only once the claim is Bound', async () => {
    const s = await setup(pod('p', 'data'), [claim('data')]);
    await s.scheduleOne('default/p');
    let selected: string | undefined;
    for (let i = 0; i < 200 && !selected; i++) {
      await h.settle();
      selected = h.client.peek<PersistentVolumeClaim>(GVR.persistentvolumeclaims, 'default', 'data')?.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    }
    expect(selected).toMatch(/^[ab]$/);
    expect(peek('p').spec.nodeName).toBeUndefined();
    const c = h.client.peek<PersistentVolumeClaim>(GVR.persistentvolumeclaims, 'default', 'data')!;
    await h.client.updateStatus(GVR.persistentvolumeclaims, 'default', { ...c, spec: { ...c.spec, volumeName: 'pv1' }, status: { phase: 'Bound' } });
    await s.idle();
    await h.settle();
    expect(peek('p').spec.nodeName).toBe(selected);
  });
});
