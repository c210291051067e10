/**
 * ControllerRevisions of a StatefulSet (Kubernetes' history package): each
 * holds a strategic merge patch that restores one template, which is what
 * `kubectl rollout undo statefulset` applies, and is named `<set>-<hash>`.
 */
import type { ControllerRevision, StatefulSet } from '../../../shared/api/apps';
import type { PodTemplateSpec } from '../../../shared/api/core';
import { newControllerRef } from '../common/pod-util';
import { canonicalJSON, computeHash } from '../deployment/template-hash';

/** CONTROLLER_REVISION_HASH_LABEL is on every revision (controller.kubernetes.io/hash). */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** revisionData is the patch a revision stores: the whole template, replacing the current one. */
export function revisionData(template: PodTemplateSpec): { spec: { template: PodTemplateSpec & { $patch: 'replace' } } } {
  return { spec: { template: { ...structuredClone(template), $patch: 'replace' } } };
}

/** templateOf reads the template back from a revision's data. */
export function templateOf(cr: Readonly<ControllerRevision>): PodTemplateSpec | undefined {
  const t = (cr.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template;
  if (!t) return undefined;
  const { $patch: _p, ...rest } = t;
  void _p;
  return rest;
}

/** sameTemplate compares two templates as their hashes do. */
export function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJSON(a) === canonicalJSON(b);
}

/** newRevision builds the revision of the set's current template with the given number. */
export function newRevision(set: Readonly<StatefulSet>, revision: number): ControllerRevision {
  const hash = computeHash(set.spec.template, set.status?.collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${set.metadata.name}-${hash}`,
      namespace: set.metadata.namespace,
      labels: { ...(set.spec.template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ...(set.metadata.annotations?.['kubernetes.io/change-cause'] ? { annotations: { 'kubernetes.io/change-cause': set.metadata.annotations['kubernetes.io/change-cause'] } } : {}),
      ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    data: revisionData(set.spec.template),
    revision,
  };
}

/** nextRevisionNumber is one more than the highest revision. */
export function nextRevisionNumber(revisions: readonly Readonly<ControllerRevision>[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0) + 1;
}
