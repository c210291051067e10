/** ReplicaSets: counts, their owning Deployment and the pods they own. */
import type { ReplicaSet } from '../../../../shared/api/apps';
import type { Pod } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { labelSelectorString } from '../../../../shared/selectors';
import { replicaSetCounts } from '../k8s/replicaset';
import { podStatus } from '../k8s/pod';
import { AGE } from './common';
import { isOwnedBy, type KindDescriptor } from './kind';

export const replicaSetKind: KindDescriptor = {
  kind: 'ReplicaSet',
  resource: 'replicasets',
  kubectlName: 'replicaset.apps',
  title: 'ReplicaSets',
  gvr: GVR.replicasets,
  namespaced: true,
  columns: [
    { header: 'Desired', value: (o) => String(replicaSetCounts(o as ReplicaSet).desired), numeric: (o) => replicaSetCounts(o as ReplicaSet).desired },
    { header: 'Current', value: (o) => String(replicaSetCounts(o as ReplicaSet).current), numeric: (o) => replicaSetCounts(o as ReplicaSet).current },
    { header: 'Ready', value: (o) => String(replicaSetCounts(o as ReplicaSet).ready), numeric: (o) => replicaSetCounts(o as ReplicaSet).ready },
    AGE,
  ],
  facts: (o) => {
    const rs = o as ReplicaSet;
    return [
      { term: 'Selector', value: labelSelectorString(rs.spec?.selector) || '<none>' },
      { term: 'Revision', value: rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '' },
    ];
  },
  related: [{ title: 'Pods', resource: 'pods', select: (rs, p) => isOwnedBy(p, rs), note: (p) => podStatus(p as Pod) }],
};
