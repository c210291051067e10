/**
 * Deletion with finalizers and grace periods (Kubernetes' genericregistry
 * deletion rules): a delete's preconditions, how its propagationPolicy turns
 * into the orphan / foregroundDeletion finalizers, the deletionTimestamp a
 * grace period sets, and when a deleting object may finally go.
 */
import type { KubeObject } from '../../../shared/api/meta';
import { conflict, type GroupResource } from '../status';
import { clone, rfc3339 } from './object-codec';
import type { Strategy, StrategyContext } from './strategy';
import type { RegistryDeleteOptions } from './types';

/** checkDeletePreconditions is 409 when a delete's uid or resourceVersion precondition does not hold. */
export function checkDeletePreconditions(old: KubeObject, opts: RegistryDeleteOptions, gr: GroupResource, name: string): void {
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== old.metadata.uid) {
    throw conflict(gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid ?? ''}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(gr, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion ?? ''}`);
  }
}

/**
 * markDeleting returns old as a delete leaves it: propagation finalizers
 * set, and deletionTimestamp at now plus the grace period (a second delete
 * may only shorten it).
 */
export function markDeleting(old: KubeObject, opts: RegistryDeleteOptions, strategy: Strategy, ctx: StrategyContext, now: Date): KubeObject {
  const next = clone(old);
  const m = next.metadata;
  const finalizers = finalizersForPropagation(m.finalizers, opts.propagationPolicy);
  if (finalizers.length) m.finalizers = finalizers;
  else delete m.finalizers;

  const grace = Math.max(0, strategy.gracePeriod?.(old, opts) ?? 0);
  if (!m.deletionTimestamp) {
    m.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
    m.deletionGracePeriodSeconds = grace;
    strategy.beforeDelete?.(next, ctx);
  } else if (grace < (m.deletionGracePeriodSeconds ?? 0)) {
    // A second delete may only shorten the grace period.
    m.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
    m.deletionGracePeriodSeconds = grace;
  }
  return next;
}

/** finalizersForPropagation returns finalizers with the orphan / foregroundDeletion finalizer a propagationPolicy asks for. */
export function finalizersForPropagation(current: readonly string[] | undefined, policy: RegistryDeleteOptions['propagationPolicy']): string[] {
  let finalizers = Array.isArray(current) ? [...current] : [];
  if (policy === 'Orphan') {
    finalizers = finalizers.filter((f) => f !== 'foregroundDeletion');
    if (!finalizers.includes('orphan')) finalizers.push('orphan');
  } else if (policy === 'Foreground') {
    finalizers = finalizers.filter((f) => f !== 'orphan');
    if (!finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
  } else if (policy === 'Background') {
    finalizers = finalizers.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
  }
  return finalizers;
}

/** readyToDelete reports whether a deleting object has no finalizers and no grace period left. */
export function readyToDelete(obj: KubeObject, strategy: Strategy): boolean {
  const m = obj.metadata;
  if (!m.deletionTimestamp) return false;
  if ((m.finalizers ?? []).length > 0) return false;
  if (strategy.hasPendingFinalizers?.(obj)) return false;
  return (m.deletionGracePeriodSeconds ?? 0) === 0;
}
