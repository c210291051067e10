/** PersistentVolumeClaim spec: schema, defaults and validation, shared by claims and StatefulSets' volumeClaimTemplates. */
import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from '../../../../shared/api/core';
import { parseQuantity } from '../../../../shared/quantity';

/** storageAmount parses a storage quantity; NaN when it is not one (reported as invalid, not thrown). */
export function storageAmount(q: unknown): number {
  try {
    return parseQuantity(String(q));
  } catch {
    return NaN;
  }
}
import { invalidValue, notSupported, required, type FieldError } from '../../status';
import { LABEL_SELECTOR, list, OBJECT_META, type FieldSchema } from '../schema';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] as const;

/** PVC_SPEC is core/v1 PersistentVolumeClaimSpec. */
export const PVC_SPEC: FieldSchema = {
  accessModes: 'strings',
  selector: LABEL_SELECTOR,
  resources: { requests: 'quantities', limits: 'quantities' },
  volumeName: 'string',
  storageClassName: 'string',
  volumeMode: 'string',
  dataSource: true,
  dataSourceRef: true,
  volumeAttributesClassName: 'string',
};

/** PVC_STATUS is core/v1 PersistentVolumeClaimStatus. */
export const PVC_STATUS: FieldSchema = {
  phase: 'string',
  accessModes: 'strings',
  capacity: 'quantities',
  conditions: list({ type: 'string', status: 'string', lastProbeTime: 'time', lastTransitionTime: 'time', reason: 'string', message: 'string' }),
  allocatedResources: 'quantities',
  allocatedResourceStatuses: 'map',
  currentVolumeAttributesClassName: 'string',
  modifyVolumeStatus: true,
};

/** PVC_TEMPLATE is a claim as a StatefulSet's volumeClaimTemplates hold it. */
export const PVC_TEMPLATE: FieldSchema = { apiVersion: 'string', kind: 'string', metadata: OBJECT_META, spec: PVC_SPEC, status: PVC_STATUS };

/** defaultClaimSpec fills volumeMode Filesystem, as Kubernetes does. */
export function defaultClaimSpec(spec: PersistentVolumeClaimSpec | undefined): void {
  if (!spec || typeof spec !== 'object') return;
  spec.volumeMode ??= 'Filesystem';
}

/** validateClaimSpec checks access modes and the storage request. */
export function validateClaimSpec(spec: PersistentVolumeClaimSpec | undefined, field: string): FieldError[] {
  if (!spec || typeof spec !== 'object') return [required(field)];
  const errs: FieldError[] = [];
  if (!spec.accessModes?.length) errs.push(required(`${field}.accessModes`, 'at least 1 access mode is required'));
  for (const [i, m] of (spec.accessModes ?? []).entries()) {
    if (!(ACCESS_MODES as readonly string[]).includes(m)) errs.push(notSupported(`${field}.accessModes[${i}]`, m, ACCESS_MODES));
  }
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(required(`${field}.resources[storage]`));
  else if (!(storageAmount(storage) > 0)) errs.push(invalidValue(`${field}.resources.requests[storage]`, storage, 'must be greater than zero'));
  if (spec.volumeMode !== undefined && spec.volumeMode !== 'Filesystem' && spec.volumeMode !== 'Block') errs.push(notSupported(`${field}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']));
  return errs;
}

/** claimOf types an object as a claim. */
export const claimOf = (o: unknown) => o as PersistentVolumeClaim;
