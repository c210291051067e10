/**
 * autoscaling/v1 HorizontalPodAutoscalers as a view of the stored v2 objects
 * (as kube-apiserver converts between versions): `targetCPUUtilizationPercentage`
 * is the v2 cpu Utilization metric, `currentCPUUtilizationPercentage` its
 * current value. A v1 write keeps the v2-only fields of the stored object
 * (other metrics, behavior). `kubectl autoscale` (1.32) posts v1.
 */
import type { HorizontalPodAutoscaler, MetricSpec } from '../../../../shared/api/autoscaling';
import type { KubeList, KubeObject, Status, Table } from '../../../../shared/api/meta';
import { HPA_V1_RESOURCE, type ResourceInfo } from '../../../../shared/api/resources';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../../patch';
import { apiError, badRequest } from '../../status';
import type { ListOptions, PatchType, RegistryDeleteOptions, Resource, WatchOptions, WatchSink, WriteOptions } from '../types';

const V1 = 'autoscaling/v1';
const V2 = 'autoscaling/v2';

interface V1Spec {
  scaleTargetRef: HorizontalPodAutoscaler['spec']['scaleTargetRef'];
  minReplicas?: number;
  maxReplicas: number;
  targetCPUUtilizationPercentage?: number;
}

interface V1HPA extends KubeObject {
  spec: V1Spec;
  status?: { observedGeneration?: number; lastScaleTime?: string; currentReplicas?: number; desiredReplicas?: number; currentCPUUtilizationPercentage?: number };
}

const isCpuUtilization = (m: MetricSpec) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization';

/** toV1 converts a stored v2 object to its v1 view. */
export function toV1(h: HorizontalPodAutoscaler): V1HPA {
  const cpu = (h.spec?.metrics ?? []).find(isCpuUtilization);
  const cur = (h.status?.currentMetrics ?? []).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  const s = h.status;
  return {
    apiVersion: V1,
    kind: 'HorizontalPodAutoscaler',
    metadata: h.metadata,
    spec: {
      scaleTargetRef: h.spec.scaleTargetRef,
      ...(h.spec.minReplicas !== undefined ? { minReplicas: h.spec.minReplicas } : {}),
      maxReplicas: h.spec.maxReplicas,
      ...(cpu?.resource?.target.averageUtilization !== undefined ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
    },
    status: {
      ...(s?.observedGeneration !== undefined ? { observedGeneration: s.observedGeneration } : {}),
      ...(s?.lastScaleTime ? { lastScaleTime: s.lastScaleTime } : {}),
      currentReplicas: s?.currentReplicas ?? 0,
      desiredReplicas: s?.desiredReplicas ?? 0,
      ...(cur?.resource?.current.averageUtilization !== undefined ? { currentCPUUtilizationPercentage: cur.resource.current.averageUtilization } : {}),
    },
  };
}

/** toV2 converts a v1 object to v2, keeping the v2-only fields of `stored` (if any). */
export function toV2(v1: unknown, stored?: HorizontalPodAutoscaler): HorizontalPodAutoscaler {
  if (!v1 || typeof v1 !== 'object' || Array.isArray(v1)) throw badRequest('the body of the request must be an object');
  const o = v1 as Partial<V1HPA>;
  const spec = (o.spec ?? {}) as Partial<V1Spec>;
  const others = (stored?.spec.metrics ?? []).filter((m) => !isCpuUtilization(m));
  const cpu: MetricSpec[] =
    typeof spec.targetCPUUtilizationPercentage === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }] : [];
  const metrics = [...cpu, ...others];
  const out: HorizontalPodAutoscaler = {
    ...(o as KubeObject),
    apiVersion: V2,
    kind: 'HorizontalPodAutoscaler',
    metadata: o.metadata ?? {},
    spec: {
      scaleTargetRef: spec.scaleTargetRef as HorizontalPodAutoscaler['spec']['scaleTargetRef'],
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas as number,
      ...(metrics.length ? { metrics } : {}),
      ...(stored?.spec.behavior ? { behavior: stored.spec.behavior } : {}),
    },
  };
  if (stored?.status) out.status = stored.status;
  else delete out.status;
  return out;
}

function v1List(list: KubeList): KubeList {
  return { ...list, apiVersion: V1, kind: 'HorizontalPodAutoscalerList', items: list.items.map((i) => toV1(i as HorizontalPodAutoscaler)) };
}

