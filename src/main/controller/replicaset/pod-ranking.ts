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

/** A pod's deletion sort key, computed once per pod rather than once per comparison (5,000 pods ≈ 60,000 comparisons). */
interface DeletionKey {
  unscheduled: boolean;
  phase: number;
  ready: boolean;
  cost: number;
  rank: number;
  readyTime: number;
  restarts: number;
  created: number;
  name: string;
}

function deletionKey(p: Readonly<Pod>, rank: number): DeletionKey {
  const ready = isPodReady(p);
  return {
    unscheduled: (p.spec.nodeName ?? '') === '',
    phase: PHASE_ORDER[p.status?.phase ?? 'Pending'] ?? 0,
    ready,
    cost: deletionCost(p),
    rank,
    readyTime: ready ? time(podReadyCondition(p)?.lastTransitionTime) : 0,
    restarts: maxContainerRestarts(p),
    created: time(p.metadata.creationTimestamp),
    name: p.metadata.name ?? '',
  };
}

function compareKeys(a: DeletionKey, b: DeletionKey): number {
  if (a.unscheduled !== b.unscheduled) return a.unscheduled ? -1 : 1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (a.ready && b.ready && a.readyTime !== b.readyTime) return b.readyTime - a.readyTime;
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  if (a.created !== b.created) return b.created - a.created;
  return a.name.localeCompare(b.name);
}

/**
 * comparePodsForDeletion orders a before b (negative) when a should be deleted
 * first: unscheduled < scheduled; Pending < Unknown < Running; not ready <
 * ready; lower pod-deletion-cost; more pods of the family on the same node;
 * more recently ready; more restarts; newer.
 */
export function comparePodsForDeletion(a: Readonly<Pod>, rankA: number, b: Readonly<Pod>, rankB: number): number {
  return compareKeys(deletionKey(a, rankA), deletionKey(b, rankB));
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
  const ranked = pods.map((p) => ({ p, key: deletionKey(p, onNode.get(p.spec.nodeName ?? '') ?? 0) }));
  ranked.sort((x, y) => compareKeys(x.key, y.key));
  return ranked.slice(0, n).map((x) => x.p);
}
