/**
 * Which pods a ReplicaSet deletes first when it scales down: Kubernetes'
 * ActivePodsWithRanks ordering, with the rank being how many pods of the same
 * owner family share the pod's node.
 */
import type { Pod } from '../../../shared/api/core';
import { isPodActive, isPodReady, maxContainerRestarts, podReadyCondition, POD_DELETION_COST } from '../common/pod-util';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(p: Readonly<Pod>): number {
  const v = Number(p.metadata.annotations?.[POD_DELETION_COST] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

function time(s: string | undefined): number {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : 0;
}

/**
 * comparePodsForDeletion orders a before b (negative) when a should be deleted
 * first: unscheduled < scheduled; Pending < Unknown < Running; not ready <
 * ready; lower pod-deletion-cost; more pods of the family on the same node;
 * more recently ready; more restarts; newer.
 */
export function comparePodsForDeletion(a: Readonly<Pod>, rankA: number, b: Readonly<Pod>, rankB: number): number {
  const aNode = a.spec.nodeName ?? '';
  const bNode = b.spec.nodeName ?? '';
  if ((aNode === '') !== (bNode === '')) return aNode === '' ? -1 : 1;
  const pa = PHASE_ORDER[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_ORDER[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  if (rankA !== rankB) return rankB - rankA;
  if (ra && rb) {
    const ta = time(podReadyCondition(a)?.lastTransitionTime);
    const tb = time(podReadyCondition(b)?.lastTransitionTime);
    if (ta !== tb) return tb - ta;
  }
  const xa = maxContainerRestarts(a);
  const xb = maxContainerRestarts(b);
  if (xa !== xb) return xb - xa;
  const ka = time(a.metadata.creationTimestamp);
  const kb = time(b.metadata.creationTimestamp);
  if (ka !== kb) return kb - ka;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** podsToDelete picks n of pods to delete; related are the family's active pods (for the same-node rank). */
export function podsToDelete(pods: readonly Readonly<Pod>[], related: readonly Readonly<Pod>[], n: number): Readonly<Pod>[] {
  if (n >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = p.spec.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((p) => ({ p, rank: onNode.get(p.spec.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => comparePodsForDeletion(x.p, x.rank, y.p, y.rank));
  return ranked.slice(0, n).map((x) => x.p);
}
