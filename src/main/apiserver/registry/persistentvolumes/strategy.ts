/** PersistentVolumes (pkg/registry/core/persistentvolume): cluster-scoped storage, phase in the status subresource. */
import type { PersistentVolume } from '../../../../shared/api/core';
import { storageAmount } from '../persistentvolumeclaims/claim-spec';
import { invalidValue, notSupported, required, type FieldError } from '../../status';
import { persistentVolumePrinter } from '../../table/stateful';
import { list, topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain } from '../validation';

const NODE_SELECTOR_TERM = { matchExpressions: list({ key: 'string', operator: 'string', values: 'strings' }), matchFields: list({ key: 'string', operator: 'string', values: 'strings' }) } as const;
const SOURCES = ['hostPath', 'local', 'csi', 'nfs'] as const;

function validate(obj: PersistentVolume): FieldError[] {
  const spec = obj.spec;
  if (!spec || typeof spec !== 'object') return [required('spec')];
  const errs: FieldError[] = [];
  if (!spec.accessModes?.length) errs.push(required('spec.accessModes'));
  const storage = spec.capacity?.storage;
  if (storage === undefined) errs.push(required('spec.capacity'));
  else if (!(storageAmount(storage) > 0)) errs.push(invalidValue('spec.capacity[storage]', storage, 'must be greater than zero'));
  const sources = SOURCES.filter((s) => (spec as unknown as Record<string, unknown>)[s] !== undefined);
  if (sources.length === 0) errs.push(required('spec', 'must specify a volume type'));
  if (sources.length > 1) errs.push(invalidValue(`spec.${sources[1]}`, '', 'may not specify more than 1 volume type'));
  const rp = spec.persistentVolumeReclaimPolicy;
  if (rp !== undefined && rp !== 'Retain' && rp !== 'Delete' && rp !== 'Recycle') errs.push(notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']));
  return errs;
}

/** persistentVolumeStrategy declares persistentvolumes. */
export const persistentVolumeStrategy: Strategy = {
  schema: topLevel({
    spec: {
      capacity: 'quantities',
      accessModes: 'strings',
      claimRef: { kind: 'string', namespace: 'string', name: 'string', uid: 'string', apiVersion: 'string', resourceVersion: 'string', fieldPath: 'string' },
      persistentVolumeReclaimPolicy: 'string',
      storageClassName: 'string',
      mountOptions: 'strings',
      volumeMode: 'string',
      nodeAffinity: { required: { nodeSelectorTerms: list(NODE_SELECTOR_TERM) } },
      volumeAttributesClassName: 'string',
      hostPath: { path: 'string', type: 'string' },
      local: { path: 'string', fsType: 'string' },
      csi: { driver: 'string', volumeHandle: 'string', readOnly: 'bool', fsType: 'string', volumeAttributes: 'map', controllerPublishSecretRef: true, nodeStageSecretRef: true, nodePublishSecretRef: true, controllerExpandSecretRef: true, nodeExpandSecretRef: true },
      nfs: { server: 'string', path: 'string', readOnly: 'bool' },
    },
    status: { phase: 'string', message: 'string', reason: 'string', lastPhaseTransitionTime: 'time' },
  }),
  nameValidator: dns1123Subdomain,
  specOf: () => undefined,
  applyDefaults(obj) {
    const pv = obj as PersistentVolume;
    if (!pv.spec || typeof pv.spec !== 'object') return;
    pv.spec.persistentVolumeReclaimPolicy ??= 'Retain';
    pv.spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) {
    (obj as PersistentVolume).status = { phase: 'Pending' };
  },
  validate: (obj) => validate(obj as PersistentVolume),
  printer: persistentVolumePrinter,
};
