/** Pod usage from metrics.k8s.io through the API client, as the HPA's resource metrics client reads it. */
import type { KubeObject } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { parseQuantity } from '../../../shared/quantity';
import type { ApiClient } from '../../client/types';
import type { Usage } from './replica-calculator';

interface PodMetrics extends KubeObject {
  timestamp: string;
  window: string;
  containers: { name: string; usage: Record<string, string> }[];
}

/** PodUsageSource returns the pods' usage of a resource (base units) in a namespace, by pod name. */
export type PodUsageSource = (namespace: string, resource: string) => Promise<Map<string, Usage>>;

/** apiPodUsage lists PodMetrics and sums each pod's containers. */
export function apiPodUsage(client: ApiClient): PodUsageSource {
  return async (namespace, resource) => {
    const list = await client.list<PodMetrics>(GVR.podmetrics, namespace);
    const out = new Map<string, Usage>();
    for (const m of list.items) {
      let value = 0;
      for (const c of m.containers ?? []) value += parseQuantity(c.usage[resource] ?? '0');
      out.set(m.metadata.name ?? '', { value, timestampMs: Date.parse(m.timestamp), windowMs: (parseFloat(m.window) || 0) * 1000 });
    }
    return out;
  };
}
