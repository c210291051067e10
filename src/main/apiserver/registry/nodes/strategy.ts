/** Nodes (pkg/registry/core/node): cluster-scoped, status may be set on create (the kubelet registers with it). */
import type { Node } from '../../../../shared/api/core';
import { nodePrinter } from '../../table/nodes';
import { list, topLevel } from '../schema';
import { NODE_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { dns1123Subdomain, validateImmutable } from '../validation';
import { isIP } from 'node:net';
import { labelKeyError, labelValueError } from '../../selectors';
import { invalidValue, notSupported, required, type FieldError } from '../../status';

const EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];

function isCIDR(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  const family = isIP(ip ?? '');
  if (rest.length || !family || !bits || !/^\d+$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** nodeStrategy declares nodes. */
export const nodeStrategy: Strategy = {
  schema: topLevel({
    spec: {
      podCIDR: 'string',
      podCIDRs: 'strings',
      providerID: 'string',
      unschedulable: 'bool',
      taints: list({ key: 'string', value: 'string', effect: 'string', timeAdded: 'time' }),
      configSource: true,
      externalID: 'string',
    },
    status: NODE_STATUS,
  }),
  // No generation semantics here (as in Kubernetes): heartbeats and cordons must not bump it.
  specOf: () => undefined,
  nameValidator: dns1123Subdomain,
  keepStatusOnCreate: true,
  validate(obj) {
    const errs: FieldError[] = [];
    const spec = (obj as Node).spec;
    (spec?.taints ?? []).forEach((t, i) => {
      if (!t.key) errs.push(required(`spec.taints[${i}].key`));
      else {
        const kerr = labelKeyError(t.key);
        if (kerr) errs.push(invalidValue(`spec.taints[${i}].key`, t.key, kerr));
      }
      if (typeof t.value === 'string') {
        const verr = labelValueError(t.value);
        if (verr) errs.push(invalidValue(`spec.taints[${i}].value`, t.value, verr));
      }
      if (!EFFECTS.includes(t.effect)) errs.push(notSupported(`spec.taints[${i}].effect`, t.effect, EFFECTS));
    });
    const cidr = spec?.podCIDR;
    if (typeof cidr === 'string' && cidr !== '' && !isCIDR(cidr)) errs.push(invalidValue('spec.podCIDR', cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    return errs;
  },
  validateUpdate(obj, old) {
    const prev = (old as Node).spec?.podCIDR;
    if (!prev) return [];
    return validateImmutable((obj as Node).spec?.podCIDR, prev, 'spec.podCIDR');
  },
  fieldSelectors: {
    'spec.unschedulable': (o) => String((o as Node).spec?.unschedulable === true),
  },
  printer: nodePrinter,
};
