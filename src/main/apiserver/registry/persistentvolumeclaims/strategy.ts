/**
 * PersistentVolumeClaims (pkg/registry/core/persistentvolumeclaim). A claim
 * without a class gets the default StorageClass on create, as the
 * DefaultStorageClass admission plugin does, and the pvc-protection
 * finalizer; its spec is immutable except the
 * storage request and the volume it is bound to (set once, by the binder).
 */
import type { PersistentVolumeClaim } from '../../../../shared/api/core';
import { isDefaultClass, PVC_PROTECTION_FINALIZER, type StorageClass } from '../../../../shared/api/storage';
import { forbiddenField, type FieldError } from '../../status';
import { persistentVolumeClaimPrinter } from '../../table/stateful';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { deepEqual, dns1123Subdomain } from '../validation';
import { defaultClaimSpec, PVC_SPEC, PVC_STATUS, validateClaimSpec } from './claim-spec';

/** persistentVolumeClaimStrategy declares persistentvolumeclaims. */
export const persistentVolumeClaimStrategy: Strategy = {
  schema: topLevel({ spec: PVC_SPEC, status: PVC_STATUS }),
  nameValidator: dns1123Subdomain,
  // Claims have no generation semantics in Kubernetes.
  specOf: () => undefined,
  applyDefaults(obj) {
    defaultClaimSpec((obj as PersistentVolumeClaim).spec);
  },
  async prepareForCreate(obj, ctx) {
    const c = obj as PersistentVolumeClaim;
    c.status = { phase: 'Pending' };
    // As the StorageObjectInUseProtection admission plugin does; the PV controller removes it once no pod uses the claim.
    const fin = c.metadata.finalizers ?? [];
    if (!fin.includes(PVC_PROTECTION_FINALIZER)) c.metadata.finalizers = [...fin, PVC_PROTECTION_FINALIZER];
    if (c.spec && typeof c.spec === 'object' && c.spec.storageClassName === undefined) {
      const classes = (await ctx.listObjects('storageclasses')) as StorageClass[];
      const def = classes.filter(isDefaultClass).sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? ''))[0];
      if (def) c.spec.storageClassName = def.metadata.name;
    }
  },
  validate: (obj) => validateClaimSpec((obj as PersistentVolumeClaim).spec, 'spec'),
  validateUpdate(obj, old) {
    const a = (obj as PersistentVolumeClaim).spec ?? {};
    const b = (old as PersistentVolumeClaim).spec ?? {};
    const strip = (s: typeof a) => ({ ...s, resources: undefined, volumeName: undefined });
    const errs: FieldError[] = [];
    if (!deepEqual(strip(a), strip(b)) || (b.volumeName && a.volumeName !== b.volumeName)) {
      errs.push(forbiddenField('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
    return errs;
  },
  printer: persistentVolumeClaimPrinter,
};
