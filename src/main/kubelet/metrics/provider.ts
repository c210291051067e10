/** The kubelets' summaries as the API server's MetricsProvider (the way metrics-server scrapes each kubelet). */
import type { MetricsProvider } from '../../node-api/metrics';
import type { KubeletRegistry } from '../streaming';

/** kubeletMetricsProvider reads the summaries of the kubelets running in this process. */
export function kubeletMetricsProvider(registry: KubeletRegistry): MetricsProvider {
  return {
    nodes: () => registry.all().map((k) => k.metrics.summary()),
    nodeHistory: (node) => registry.forNode(node)?.metrics.history() ?? [],
    podHistory(ns, name) {
      for (const k of registry.all()) {
        const h = k.metrics.podHistory(ns, name);
        if (h.length) return h;
      }
      return [];
    },
  };
}
