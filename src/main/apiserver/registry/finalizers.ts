/**
 * Deletion with finalizers: how a delete's propagationPolicy turns into the
 * orphan / foregroundDeletion finalizers, and when a deleting object may
 * finally go (Kubernetes' genericregistry deletion rules).
 */
import type { KubeObject } from '../../../shared/api/meta';
import type { Strategy } from './strategy';
import type { RegistryDeleteOptions } from './types';

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
