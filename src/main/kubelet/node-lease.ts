/**
 * Node Leases in kube-node-lease: the heartbeat the node lifecycle
 * controller reads. Shared by the kubelet and the hollow kubelet.
 */
import type { Lease } from '../../shared/api/coordination';
import type { Namespace } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { isAlreadyExists, isConflict, isNotFound } from '../../shared/errors';
import type { ApiClient } from '../client/types';
import { microTime } from './node-status';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const NODE_LEASE_DURATION_SECONDS = 40;

/** ensureNamespace creates a namespace if it is missing. */
export async function ensureNamespace(client: ApiClient, name: string): Promise<void> {
  try {
    await client.create<Namespace>(GVR.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/** nodeLease renders a node's Lease (owned by the Node when its uid is given, so it goes with the Node). */
export function nodeLease(node: string, nowMs: number, nodeUid?: string): Lease {
  const metadata: Lease['metadata'] = { name: node, namespace: NODE_LEASE_NAMESPACE };
  if (nodeUid) metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: node, uid: nodeUid }];
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec: { holderIdentity: node, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: microTime(nowMs) } };
}

/**
 * renewNodeLease sets renewTime (and the holder) with a merge patch; a
 * missing Lease is created, with its namespace if a fresh store lacks it.
 * A conflict is left to the next heartbeat.
 */
export async function renewNodeLease(client: ApiClient, node: string, nowMs: number, nodeUid?: string): Promise<void> {
  const lease = nodeLease(node, nowMs, nodeUid);
  try {
    await client.patch<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, node, 'application/merge-patch+json', { spec: lease.spec });
    return;
  } catch (err) {
    if (isConflict(err)) return;
    if (!isNotFound(err)) throw err;
  }
  try {
    await client.create<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, lease);
  } catch (err) {
    if (isAlreadyExists(err) || isConflict(err)) return;
    if (!isNotFound(err)) throw err;
    await ensureNamespace(client, NODE_LEASE_NAMESPACE);
    await client.create<Lease>(GVR.leases, NODE_LEASE_NAMESPACE, lease);
  }
}
