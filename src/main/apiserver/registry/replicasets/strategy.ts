/** ReplicaSets (pkg/registry/apps/replicaset/strategy.go). */
import type { ReplicaSet } from '../../../../shared/api/apps';
import { replicaSetPrinter } from '../../table/workloads';
import { defaultPodSpec, POD_TEMPLATE } from '../pods/pod-spec';
import { LABEL_SELECTOR, topLevel } from '../schema';
import { REPLICA_SET_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { dns1123Subdomain } from '../validation';
import { validateSelectorImmutable, validateWorkloadSpec } from '../workload-validation';

/** replicaSetStrategy declares replicasets. */
export const replicaSetStrategy: Strategy = {
  schema: topLevel({
    spec: { replicas: 'int', minReadySeconds: 'int', selector: LABEL_SELECTOR, template: POD_TEMPLATE },
    status: REPLICA_SET_STATUS,
  }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    const rs = obj as ReplicaSet;
    if (!rs.spec || typeof rs.spec !== 'object') return;
    rs.spec.replicas ??= 1;
    if (rs.spec.template && typeof rs.spec.template === 'object') defaultPodSpec(rs.spec.template.spec);
  },
  validate: (obj) => validateWorkloadSpec(obj, 'replicaset'),
  validateUpdate: validateSelectorImmutable,
  fieldSelectors: {
    'status.replicas': (o) => String((o as ReplicaSet).status?.replicas ?? 0),
  },
  printer: replicaSetPrinter,
};
