/** Deployments: shape and desired vs actual counts. */
import type { Deployment } from '../../../../shared/api/apps';
import { GVR } from '../../../../shared/api/resources';
import type { ReplicaCounts } from './replicaset';

export type { Deployment };
export const DEPLOYMENT_GVR = GVR.deployments;

/** deploymentCounts reads desired (spec) and actual (status) replicas; current = updated replicas. */
export function deploymentCounts(d: Deployment): ReplicaCounts & { updated: number } {
  return {
    desired: d.spec?.replicas ?? 1,
    current: d.status?.replicas ?? 0,
    updated: d.status?.updatedReplicas ?? 0,
    ready: d.status?.readyReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
  };
}
