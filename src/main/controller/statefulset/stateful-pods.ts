/**
 * What a StatefulSet's pods and claims look like (Kubernetes' stateful_set_utils.go):
 * pod `<set>-<ordinal>` with hostname = its name and subdomain = the governing
 * Service, claims `<template>-<set>-<ordinal>` that outlive the pods.
 */
import type { StatefulSet } from '../../../shared/api/apps';
import type { PersistentVolumeClaim, Pod, Volume } from '../../../shared/api/core';
import { newControllerRef } from '../common/pod-util';

/** CONTROLLER_REVISION_HASH labels each pod with the name of its ControllerRevision. */
export const STS_REVISION_LABEL = 'controller-revision-hash';
/** STS_POD_NAME_LABEL lets a Service select one ordinal. */
export const STS_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** STS_POD_INDEX_LABEL carries the ordinal (apps.kubernetes.io/pod-index). */
export const STS_POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** podName is `<set>-<ordinal>`. */
export function podName(set: Readonly<StatefulSet>, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** ordinalOf parses a pod's ordinal from its name (-1 when it is not one of the set's). */
export function ordinalOf(set: Readonly<StatefulSet>, pod: Readonly<Pod>): number {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** claimName is `<template>-<set>-<ordinal>`. */
export function claimName(set: Readonly<StatefulSet>, template: string, ordinal: number): string {
  return `${template}-${set.metadata.name}-${ordinal}`;
}

/** claimsFor builds the claims an ordinal needs, labelled with the set's selector. */
export function claimsFor(set: Readonly<StatefulSet>, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec.volumeClaimTemplates ?? []).map((t) => {
    const labels = { ...(t.metadata.labels ?? {}), ...(set.spec.selector.matchLabels ?? {}) };
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimName(set, t.metadata.name!, ordinal), namespace: set.metadata.namespace, labels, ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}) },
      spec: structuredClone(t.spec),
    };
    // whenDeleted: Delete makes the set the claims' owner, so the garbage collector removes them with it.
    if (set.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') claim.metadata.ownerReferences = [{ ...newControllerRef(set, 'apps/v1', 'StatefulSet'), controller: false }];
    return claim;
  });
}

/** newStatefulPod builds the pod for an ordinal from the template of a revision. */
export function newStatefulPod(set: Readonly<StatefulSet>, template: StatefulSet['spec']['template'], revision: string, ordinal: number): Pod {
  const name = podName(set, ordinal);
  const spec = structuredClone(template.spec ?? { containers: [] }) as Pod['spec'];
  spec.hostname = name;
  if (set.spec.serviceName) spec.subdomain = set.spec.serviceName;
  // Each claim template replaces a pod volume of the same name.
  const claims: Volume[] = (set.spec.volumeClaimTemplates ?? []).map((t) => ({ name: t.metadata.name!, persistentVolumeClaim: { claimName: claimName(set, t.metadata.name!, ordinal) } }));
  const names = new Set(claims.map((v) => v.name));
  spec.volumes = [...(spec.volumes ?? []).filter((v) => !names.has(v.name)), ...claims];
  if (!spec.volumes.length) delete spec.volumes;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [STS_REVISION_LABEL]: revision, [STS_POD_NAME_LABEL]: name, [STS_POD_INDEX_LABEL]: String(ordinal) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    spec,
  };
}
