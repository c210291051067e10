/** A pod's requests and limits summed over its containers, in the units of the usage history (millicores, bytes). */
import type { Pod } from '../../../../shared/api/core';
import { parseQuantity } from '../../../../shared/quantity';
import { formatBytes } from '../format';

export { formatBytes };

/** ResourceAmounts is CPU in millicores and memory in bytes; absent = not set. */
export interface ResourceAmounts {
  cpu?: number;
  memory?: number;
}

/**
 * podResourceAmounts sums `requests` or `limits` of the app containers. A
 * resource is reported only if every container sets it (one unlimited
 * container makes the pod unlimited; a pod-level sum of partial requests
 * would not be what the scheduler or the HPA uses either).
 */
export function podResourceAmounts(pod: Pod, which: 'requests' | 'limits'): ResourceAmounts {
  const containers = pod.spec?.containers ?? [];
  const out: ResourceAmounts = {};
  for (const [key, scale] of [['cpu', 1000], ['memory', 1]] as const) {
    let sum = 0;
    let all = containers.length > 0;
    for (const c of containers) {
      const q = c.resources?.[which]?.[key];
      if (!q) {
        all = false;
        break;
      }
      try {
        sum += parseQuantity(q) * scale;
      } catch {
        all = false;
        break;
      }
    }
    if (all) out[key] = Math.round(sum);
  }
  return out;
}

/** formatMillicores renders millicores as kubectl top does ("3m", "1500m"). */
export function formatMillicores(m: number): string {
  return `${Math.round(m)}m`;
}
