/** The "0/3 nodes are available: …" message of an unschedulable pod, as Kubernetes' FitError renders it. */

/**
 * fitErrorMessage builds the message from each node's failure reasons: a
 * histogram "count reason", sorted as strings (Kubernetes sorts the rendered
 * "<count> <reason>" entries), joined with ", ", ending with ".".
 */
export function fitErrorMessage(numNodes: number, reasonsPerNode: readonly (readonly string[])[]): string {
  if (numNodes === 0) return 'no nodes available to schedule pods';
  const hist = new Map<string, number>();
  for (const reasons of reasonsPerNode) for (const r of reasons) hist.set(r, (hist.get(r) ?? 0) + 1);
  const parts = [...hist].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${numNodes} nodes are available` + (parts.length > 0 ? `: ${parts.join(', ')}.` : ':');
}
