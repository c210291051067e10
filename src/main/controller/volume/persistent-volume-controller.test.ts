import { afterEach, describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { LOCAL_PATH_PROVISIONER, PVC_PROTECTION_FINALIZER, SELECTED_NODE_ANNOTATION, type StorageClass } from '../../../shared/api/storage';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { defaultStorageClass } from './local-path';
import { PersistentVolumeController } from './persistent-volume-controller';

let h: Harness;
afterEach(() => h?.stop());

const claim = (name: string, storageClassName = 'local-path'): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  status: { phase: 'Pending' },
});

async function setup(...seed: { gvr: typeof GVR.persistentvolumeclaims | typeof GVR.persistentvolumes | typeof GVR.storageclasses | typeof GVR.pods; obj: PersistentVolumeClaim | PersistentVolume | StorageClass | Pod }[]) {
  h = newHarness();
  for (const s of seed) h.client.seed(s.gvr, s.obj);
  const removed: string[] = [];
  const ctrl = new PersistentVolumeController({
    client: h.client,
    claimInformer: h.informer<PersistentVolumeClaim>(GVR.persistentvolumeclaims),
    volumeInformer: h.informer<PersistentVolume>(GVR.persistentvolumes),
    classInformer: h.informer<StorageClass>(GVR.storageclasses),
    podInformer: h.informer<Pod>(GVR.pods),
    recorder: h.recorder,
    backend: { remove: async (pv) => void removed.push(pv.spec.csi!.volumeHandle) },
    clock: h.clock,
  });
  await h.start();
  await ctrl.ensureDefaultClass();
  return { ctrl, removed };
}

const pvs = () => h.client.all<PersistentVolume>(GVR.persistentvolumes);
const getClaim = (name: string) => h.client.all<PersistentVolumeClaim>(GVR.persistentvolumeclaims).find((c) => c.metadata.name === name)!;

describe('PersistentVolume controller and local-path provisioner', () => {
  it('WaitForFirstConsumer: nothing until the scheduler picks a node, then a volume pinned there, bound both ways', async () => {
    const { ctrl } = await setup({ gvr: GVR.persistentvolumeclaims, obj: claim('data') });
    await converge(h, [ctrl]);
    expect(h.client.all<StorageClass>(GVR.storageclasses).map((s) => s.metadata.name)).toEqual(['local-path']);
    expect(pvs()).toEqual([]);
    await h.client.patch(GVR.persistentvolumeclaims, 'default', 'data', 'application/merge-patch+json', { metadata: { annotations: { [SELECTED_NODE_ANNOTATION]: 'node-a' } } });
    await converge(h, [ctrl]);
    const [pv] = pvs();
    const uid = getClaim('data').metadata.uid;
    expect(pv!.metadata.name).toBe(`pvc-${uid}`);
    expect(pv!.spec).toMatchObject({ capacity: { storage: '1Gi' }, persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'local-path', csi: { driver: LOCAL_PATH_PROVISIONER, volumeHandle: `kubedeck-pvc-${uid}` } });
    expect(pv!.spec.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchFields?.[0]?.values).toEqual(['node-a']);
    expect(pv!.status?.phase).toBe('Bound');
    const c = getClaim('data');
    expect(c.spec.volumeName).toBe(`pvc-${uid}`);
    expect(c.status).toMatchObject({ phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] });
  });

  it('reclaim Delete: a deleted claim takes its volume and the storage behind it', async () => {
    const { ctrl, removed } = await setup({ gvr: GVR.persistentvolumeclaims, obj: { ...claim('data'), metadata: { ...claim('data').metadata, annotations: { [SELECTED_NODE_ANNOTATION]: 'n' } } } });
    await converge(h, [ctrl]);
    expect(pvs()).toHaveLength(1);
    const uid = getClaim('data').metadata.uid;
    await h.client.delete(GVR.persistentvolumeclaims, 'default', 'data');
    await converge(h, [ctrl]);
    expect(pvs()).toEqual([]);
    expect(removed).toEqual([`kubedeck-pvc-${uid}`]);
  });

  it('reclaim Retain: the volume is Released and its storage kept', async () => {
    const retain: StorageClass = { ...defaultStorageClass(), metadata: { name: 'keep' }, reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate' };
    const { ctrl, removed } = await setup({ gvr: GVR.storageclasses, obj: retain }, { gvr: GVR.persistentvolumeclaims, obj: claim('data', 'keep') });
    await converge(h, [ctrl]);
    expect(pvs()[0]!.status?.phase).toBe('Bound');
    expect(pvs()[0]!.spec.nodeAffinity).toBeUndefined();
    await h.client.delete(GVR.persistentvolumeclaims, 'default', 'data');
    await converge(h, [ctrl]);
    expect(pvs()[0]!.status?.phase).toBe('Released');
    expect(removed).toEqual([]);
  });

  it('binds a claim to a matching Available volume of its class', async () => {
    const pv: PersistentVolume = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'static' }, spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: { path: '/srv' }, persistentVolumeReclaimPolicy: 'Retain' } };
    const { ctrl } = await setup({ gvr: GVR.persistentvolumes, obj: pv }, { gvr: GVR.persistentvolumeclaims, obj: claim('data', 'manual') });
    await converge(h, [ctrl]);
    expect(getClaim('data').spec.volumeName).toBe('static');
    expect(getClaim('data').status?.phase).toBe('Bound');
    expect(pvs()[0]!.spec.claimRef).toMatchObject({ name: 'data', namespace: 'default', uid: getClaim('data').metadata.uid });
    expect(pvs()[0]!.status?.phase).toBe('Bound');
  });

  it('pvc-protection: a deleted claim stays while a pod uses it, and goes with the pod', async () => {
    const c = { ...claim('data'), metadata: { ...claim('data').metadata, finalizers: [PVC_PROTECTION_FINALIZER] } };
    const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] }, status: { phase: 'Running' } };
    const { ctrl } = await setup({ gvr: GVR.persistentvolumeclaims, obj: c }, { gvr: GVR.pods, obj: pod });
    await h.client.delete(GVR.persistentvolumeclaims, 'default', 'data');
    await converge(h, [ctrl]);
    expect(getClaim('data')?.metadata.deletionTimestamp).toBeTruthy();
    await h.client.delete(GVR.pods, 'default', 'p');
    await converge(h, [ctrl]);
    expect(getClaim('data')).toBeUndefined();
  });
});
