/** coordination.k8s.io/v1 Leases: leader election and node heartbeats; PUT may create. */
import type { Lease } from '../../../../shared/api/coordination';
import { invalidValue, type FieldError } from '../../status';
import { leasePrinter } from '../../table/config';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain } from '../validation';

/** leaseStrategy declares leases. */
export const leaseStrategy: Strategy = {
  schema: topLevel({
    spec: {
      holderIdentity: 'string',
      leaseDurationSeconds: 'int',
      acquireTime: 'time',
      renewTime: 'time',
      leaseTransitions: 'int',
      strategy: 'string',
      preferredHolder: 'string',
    },
  }),
  // No generation semantics here (as in Kubernetes): heartbeats and cordons must not bump it.
  specOf: () => undefined,
  nameValidator: dns1123Subdomain,
  allowCreateOnUpdate: true,
  validate(obj) {
    const spec = (obj as Lease).spec ?? {};
    const errs: FieldError[] = [];
    if (spec.leaseDurationSeconds !== undefined && !(spec.leaseDurationSeconds > 0)) {
      errs.push(invalidValue('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
    }
    if (spec.leaseTransitions !== undefined && !(spec.leaseTransitions >= 0)) {
      errs.push(invalidValue('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
    }
    return errs;
  },
  printer: leasePrinter,
};
