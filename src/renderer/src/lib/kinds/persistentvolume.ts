/** PersistentVolumes: capacity, access modes, reclaim policy, phase and claim (kubectl's columns), and where the storage is. */
import type { PersistentVolume } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { accessModesShort } from '../../../../shared/api/storage';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

const pv = (o: unknown) => o as PersistentVolume;
const phase = (v: PersistentVolume) => (v.metadata.deletionTimestamp ? 'Terminating' : (v.status?.phase ?? ''));
const claim = (v: PersistentVolume) => (v.spec?.claimRef?.name ? `${v.spec.claimRef.namespace}/${v.spec.claimRef.name}` : '');

/** volumeSource says where a volume's data lives ("Docker volume kubedeck-pvc-…", "host path /srv"). */
export function volumeSource(v: PersistentVolume): string {
  if (v.spec?.csi) return `${v.spec.csi.driver === 'kubedeck.io/local-path' ? 'Docker volume' : v.spec.csi.driver} ${v.spec.csi.volumeHandle}`;
  if (v.spec?.hostPath) return `host path ${v.spec.hostPath.path}`;
  if (v.spec?.local) return `local path ${v.spec.local.path}`;
  return 'other';
}

export const persistentVolumeKind: KindDescriptor = {
  kind: 'PersistentVolume',
  resource: 'persistentvolumes',
  kubectlName: 'persistentvolume',
  title: 'Volumes',
  gvr: GVR.persistentvolumes,
  namespaced: false,
  status: (o) => phase(pv(o)),
  columns: [
    { header: 'Capacity', value: (o) => pv(o).spec?.capacity?.storage ?? '' },
    { header: 'Access modes', value: (o) => accessModesShort(pv(o).spec?.accessModes) },
    { header: 'Reclaim policy', value: (o) => pv(o).spec?.persistentVolumeReclaimPolicy ?? '' },
    { header: 'Status', value: (o) => phase(pv(o)) },
    { header: 'Claim', value: (o) => claim(pv(o)) },
    { header: 'StorageClass', value: (o) => pv(o).spec?.storageClassName ?? '' },
    AGE,
  ],
  facts: (o) => {
    const v = pv(o);
    const node = v.spec?.nodeAffinity?.required?.nodeSelectorTerms?.flatMap((t) => [...(t.matchFields ?? []), ...(t.matchExpressions ?? [])]).flatMap((r) => r.values ?? []);
    return [
      { term: 'Status', value: phase(v) },
      { term: 'Storage', value: volumeSource(v) },
      { term: 'Node', value: node?.join(', ') ?? '' },
      { term: 'Reclaim policy', value: v.spec?.persistentVolumeReclaimPolicy ?? '' },
      { term: 'Volume mode', value: v.spec?.volumeMode ?? 'Filesystem' },
    ];
  },
  links: (o) => {
    const v = pv(o);
    const ref = v.spec?.claimRef;
    return [
      ...(ref?.name ? [{ kind: 'PersistentVolumeClaim', name: ref.name, namespace: ref.namespace, note: 'claim' }] : []),
      ...(v.spec?.storageClassName ? [{ kind: 'StorageClass', name: v.spec.storageClassName, note: 'class' }] : []),
    ];
  },
};
