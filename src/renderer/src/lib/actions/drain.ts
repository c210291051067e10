/**
 * The drain plan `kubectl drain` makes before evicting (kubectl/pkg/drain/filters.go):
 * which pods of a node are evicted, which are skipped, and which block the
 * drain unless forced.
 */
import type { Pod } from '../../../../shared/api/core';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** DrainOptions are kubectl drain's --force and --delete-emptydir-data (DaemonSet pods are always ignored). */
export interface DrainOptions {
  force: boolean;
  deleteEmptyDirData: boolean;
}

/** DrainPlan: pods to evict, pods left alone (with why), and pods that stop the drain (with kubectl's reason). */
export interface DrainPlan {
  evict: Pod[];
  skipped: { pod: Pod; reason: string }[];
  blocked: { pod: Pod; reason: string }[];
  /** warnings kubectl prints for pods it evicts anyway (forced unmanaged pods, emptyDir data). */
  warnings: string[];
}

const podKey = (p: Pod) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;

/** drainPlan sorts the pods bound to `node` as kubectl drain's filters do. */
export function drainPlan(node: string, pods: readonly Pod[], opts: DrainOptions): DrainPlan {
  const plan: DrainPlan = { evict: [], skipped: [], blocked: [], warnings: [] };
  const forcedUnmanaged: string[] = [];
  const withLocalData: string[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== node) continue;
    if (pod.metadata.deletionTimestamp) {
      plan.skipped.push({ pod, reason: 'already being deleted' });
      continue;
    }
    if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
      plan.skipped.push({ pod, reason: 'mirror pod' });
      continue;
    }
    const phase = pod.status?.phase;
    // Finished pods are deleted whatever else holds (kubectl's skipDeletedFilter/unreplicatedFilter let them through).
    const finished = phase === 'Succeeded' || phase === 'Failed';
    const controller = pod.metadata.ownerReferences?.find((o) => o.controller);
    if (controller?.kind === 'DaemonSet') {
      plan.skipped.push({ pod, reason: 'DaemonSet-managed (ignored)' });
      continue;
    }
    if (!controller && !finished) {
      if (!opts.force) {
        plan.blocked.push({ pod, reason: 'cannot delete Pods that declare no controller (use --force to override)' });
        continue;
      }
      forcedUnmanaged.push(podKey(pod));
    }
    const emptyDir = (pod.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined);
    if (emptyDir && !finished) {
      if (!opts.deleteEmptyDirData) {
        plan.blocked.push({ pod, reason: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)' });
        continue;
      }
      withLocalData.push(podKey(pod));
    }
    plan.evict.push(pod);
  }
  if (forcedUnmanaged.length) plan.warnings.push(`deleting Pods that declare no controller: ${forcedUnmanaged.join(', ')}`);
  if (withLocalData.length) plan.warnings.push(`deleting Pods with local storage: ${withLocalData.join(', ')}`);
  return plan;
}

/** blockedMessage is kubectl's error for a drain its filters stop, grouped by reason. */
export function blockedMessage(plan: DrainPlan): string {
  const byReason = new Map<string, string[]>();
  for (const b of plan.blocked) byReason.set(b.reason, [...(byReason.get(b.reason) ?? []), podKey(b.pod)]);
  return [...byReason.entries()].map(([reason, pods]) => `${reason}: ${pods.join(', ')}`).join('; ');
}
