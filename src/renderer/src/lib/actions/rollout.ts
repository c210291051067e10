/**
 * Rollout history and undo, as `kubectl rollout history|undo` compute them
 * (kubectl/pkg/polymorphichelpers/rollback.go): revisions come from the
 * ReplicaSets' deployment.kubernetes.io/revision annotation, and undo copies a
 * ReplicaSet's pod template (minus pod-template-hash) back into the Deployment.
 */
import type { Deployment, ReplicaSet } from '../../../../shared/api/apps';
import { isOwnedBy } from '../k8s/replicaset';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Annotations kubectl's rollback keeps from the Deployment rather than copying from the ReplicaSet. */
export const ROLLBACK_SKIPPED_ANNOTATIONS: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** RolloutRevision is one row of the rollout history. */
export interface RolloutRevision {
  revision: number;
  replicaSet: string;
  changeCause: string;
  images: string[];
  replicas: number;
}

/** revisionOf reads a ReplicaSet's revision number (0 when it has none). */
export function revisionOf(rs: ReplicaSet): number {
  const n = Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** rolloutHistory lists a Deployment's revisions, oldest first, from the ReplicaSets it owns. */
export function rolloutHistory(d: Deployment, replicaSets: readonly ReplicaSet[]): RolloutRevision[] {
  return replicaSets
    .filter((rs) => isOwnedBy(rs, d) && revisionOf(rs) > 0)
    .map((rs) => ({
      revision: revisionOf(rs),
      replicaSet: rs.metadata.name ?? '',
      changeCause: rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? '',
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
      replicas: rs.status?.replicas ?? 0,
    }))
    .sort((a, b) => a.revision - b.revision);
}

/** currentRevision is the highest revision in the history (the live one). */
export function currentRevision(history: readonly RolloutRevision[]): number {
  return history.reduce((m, r) => Math.max(m, r.revision), 0);
}

type Template = NonNullable<Deployment['spec']>['template'];

function withoutHash(t: Template): Template {
  const copy = structuredClone(t);
  if (copy.metadata?.labels) {
    const labels = { ...copy.metadata.labels };
    delete labels[POD_TEMPLATE_HASH];
    copy.metadata = { ...copy.metadata, labels };
  }
  return copy;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : val,
  );
}

/** UndoPlan is either the JSON patch kubectl sends, or why it sends none. */
export type UndoPlan = { patch: object[]; revision: number } | { error: string } | { skipped: string };

/**
 * undoPlan computes `kubectl rollout undo --to-revision=N` (0 = the previous
 * revision): a JSON patch replacing spec.template with the ReplicaSet's and
 * metadata.annotations with the ReplicaSet's (keeping the skipped ones).
 */
export function undoPlan(d: Deployment, replicaSets: readonly ReplicaSet[], toRevision = 0): UndoPlan {
  const name = d.metadata.name ?? '';
  if (d.spec?.paused) return { error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again` };
  const owned = replicaSets.filter((rs) => isOwnedBy(rs, d) && revisionOf(rs) > 0).sort((a, b) => revisionOf(a) - revisionOf(b));
  let rs: ReplicaSet | undefined;
  if (toRevision === 0) {
    // The previous revision: the second highest.
    if (owned.length < 2) return { error: 'no rollout history found for deployment ' + JSON.stringify(name) };
    rs = owned[owned.length - 2];
  } else {
    rs = owned.find((r) => revisionOf(r) === toRevision);
    if (!rs) return { error: `unable to find specified revision ${toRevision} in history` };
  }
  const template = withoutHash(rs!.spec!.template!);
  if (canonical(template) === canonical(withoutHash(d.spec!.template!))) {
    return { skipped: `skipped rollback (current template already matches revision ${revisionOf(rs!)})` };
  }
  const annotations: Record<string, string> = {};
  for (const k of ROLLBACK_SKIPPED_ANNOTATIONS) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs!.metadata.annotations ?? {})) if (!ROLLBACK_SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  return {
    revision: revisionOf(rs!),
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  };
}

/** restartPatch is `kubectl rollout restart`: a restartedAt annotation on the pod template (RFC 3339, second precision). */
export function restartPatch(now: Date): object {
  const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at } } } } };
}
