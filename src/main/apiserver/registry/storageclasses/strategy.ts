/** StorageClasses (storage.k8s.io/v1): provisioner, parameters, reclaim policy and binding mode are immutable. */
import type { StorageClass } from '../../../../shared/api/storage';
import { notSupported, required, type FieldError } from '../../status';
import { storageClassPrinter } from '../../table/stateful';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain, validateImmutable } from '../validation';

/** storageClassStrategy declares storageclasses. */
export const storageClassStrategy: Strategy = {
  schema: topLevel({
    provisioner: 'string',
    parameters: 'map',
    reclaimPolicy: 'string',
    mountOptions: 'strings',
    allowVolumeExpansion: 'bool',
    volumeBindingMode: 'string',
    allowedTopologies: true,
  }),
  nameValidator: dns1123Subdomain,
  specOf: () => undefined,
  applyDefaults(obj) {
    const sc = obj as StorageClass;
    sc.reclaimPolicy ??= 'Delete';
    sc.volumeBindingMode ??= 'Immediate';
  },
  validate(obj) {
    const sc = obj as StorageClass;
    const errs: FieldError[] = [];
    if (!sc.provisioner) errs.push(required('provisioner'));
    if (sc.reclaimPolicy !== 'Delete' && sc.reclaimPolicy !== 'Retain') errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']));
    if (sc.volumeBindingMode !== 'Immediate' && sc.volumeBindingMode !== 'WaitForFirstConsumer') errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
    return errs;
  },
  validateUpdate(obj, old) {
    const a = obj as StorageClass;
    const b = old as StorageClass;
    return [
      ...validateImmutable(a.provisioner, b.provisioner, 'provisioner'),
      ...validateImmutable(a.parameters ?? {}, b.parameters ?? {}, 'parameters'),
      ...validateImmutable(a.reclaimPolicy, b.reclaimPolicy, 'reclaimPolicy'),
      ...validateImmutable(a.volumeBindingMode, b.volumeBindingMode, 'volumeBindingMode'),
    ];
  },
  printer: storageClassPrinter,
};
