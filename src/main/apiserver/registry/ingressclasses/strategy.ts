/** IngressClasses (pkg/registry/networking/ingressclass): cluster-wide, the controller never changes. */
import type { IngressClass } from '../../../../shared/api/networking';
import { invalidValue, required, type FieldError } from '../../status';
import { ingressClassPrinter } from '../../table/networking';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain, validateImmutable } from '../validation';

const CONTROLLER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[-A-Za-z0-9_.~!$&'()*+,;=:@/%]*$/;

function validateController(c: IngressClass): FieldError[] {
  const v = c.spec?.controller;
  if (!v) return [required('spec.controller')];
  if (v.length > 250) return [{ type: 'FieldValueTooLong', field: 'spec.controller', body: 'Too long: may not be more than 250 bytes' }];
  if (!CONTROLLER.test(v)) return [invalidValue('spec.controller', v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  return [];
}

/** ingressClassStrategy declares ingressclasses. */
export const ingressClassStrategy: Strategy = {
  schema: topLevel({
    spec: { controller: 'string', parameters: { apiGroup: 'string', kind: 'string', name: 'string', scope: 'string', namespace: 'string' } },
  }),
  nameValidator: dns1123Subdomain,
  validate: (obj) => validateController(obj as IngressClass),
  validateUpdate: (obj, old) => validateImmutable((obj as IngressClass).spec?.controller, (old as IngressClass).spec?.controller, 'spec.controller'),
  printer: ingressClassPrinter,
};
