/** PersistentVolumeClaims: status, volume, capacity, access modes and class (kubectl's columns), and the pods using each. */
import type { PersistentVolumeClaim, Pod } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { accessModesShort, SELECTED_NODE_ANNOTATION } from '../../../../shared/api/storage';
import { podStatus } from '../k8s/pod';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

const pvc = (o: unknown) => o as PersistentVolumeClaim;
/** claimPhase is kubectl's STATUS (Terminating while deleted). */
export const claimPhase = (c: PersistentVolumeClaim) => (c.metadata.deletionTimestamp ? 'Terminating' : (c.status?.phase ?? 'Pending'));

export const persistentVolumeClaimKind: KindDescriptor = {
  kind: 'PersistentVolumeClaim',
  resource: 'persistentvolumeclaims',
  kubectlName: 'persistentvolumeclaim',
  title: 'Volume claims',
  gvr: GVR.persistentvolumeclaims,
  namespaced: true,
  status: (o) => claimPhase(pvc(o)),
  columns: [
    { header: 'Status', value: (o) => claimPhase(pvc(o)) },
    { header: 'Volume', value: (o) => pvc(o).spec?.volumeName ?? '' },
    { header: 'Capacity', value: (o) => (pvc(o).spec?.volumeName ? (pvc(o).status?.capacity?.storage ?? '') : '') },
    { header: 'Access modes', value: (o) => (pvc(o).spec?.volumeName ? accessModesShort(pvc(o).status?.accessModes) : '') },
    { header: 'StorageClass', value: (o) => pvc(o).spec?.storageClassName ?? '' },
    AGE,
  ],
  facts: (o) => {
    const c = pvc(o);
    return [
      { term: 'Status', value: claimPhase(c) },
      { term: 'Requested', value: c.spec?.resources?.requests?.storage ?? '' },
      { term: 'Capacity', value: c.status?.capacity?.storage ?? '' },
      { term: 'Access modes', value: (c.spec?.accessModes ?? []).join(', ') },
      { term: 'Volume mode', value: c.spec?.volumeMode ?? 'Filesystem' },
      { term: 'Selected node', value: c.metadata.annotations?.[SELECTED_NODE_ANNOTATION] ?? '' },
    ];
  },
  links: (o) => {
    const c = pvc(o);
    return [
      ...(c.spec?.volumeName ? [{ kind: 'PersistentVolume', name: c.spec.volumeName, note: 'volume' }] : []),
      ...(c.spec?.storageClassName ? [{ kind: 'StorageClass', name: c.spec.storageClassName, note: 'class' }] : []),
    ];
  },
  related: [
    {
      title: 'Used by pods',
      resource: 'pods',
      select: (c, p) => p.metadata.namespace === c.metadata.namespace && ((p as Pod).spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === c.metadata.name),
      note: (p) => podStatus(p as Pod),
    },
  ],
};
