/** Pod and ownership predicates the controllers share (Kubernetes' podutil and controller_ref helpers). */
import type { Pod } from '../../../shared/api/core';
import type { KubeObject, OwnerReference } from '../../../shared/api/meta';

/** controllerRef returns the owner reference with controller: true, if any. */
export function controllerRef(obj: Readonly<KubeObject>): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/**
 * resolveControllerRef returns the owner of kind that controls obj, from the
 * owner's lister, when it is still the same object (uid); undefined for an
 * orphan, another kind's dependent, or an owner recreated under the same name.
 */
export function resolveControllerRef<T extends KubeObject>(obj: Readonly<KubeObject>, kind: string, lister: { get(namespace: string | undefined, name: string): Readonly<T> | undefined }): Readonly<T> | undefined {
  const ref = controllerRef(obj);
  if (!ref || ref.kind !== kind) return undefined;
  const owner = lister.get(obj.metadata.namespace, ref.name);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/** newControllerRef builds the ownerReference a controller puts on what it creates or adopts. */
export function newControllerRef(owner: Readonly<KubeObject>, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** isPodActive: not terminal and not being deleted (Kubernetes' FilterActivePods). */
export function isPodActive(p: Readonly<Pod>): boolean {
  return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

/** podReadyCondition returns the pod's Ready condition. */
export function podReadyCondition(p: Readonly<Pod>) {
  return p.status?.conditions?.find((c) => c.type === 'Ready');
}

/** isPodReady reports Ready=True. */
export function isPodReady(p: Readonly<Pod>): boolean {
  return podReadyCondition(p)?.status === 'True';
}

/** isPodAvailable reports a pod Ready for at least minReadySeconds at now (ms). */
export function isPodAvailable(p: Readonly<Pod>, minReadySeconds: number, now: number): boolean {
  const c = podReadyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

/** maxContainerRestarts is the highest restartCount among the pod's containers. */
export function maxContainerRestarts(p: Readonly<Pod>): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/** podKey is `namespace/name`. */
export function podKey(p: Readonly<KubeObject>): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}

/** POD_DELETION_COST is the annotation that orders scale-down (lower cost deleted first). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
