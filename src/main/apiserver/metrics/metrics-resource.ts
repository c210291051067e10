/**
 * metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics as read-only Resources:
 * the node side's current summaries joined with the pods and nodes they
 * belong to (labels, label selectors, namespaces), as metrics-server serves
 * them. Nothing is stored: list, get and the Table; every write is a 405.
 */
import type { KubeList, KubeObject, Table } from '../../../shared/api/meta';
import { GVR, METRICS_RESOURCES, type ResourceInfo } from '../../../shared/api/resources';
import { methodNotSupported, notFound } from '../status';
import { buildTable, col, nameColumn } from '../table/printer';
import type { ListOptions, Registry, Resource } from '../registry/types';
import { cpuQuantity, memoryQuantity } from './quantities';
import type { MetricsProvider, NodeUsage, PodUsage, UsagePoint } from '../../node-api/metrics';

const API_VERSION = 'metrics.k8s.io/v1beta1';

/**
 * HISTORY_ANNOTATION carries, on a single-object GET only, the 10 s usage
 * history behind the app's sparklines: JSON `[[unixSeconds, millicores, bytes], …]`, oldest first.
 */
export const HISTORY_ANNOTATION = 'kubedeck.io/usage-history';

function withHistory(obj: KubeObject, points: UsagePoint[]): KubeObject {
  if (points.length === 0) return obj;
  const data = points.map((p) => [Math.round(p.timeMs / 1000), Math.round(p.cpuNanoCores / 1e6), Math.round(p.memoryWorkingSetBytes)]);
  obj.metadata.annotations = { ...obj.metadata.annotations, [HISTORY_ANNOTATION]: JSON.stringify(data) };
  return obj;
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** podMetricsObject is a PodMetrics for a pod's readings. */
export function podMetricsObject(pod: KubeObject, u: PodUsage, now: Date): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'PodMetrics',
    metadata: { name: u.name, namespace: u.namespace, creationTimestamp: rfc3339(now.getTime()), ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}) },
    timestamp: rfc3339(u.timeMs),
    window: `${u.windowSeconds}s`,
    containers: u.containers.map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.cpuNanoCores), memory: memoryQuantity(c.memoryWorkingSetBytes) } })),
  } as KubeObject;
}

/** nodeMetricsObject is a NodeMetrics for a node's summary. */
export function nodeMetricsObject(node: KubeObject, u: NodeUsage, now: Date): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'NodeMetrics',
    metadata: { name: u.node, creationTimestamp: rfc3339(now.getTime()), ...(node.metadata.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: rfc3339(u.timeMs),
    window: `${u.windowSeconds}s`,
    usage: { cpu: cpuQuantity(u.cpuNanoCores), memory: memoryQuantity(u.memoryWorkingSetBytes) },
  } as KubeObject;
}

interface Usage {
  usage?: Record<string, string>;
  containers?: { usage: Record<string, string> }[];
}

const printer = {
  columns: [nameColumn(), col('CPU', 'string', 'CPU usage'), col('Memory', 'string', 'Memory working set'), col('Window', 'string', 'Sampling window')],
  cells: (o: KubeObject) => {
    const u = o as KubeObject & Usage & { window?: string };
    const usage = u.usage ?? { cpu: (u.containers ?? []).map((c) => c.usage.cpu).join(','), memory: (u.containers ?? []).map((c) => c.usage.memory).join(',') };
    return [o.metadata.name ?? '', usage.cpu ?? '', usage.memory ?? '', u.window ?? ''];
  },
};

abstract class ReadOnly implements Resource {
  abstract readonly info: ResourceInfo;
  abstract get(ns: string | undefined, name: string): Promise<KubeObject>;
  abstract list(ns: string | undefined, opts: ListOptions): Promise<KubeList>;
  /** refuse rejects a verb metrics.k8s.io does not serve (405, as for any read-only resource). */
  protected refuse(verb: string): never {
    throw methodNotSupported({ group: this.info.group, resource: this.info.resource }, verb);
  }
  async create(): Promise<KubeObject> {
    return this.refuse('create');
  }
  async update(): Promise<KubeObject> {
    return this.refuse('update');
  }
  async patch(): Promise<KubeObject> {
    return this.refuse('patch');
  }
  async delete(): Promise<KubeObject> {
    return this.refuse('delete');
  }
  async deleteCollection(): Promise<KubeList> {
    return this.refuse('deletecollection');
  }
  async getSubresource(): Promise<KubeObject> {
    return this.refuse('get');
  }
  async createSubresource(): Promise<KubeObject> {
    return this.refuse('create');
  }
  async watch(): Promise<never> {
    return this.refuse('watch');
  }
  toTable(objects: KubeObject[], listMeta: { resourceVersion?: string; continue?: string }, includeObject: 'None' | 'Metadata' | 'Object'): Table {
    return buildTable(printer, objects, listMeta, includeObject, new Date());
  }
}

