/** ReplicaSets: shape, desired vs actual counts, and ownership. */
import type { ReplicaSet } from '../../../../shared/api/apps';
import type { KubeObject } from '../../../../shared/api/meta';
import { GVR } from '../../../../shared/api/resources';

export type { ReplicaSet };
export const REPLICASET_GVR = GVR.replicasets;

/** ReplicaCounts is what the Workloads screen shows for a controller. */
export interface ReplicaCounts {
  desired: number;
  current: number;
  ready: number;
  available: number;
}

/** replicaSetCounts reads desired (spec) and actual (status) replicas. */
export function replicaSetCounts(rs: ReplicaSet): ReplicaCounts {
  return {
    desired: rs.spec?.replicas ?? 1,
    current: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
  };
}

/** controllerOf returns the controlling owner reference of an object. */
export function controllerOf(obj: KubeObject): { kind: string; name: string; uid: string } | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}

/** isOwnedBy reports whether `child` is controlled by `owner` (same namespace, matching uid). */
export function isOwnedBy(child: KubeObject, owner: KubeObject): boolean {
  const ref = controllerOf(child);
  return ref !== undefined && ref.uid === owner.metadata.uid && child.metadata.namespace === owner.metadata.namespace;
}
