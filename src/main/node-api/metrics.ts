/**
 * What the API server needs from the node side to serve metrics.k8s.io:
 * each node's current usage summary (the kubelet's "summary" as
 * metrics-server scrapes it) and the short history behind the app's charts.
 * The cluster adapts the kubelets to this; the API layer never samples.
 */

/** ContainerUsage is one container's latest reading. */
export interface ContainerUsage {
  name: string;
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
}

/** PodUsage is a pod's containers' latest readings. */
export interface PodUsage {
  namespace: string;
  name: string;
  uid: string;
  /** When the readings were taken (ms since epoch; the oldest container's). */
  timeMs: number;
  /** The interval the CPU rate was computed over (s). */
  windowSeconds: number;
  containers: ContainerUsage[];
}

/** NodeUsage is one node's summary: the node's total and its pods. */
export interface NodeUsage {
  node: string;
  timeMs: number;
  windowSeconds: number;
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
  pods: PodUsage[];
  /** Figures made up by a hollow node (benchmarks), not measured. */
  fake?: boolean;
}

/** UsagePoint is one point of a history (10 s resolution). */
export interface UsagePoint {
  timeMs: number;
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
}

/** MetricsProvider is the node side, as the API server sees it. */
export interface MetricsProvider {
  /** nodes returns every node's current summary (nodes without readings are left out). */
  nodes(): NodeUsage[];
  /** nodeHistory returns a node's points, oldest first ([] when unknown). */
  nodeHistory(node: string): UsagePoint[];
  /** podHistory returns a pod's points (sum of its containers), oldest first. */
  podHistory(namespace: string, name: string): UsagePoint[];
}

/** combineMetricsProviders merges providers (the kubelets, the hollow nodes). */
export function combineMetricsProviders(providers: () => MetricsProvider[]): MetricsProvider {
  return {
    nodes: () => providers().flatMap((p) => p.nodes()),
    nodeHistory(node) {
      for (const p of providers()) {
        const h = p.nodeHistory(node);
        if (h.length) return h;
      }
      return [];
    },
    podHistory(ns, name) {
      for (const p of providers()) {
        const h = p.podHistory(ns, name);
        if (h.length) return h;
      }
      return [];
    },
  };
}
