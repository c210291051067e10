/** StorageClasses: provisioner, reclaim policy, binding mode (the default class marked), and the claims and volumes of each. */
import type { PersistentVolume, PersistentVolumeClaim } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { isDefaultClass, type StorageClass } from '../../../../shared/api/storage';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

const sc = (o: unknown) => o as StorageClass;

export const storageClassKind: KindDescriptor = {
  kind: 'StorageClass',
  resource: 'storageclasses',
  kubectlName: 'storageclass.storage.k8s.io',
  title: 'StorageClasses',
  gvr: GVR.storageclasses,
  namespaced: false,
  status: (o) => (isDefaultClass(sc(o)) ? 'default' : undefined),
  columns: [
    { header: 'Provisioner', value: (o) => sc(o).provisioner ?? '' },
    { header: 'Reclaim policy', value: (o) => sc(o).reclaimPolicy ?? 'Delete' },
    { header: 'Binding mode', value: (o) => sc(o).volumeBindingMode ?? 'Immediate' },
    { header: 'Default', value: (o) => (isDefaultClass(sc(o)) ? 'yes' : '') },
    AGE,
  ],
  facts: (o) => {
    const c = sc(o);
    return [
      { term: 'Provisioner', value: c.provisioner ?? '' },
      { term: 'Reclaim policy', value: c.reclaimPolicy ?? 'Delete' },
      { term: 'Volume binding mode', value: c.volumeBindingMode ?? 'Immediate' },
      { term: 'Default class', value: isDefaultClass(c) ? 'yes' : 'no' },
      { term: 'Parameters', value: Object.entries(c.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '<none>' },
    ];
  },
  related: [
    { title: 'Claims', resource: 'persistentvolumeclaims', select: (c, x) => (x as PersistentVolumeClaim).spec?.storageClassName === c.metadata.name, note: (x) => (x as PersistentVolumeClaim).status?.phase },
    { title: 'Volumes', resource: 'persistentvolumes', select: (c, x) => (x as PersistentVolume).spec?.storageClassName === c.metadata.name, note: (x) => (x as PersistentVolume).status?.phase },
  ],
};