function maybeV1(o: KubeObject | Status): KubeObject | Status {
  return (o as KubeObject).kind === 'HorizontalPodAutoscaler' ? toV1(o as HorizontalPodAutoscaler) : o;
}

/** HPAv1Resource serves autoscaling/v1 over the v2 resource. */
export class HPAv1Resource implements Resource {
  readonly info: ResourceInfo = HPA_V1_RESOURCE;
  constructor(private readonly v2: Resource) {}

  async get(ns: string | undefined, name: string): Promise<KubeObject> {
    return toV1((await this.v2.get(ns, name)) as HorizontalPodAutoscaler);
  }
  async list(ns: string | undefined, opts: ListOptions): Promise<KubeList> {
    return v1List(await this.v2.list(ns, opts));
  }
  async create(ns: string | undefined, obj: unknown, opts: WriteOptions): Promise<KubeObject> {
    return toV1((await this.v2.create(ns, toV2(obj), opts)) as HorizontalPodAutoscaler);
  }
  async update(ns: string | undefined, name: string, obj: unknown, opts: WriteOptions & { subresource?: string }): Promise<KubeObject> {
    const stored = (await this.v2.get(ns, name)) as HorizontalPodAutoscaler;
    const next = toV2(obj, stored);
    if (opts.subresource === 'status') {
      // v1 status writes carry only counts; the v2 status keeps its metrics and conditions.
      const st = (obj as V1HPA).status ?? {};
      next.spec = stored.spec;
      next.status = { ...stored.status, desiredReplicas: st.desiredReplicas ?? stored.status?.desiredReplicas ?? 0, ...(st.currentReplicas !== undefined ? { currentReplicas: st.currentReplicas } : {}) };
    }
    return toV1((await this.v2.update(ns, name, next, opts)) as HorizontalPodAutoscaler);
  }
  async patch(ns: string | undefined, name: string, t: PatchType, p: unknown, opts: WriteOptions & { subresource?: string; force?: boolean }): Promise<KubeObject> {
    const cur = await this.get(ns, name);
    let patched: unknown;
    if (t === 'application/merge-patch+json') patched = applyMergePatch(cur, p);
    else if (t === 'application/json-patch+json') patched = applyJsonPatch(cur, p);
    else if (t === 'application/strategic-merge-patch+json') patched = applyStrategicMergePatch(cur, p, 'HorizontalPodAutoscaler');
    else throw apiError(415, 'UnsupportedMediaType', 'autoscaling/v1 accepts merge, JSON and strategic merge patches; use autoscaling/v2 for server-side apply');
    return this.update(ns, name, patched, { ...opts, ...(opts.subresource ? { subresource: opts.subresource } : {}) });
  }
  async delete(ns: string | undefined, name: string, opts: RegistryDeleteOptions): Promise<KubeObject | Status> {
    return maybeV1(await this.v2.delete(ns, name, opts));
  }
  async deleteCollection(ns: string | undefined, list: ListOptions, opts: RegistryDeleteOptions): Promise<KubeList> {
    return v1List(await this.v2.deleteCollection(ns, list, opts));
  }
  async getSubresource(ns: string | undefined, name: string, sub: string): Promise<KubeObject> {
    return toV1((await this.v2.getSubresource(ns, name, sub)) as HorizontalPodAutoscaler);
  }
  createSubresource(ns: string | undefined, name: string, sub: string, body: unknown, opts: WriteOptions): Promise<KubeObject | Status> {
    return this.v2.createSubresource(ns, name, sub, body, opts);
  }
  watch(ns: string | undefined, opts: WatchOptions, sink: WatchSink) {
    return this.v2.watch(ns, opts, {
      event: (ev) => sink.event(ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED' ? { ...ev, object: toV1(ev.object as HorizontalPodAutoscaler) } : ev),
      close: () => sink.close(),
    });
  }
  toTable(objects: KubeObject[], listMeta: { resourceVersion?: string; continue?: string }, includeObject: 'None' | 'Metadata' | 'Object'): Table {
    const table = this.v2.toTable(
      objects.map((o) => toV2(o)),
      listMeta,
      includeObject === 'Object' ? 'None' : includeObject,
    );
    if (includeObject === 'Object') table.rows.forEach((r, i) => (r.object = objects[i]));
    return table;
  }
}
