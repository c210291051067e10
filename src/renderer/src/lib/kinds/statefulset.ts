/** StatefulSets: ready / current / updated counts, revisions, and each ordinal's pod and claims. */
import type { StatefulSet } from '../../../../shared/api/apps';
import type { PersistentVolumeClaim, Pod } from '../../../../shared/api/core';
import type { KubeObject } from '../../../../shared/api/meta';
import { GVR } from '../../../../shared/api/resources';
import { labelSelectorString } from '../../../../shared/selectors';
import { podStatus } from '../k8s/pod';
import { AGE } from './common';
import { isOwnedBy, type KindDescriptor } from './kind';

const st = (o: unknown) => (o as StatefulSet).status;

/** stsReady is kubectl's READY column ("2/3"). */
export function stsReady(s: StatefulSet): string {
  return `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`;
}

/** claimOrdinal returns the ordinal a claim `<template>-<set>-<n>` belongs to, or undefined when it is not one of the set's. */
export function claimOrdinal(set: KubeObject, claim: KubeObject): number | undefined {
  if (claim.metadata.namespace !== set.metadata.namespace) return undefined;
  for (const t of (set as StatefulSet).spec?.volumeClaimTemplates ?? []) {
    const prefix = `${t.metadata.name}-${set.metadata.name}-`;
    const name = claim.metadata.name ?? '';
    if (name.startsWith(prefix) && /^(0|[1-9]\d*)$/.test(name.slice(prefix.length))) return Number(name.slice(prefix.length));
  }
  return undefined;
}

/** podOrdinal reads a StatefulSet pod's ordinal from its apps.kubernetes.io/pod-index label (or its name). */
export function podOrdinal(p: KubeObject): string {
  return p.metadata.labels?.['apps.kubernetes.io/pod-index'] ?? /-(\d+)$/.exec(p.metadata.name ?? '')?.[1] ?? '?';
}

export const statefulSetKind: KindDescriptor = {
  kind: 'StatefulSet',
  resource: 'statefulsets',
  kubectlName: 'statefulset.apps',
  title: 'StatefulSets',
  gvr: GVR.statefulsets,
  namespaced: true,
  columns: [
    { header: 'Ready', value: (o) => stsReady(o as StatefulSet), numeric: (o) => st(o)?.readyReplicas ?? 0 },
    { header: 'Service', value: (o) => (o as StatefulSet).spec?.serviceName ?? '', wide: true },
    { header: 'Updated', value: (o) => String(st(o)?.updatedReplicas ?? 0), wide: true },
    AGE,
  ],
  facts: (o) => {
    const s = o as StatefulSet;
    const status = s.status;
    const strategy = s.spec?.updateStrategy;
    const partition = strategy?.rollingUpdate?.partition;
    return [
      { term: 'Replicas', value: `${s.spec?.replicas ?? 0} desired, ${status?.replicas ?? 0} current, ${status?.readyReplicas ?? 0} ready, ${status?.updatedReplicas ?? 0} updated, ${status?.availableReplicas ?? 0} available` },
      { term: 'Service', value: s.spec?.serviceName || '<none>' },
      { term: 'Pod management', value: s.spec?.podManagementPolicy ?? 'OrderedReady' },
      { term: 'Update strategy', value: `${strategy?.type ?? 'RollingUpdate'}${partition ? ` (partition ${partition})` : ''}` },
      { term: 'Current revision', value: status?.currentRevision ?? '' },
      { term: 'Update revision', value: status?.updateRevision ?? '' },
      { term: 'Volume claim templates', value: (s.spec?.volumeClaimTemplates ?? []).map((t) => `${t.metadata.name} (${t.spec?.resources?.requests?.storage ?? '?'}, ${t.spec?.storageClassName ?? 'default class'})`).join(', ') || '<none>' },
      { term: 'Selector', value: labelSelectorString(s.spec?.selector) || '<none>' },
    ];
  },
  links: (o) => {
    const svc = (o as StatefulSet).spec?.serviceName;
    return svc ? [{ kind: 'Service', name: svc, namespace: o.metadata.namespace, note: 'governing Service' }] : [];
  },
  related: [
    {
      title: 'Pods by ordinal',
      resource: 'pods',
      select: (s, p) => isOwnedBy(p, s),
      note: (p) => `ordinal ${podOrdinal(p)}: ${podStatus(p as Pod)}${p.metadata.labels?.['controller-revision-hash'] ? ` · ${p.metadata.labels['controller-revision-hash']}` : ''}`,
    },
    {
      title: 'Claims by ordinal',
      resource: 'persistentvolumeclaims',
      select: (s, c) => claimOrdinal(s, c) !== undefined,
      note: (c) => {
        const claim = c as PersistentVolumeClaim;
        const ordinal = /-(\d+)$/.exec(c.metadata.name ?? '')?.[1] ?? '?';
        return `ordinal ${ordinal}: ${claim.status?.phase ?? 'Pending'}${claim.spec?.volumeName ? ` → ${claim.spec.volumeName}` : ''}`;
      },
    },
  ],
};
