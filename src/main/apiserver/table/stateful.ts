/**
 * The tables of StatefulSets, ControllerRevisions and storage (PVCs, PVs,
 * StorageClasses), as kubectl's printStatefulSet, printControllerRevision,
 * printPersistentVolumeClaim, printPersistentVolume and printStorageClass.
 */
import type { ControllerRevision, StatefulSet } from '../../../shared/api/apps';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { accessModesShort, isDefaultClass, type StorageClass } from '../../../shared/api/storage';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';
import { containersAndImages, CONTAINERS_DESC, IMAGES_DESC } from './workloads';

/** statefulSetPrinter is the statefulsets table (NAME READY AGE). */
export const statefulSetPrinter: TablePrinter = {
  columns: [nameColumn(), col('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), col('Containers', 'string', CONTAINERS_DESC, 1), col('Images', 'string', IMAGES_DESC, 1)],
  cells(obj: KubeObject, now: Date): unknown[] {
    const s = obj as StatefulSet;
    const [containers, images] = containersAndImages(s.spec?.template);
    return [s.metadata.name ?? '', `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, translateTimestampSince(s.metadata.creationTimestamp, now), containers, images];
  },
};

/** controllerRevisionPrinter is the controllerrevisions table (NAME CONTROLLER REVISION AGE). */
export const controllerRevisionPrinter: TablePrinter = {
  columns: [nameColumn(), col('Controller', 'string', 'Controller of the object'), col('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'), ageColumn()],
  cells(obj: KubeObject, now: Date): unknown[] {
    const cr = obj as ControllerRevision;
    const owner = cr.metadata.ownerReferences?.find((o) => o.controller);
    const controller = owner ? `${owner.kind.toLowerCase()}${owner.apiVersion.includes('/') ? '.' + owner.apiVersion.split('/')[0] : ''}/${owner.name}` : '<none>';
    return [cr.metadata.name ?? '', controller, cr.revision ?? 0, translateTimestampSince(cr.metadata.creationTimestamp, now)];
  },
};

/** persistentVolumeClaimPrinter is the persistentvolumeclaims table. */
export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'Phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'VolumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'storageClassName is the name of the StorageClass required by the claim.'),
    col('VolumeAttributesClass', 'string', 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.'),
    ageColumn(),
    col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const c = obj as PersistentVolumeClaim;
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : (c.status?.phase ?? 'Pending');
    const bound = !!c.spec?.volumeName;
    return [
      c.metadata.name ?? '',
      phase,
      c.spec?.volumeName ?? '',
      bound ? (c.status?.capacity?.storage ?? '') : '',
      bound ? accessModesShort(c.status?.accessModes) : '',
      c.spec?.storageClassName ?? '',
      '<unset>',
      translateTimestampSince(c.metadata.creationTimestamp, now),
      c.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** persistentVolumePrinter is the persistentvolumes table. */
export const persistentVolumePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 'storageClassName is the name of StorageClass to which this persistent volume belongs.'),
    col('VolumeAttributesClass', 'string', 'Name of VolumeAttributesClass to which this persistent volume belongs.'),
    col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn(),
    col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const v = obj as PersistentVolume;
    const ref = v.spec?.claimRef;
    return [
      v.metadata.name ?? '',
      v.spec?.capacity?.storage ?? '',
      accessModesShort(v.spec?.accessModes),
      v.spec?.persistentVolumeReclaimPolicy ?? '',
      obj.metadata.deletionTimestamp ? 'Terminating' : (v.status?.phase ?? ''),
      ref?.name ? `${ref.namespace}/${ref.name}` : '',
      v.spec?.storageClassName ?? '',
      '<unset>',
      v.status?.reason ?? '',
      translateTimestampSince(v.metadata.creationTimestamp, now),
      v.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** storageClassPrinter is the storageclasses table; the default class's name carries " (default)". */
export const storageClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageColumn(),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const sc = obj as StorageClass;
    return [
      `${sc.metadata.name ?? ''}${isDefaultClass(sc) ? ' (default)' : ''}`,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      String(!!sc.allowVolumeExpansion),
      translateTimestampSince(sc.metadata.creationTimestamp, now),
    ];
  },
};
