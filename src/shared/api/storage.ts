/** storage.k8s.io/v1 kinds, and the names Kubedeck's local provisioner uses. */
import type { KubeObject } from './meta';

export interface StorageClass extends KubeObject {
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Retain' | 'Delete';
  mountOptions?: string[];
  allowVolumeExpansion?: boolean;
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  allowedTopologies?: unknown[];
}

/** DEFAULT_CLASS_ANNOTATION marks the StorageClass claims without a class get. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** LOCAL_PATH_CLASS is the default StorageClass every cluster has. */
export const LOCAL_PATH_CLASS = 'local-path';
/** LOCAL_PATH_PROVISIONER is its provisioner (a Docker volume per claim, on the engine of the claim's node). */
export const LOCAL_PATH_PROVISIONER = 'kubedeck.io/local-path';
/** SELECTED_NODE_ANNOTATION is where the scheduler records a WaitForFirstConsumer claim's node. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
/** PROVISIONER_ANNOTATION names the provisioner asked to provision a claim (as the PV controller sets it). */
export const PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
/** BOUND_BY_CONTROLLER_ANNOTATION marks claims and volumes bound by the controller. */
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bind-completed';
/** PVC_PROTECTION_FINALIZER keeps a claim a pod still uses from going away under it. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
/** PROVISIONED_BY_ANNOTATION names the provisioner that made a volume. */
export const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';

/** isDefaultClass reports whether a StorageClass is annotated as the default. */
export function isDefaultClass(sc: Readonly<StorageClass>): boolean {
  return sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
}

const ACCESS_MODE_SHORT: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** accessModesShort renders access modes as kubectl does (`RWO,RWX`), in kubectl's order. */
export function accessModesShort(modes: readonly string[] | undefined): string {
  const order = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
  return order.filter((m) => modes?.includes(m)).map((m) => ACCESS_MODE_SHORT[m]).join(',');
}
