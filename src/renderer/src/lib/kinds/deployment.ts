/** Deployments: replica counts, conditions, and the ReplicaSets they own. */
import type { Deployment, ReplicaSet } from '../../../../shared/api/apps';
import { GVR } from '../../../../shared/api/resources';
import { labelSelectorString } from '../../../../shared/selectors';
import { deploymentCounts } from '../k8s/deployment';
import { AGE } from './common';
import { isOwnedBy, type KindDescriptor } from './kind';

export const deploymentKind: KindDescriptor = {
  kind: 'Deployment',
  resource: 'deployments',
  kubectlName: 'deployment.apps',
  title: 'Deployments',
  gvr: GVR.deployments,
  namespaced: true,
  columns: [
    { header: 'Ready', value: (o) => { const c = deploymentCounts(o as Deployment); return `${c.ready}/${c.desired}`; } },
    { header: 'Up-to-date', value: (o) => String(deploymentCounts(o as Deployment).updated), wide: true },
    { header: 'Available', value: (o) => String(deploymentCounts(o as Deployment).available), wide: true },
    AGE,
  ],
  facts: (o) => {
    const d = o as Deployment;
    const c = deploymentCounts(d);
    return [
      { term: 'Replicas', value: `${c.desired} desired, ${c.updated} updated, ${c.ready} ready, ${c.available} available` },
      { term: 'Selector', value: labelSelectorString(d.spec?.selector) || '<none>' },
      { term: 'Strategy', value: d.spec?.strategy?.type ?? 'RollingUpdate' },
      { term: 'Paused', value: d.spec?.paused ? 'yes' : 'no' },
    ];
  },
  related: [
    {
      title: 'ReplicaSets',
      resource: 'replicasets',
      select: (d, rs) => isOwnedBy(rs, d),
      note: (rs) => { const r = rs as ReplicaSet; return `${r.status?.readyReplicas ?? 0}/${r.spec?.replicas ?? 0} ready`; },
    },
  ],
};
