/** Nodes (pkg/registry/core/node): cluster-scoped, status may be set on create (the kubelet registers with it). */
import type { Node } from '../../../../shared/api/core';
import { nodePrinter } from '../../table/nodes';
import { list, topLevel } from '../schema';
import { NODE_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { dns1123Subdomain, validateImmutable } from '../validation';
import { notSupported, required, type FieldError } from '../../status';

const EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];

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
    ((obj as Node).spec?.taints ?? []).forEach((t, i) => {
      if (!t.key) errs.push(required(`spec.taints[${i}].key`));
      if (!EFFECTS.includes(t.effect)) errs.push(notSupported(`spec.taints[${i}].effect`, t.effect, EFFECTS));
    });
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