function listOf(info: ResourceInfo, items: KubeObject[]): KubeList {
  return { apiVersion: API_VERSION, kind: info.listKind, metadata: {}, items } as KubeList;
}

class PodMetricsResource extends ReadOnly {
  readonly info = METRICS_RESOURCES.find((r) => r.resource === 'pods')!;
  constructor(
    private readonly registry: Registry,
    private readonly provider: MetricsProvider,
  ) {
    super();
  }
  private usage(): Map<string, PodUsage> {
    const m = new Map<string, PodUsage>();
    for (const n of this.provider.nodes()) for (const p of n.pods) m.set(`${p.namespace}/${p.name}`, p);
    return m;
  }
  private pods() {
    return this.registry.lookup(GVR.pods.group, GVR.pods.version, GVR.pods.resource)!;
  }
  async list(ns: string | undefined, opts: ListOptions): Promise<KubeList> {
    const pods = await this.pods().list(ns, { ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) });
    const usage = this.usage();
    const now = new Date();
    const items: KubeObject[] = [];
    for (const p of pods.items) {
      const u = usage.get(`${p.metadata.namespace}/${p.metadata.name}`);
      if (u && u.uid === p.metadata.uid) items.push(podMetricsObject(p, u, now));
    }
    return listOf(this.info, items);
  }
  async get(ns: string | undefined, name: string): Promise<KubeObject> {
    const pod = await this.pods().get(ns, name);
    const u = this.usage().get(`${ns}/${name}`);
    if (!u || u.uid !== pod.metadata.uid) throw notFound({ group: this.info.group, resource: this.info.resource }, name);
    return withHistory(podMetricsObject(pod, u, new Date()), this.provider.podHistory(ns ?? 'default', name));
  }
}

class NodeMetricsResource extends ReadOnly {
  readonly info = METRICS_RESOURCES.find((r) => r.resource === 'nodes')!;
  constructor(
    private readonly registry: Registry,
    private readonly provider: MetricsProvider,
  ) {
    super();
  }
  private nodes() {
    return this.registry.lookup(GVR.nodes.group, GVR.nodes.version, GVR.nodes.resource)!;
  }
  async list(_ns: string | undefined, opts: ListOptions): Promise<KubeList> {
    const nodes = await this.nodes().list(undefined, { ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) });
    const usage = new Map(this.provider.nodes().map((u) => [u.node, u]));
    const now = new Date();
    const items: KubeObject[] = [];
    for (const n of nodes.items) {
      const u = usage.get(n.metadata.name ?? '');
      if (u) items.push(nodeMetricsObject(n, u, now));
    }
    return listOf(this.info, items);
  }
  async get(_ns: string | undefined, name: string): Promise<KubeObject> {
    const node = await this.nodes().get(undefined, name);
    const u = this.provider.nodes().find((x) => x.node === name);
    if (!u) throw notFound({ group: this.info.group, resource: this.info.resource }, name);
    return withHistory(nodeMetricsObject(node, u, new Date()), this.provider.nodeHistory(name));
  }
}

/**
 * withMetrics returns a registry that also serves metrics.k8s.io from the
 * provider; every other lookup goes to the inner registry.
 */
export function withMetrics(inner: Registry, provider: MetricsProvider): Registry {
  const extra: Resource[] = [new NodeMetricsResource(inner, provider), new PodMetricsResource(inner, provider)];
  return {
    resources: () => [...inner.resources(), ...extra],
    lookup(group, version, resource) {
      if (group === 'metrics.k8s.io') return extra.find((r) => r.info.version === version && r.info.resource === resource);
      return inner.lookup(group, version, resource);
    },
  };
}
