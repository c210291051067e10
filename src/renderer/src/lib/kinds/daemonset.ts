/** DaemonSets: desired / current / ready counts and their pods, one per node. */
import type { DaemonSet } from '../../../../shared/api/apps';
import type { Pod } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { labelSelectorString } from '../../../../shared/selectors';
import { podStatus } from '../k8s/pod';
import { AGE } from './common';
import { isOwnedBy, type KindDescriptor } from './kind';

const st = (o: unknown) => (o as DaemonSet).status;

export const daemonSetKind: KindDescriptor = {
  kind: 'DaemonSet',
  resource: 'daemonsets',
  kubectlName: 'daemonset.apps',
  title: 'DaemonSets',
  gvr: GVR.daemonsets,
  namespaced: true,
  columns: [
    { header: 'Desired', value: (o) => String(st(o)?.desiredNumberScheduled ?? 0), numeric: (o) => st(o)?.desiredNumberScheduled ?? 0 },
    { header: 'Current', value: (o) => String(st(o)?.currentNumberScheduled ?? 0), numeric: (o) => st(o)?.currentNumberScheduled ?? 0 },
    { header: 'Ready', value: (o) => String(st(o)?.numberReady ?? 0), numeric: (o) => st(o)?.numberReady ?? 0 },
    { header: 'Up-to-date', value: (o) => String(st(o)?.updatedNumberScheduled ?? 0), wide: true },
    { header: 'Available', value: (o) => String(st(o)?.numberAvailable ?? 0), wide: true },
    { header: 'Node selector', value: (o) => Object.entries((o as DaemonSet).spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>', wide: true },
    AGE,
  ],
  facts: (o) => {
    const ds = o as DaemonSet;
    const s = ds.status;
    return [
      { term: 'Nodes', value: `${s?.desiredNumberScheduled ?? 0} desired, ${s?.currentNumberScheduled ?? 0} current, ${s?.numberReady ?? 0} ready, ${s?.updatedNumberScheduled ?? 0} up-to-date, ${s?.numberAvailable ?? 0} available, ${s?.numberMisscheduled ?? 0} misscheduled` },
      { term: 'Selector', value: labelSelectorString(ds.spec?.selector) || '<none>' },
      { term: 'Update strategy', value: ds.spec?.updateStrategy?.type ?? 'RollingUpdate' },
    ];
  },
  related: [
    {
      title: 'Pods by node',
      resource: 'pods',
      select: (ds, p) => isOwnedBy(p, ds),
      note: (p) => `${(p as Pod).spec?.nodeName ?? 'unscheduled'}: ${podStatus(p as Pod)}`,
    },
  ],
};
