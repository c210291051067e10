/**
 * The local-path provisioner's side of things that is not API state: the
 * default StorageClass every cluster gets and what a provisioned volume looks
 * like. A volume is a Docker named volume (`kubedeck-pvc-<claim uid>`, the
 * PV's csi.volumeHandle), created by the kubelet that first mounts it and
 * labelled with the cluster's id, so cluster reset removes it and other
 * clusters never touch it; the PV is pinned to the claim's selected node.
 */
import type { PersistentVolume, PersistentVolumeClaim } from '../../../shared/api/core';
import {
  DEFAULT_CLASS_ANNOTATION,
  LOCAL_PATH_CLASS,
  LOCAL_PATH_PROVISIONER,
  PROVISIONED_BY_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  type StorageClass,
} from '../../../shared/api/storage';

/** defaultStorageClass is `local-path`: WaitForFirstConsumer, reclaim Delete, the default class. */
export function defaultStorageClass(): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: LOCAL_PATH_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** volumeHandleFor names the Docker volume of a claim. */
export function volumeHandleFor(claim: Readonly<PersistentVolumeClaim>): string {
  return `kubedeck-pvc-${claim.metadata.uid}`;
}

/** provisionedVolume builds the PV for a claim of a local-path class, pre-bound to the claim. */
export function provisionedVolume(claim: Readonly<PersistentVolumeClaim>, sc: Readonly<StorageClass>): PersistentVolume {
  const node = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `pvc-${claim.metadata.uid}`, annotations: { [PROVISIONED_BY_ANNOTATION]: sc.provisioner } },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: [...(claim.spec.accessModes ?? ['ReadWriteOnce'])],
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, resourceVersion: claim.metadata.resourceVersion },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: claim.spec.volumeMode ?? 'Filesystem',
      csi: { driver: LOCAL_PATH_PROVISIONER, volumeHandle: volumeHandleFor(claim) },
      ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } } : {}),
    },
  };
}

/** VolumeBackend removes the storage behind a volume whose reclaim policy is Delete. */
export interface VolumeBackend {
  remove(pv: Readonly<PersistentVolume>): Promise<void>;
}
