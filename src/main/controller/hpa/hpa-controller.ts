/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler):
 * every sync period each HPA reads its target through the scale
 * subresource's fields, its pods' usage from metrics.k8s.io, computes the
 * desired count per Resource metric (replica-calculator.ts), stabilises and
 * rate-limits it (behavior.ts), scales the target, and reports conditions,
 * current metrics and SuccessfulRescale events. Handlers only enqueue keys;
 * one sync converges and requeues itself after the sync period.
 */
import type { PauseGate } from '../../client/pause-gate';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerStatus, MetricSpec, MetricStatus } from '../../../shared/api/autoscaling';
import type { Pod } from '../../../shared/api/core';
import type { Condition, KubeObject, LabelSelector } from '../../../shared/api/meta';
import { GVR, RESOURCES, type ResourceInfo } from '../../../shared/api/resources';
import { formatQuantity, parseQuantity } from '../../../shared/quantity';
import { isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import type { EventRecorder } from '../../client/event-recorder';
import { selectorMatcher } from '../common/label-selector';
import { runWorkers } from '../../client/worker';
import { boundByRate, defaultBehavior, stabilize, type Recommendation, type ScaleEvent } from './behavior';
import type { PodUsageSource } from './metrics-source';
import { CalcError, calcReplicas, type PodSample, type ResourceTarget } from './replica-calculator';

/** HPAOptions are the controller's timings (config.yaml `hpa:`). */
export interface HPAOptions {
  /** --horizontal-pod-autoscaler-sync-period (15 s). */
  syncPeriodMs?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization, the default scale-down window (300 s). */
  downscaleStabilizationSeconds?: number;
  /** --horizontal-pod-autoscaler-tolerance (0.1). */
  tolerance?: number;
  cpuInitializationPeriodMs?: number;
  initialReadinessDelayMs?: number;
}

export interface HPAControllerDeps extends HPAOptions {
  client: ApiClient;
  hpaInformer: Informer<HorizontalPodAutoscaler>;
  podInformer: Informer<Pod>;
  usage: PodUsageSource;
  recorder: EventRecorder;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

interface ScaleTarget {
  info: ResourceInfo;
  obj: KubeObject & { spec?: { replicas?: number; selector?: LabelSelector } };
}

/** metricName is the name Kubernetes gives a Resource metric in reasons and conditions. */
export function metricName(m: MetricSpec): string {
  const r = m.resource!;
  return r.target.type === 'Utilization' ? `${r.name} resource utilization (percentage of request)` : `${r.name} resource`;
}

function podSample(p: Pod, resource: string): PodSample {
  let request: number | undefined = 0;
  let missingRequestIn: string | undefined;
  for (const c of p.spec.containers) {
    const q = c.resources?.requests?.[resource];
    if (q === undefined) {
      request = undefined;
      missingRequestIn ??= c.name;
    } else if (request !== undefined) request += parseQuantity(q);
  }
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  const start = p.status?.startTime ? Date.parse(p.status.startTime) : undefined;
  return {
    name: p.metadata.name ?? '',
    phase: p.status?.phase ?? 'Pending',
    deleting: Boolean(p.metadata.deletionTimestamp),
    ...(ready ? { ready: { status: ready.status, lastTransitionMs: Date.parse(ready.lastTransitionTime ?? '') || 0 } } : {}),
    ...(start !== undefined ? { startTimeMs: start } : {}),
    ...(request !== undefined ? { request } : {}),
    ...(missingRequestIn ? { missingRequestIn } : {}),
  };
}

/** HPAController reconciles HorizontalPodAutoscalers. */
export class HPAController {
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly syncPeriodMs: number;
  /** Recent recommendations per HPA (stabilisation windows). */
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUps = new Map<string, ScaleEvent[]>();
  private readonly scaleDowns = new Map<string, ScaleEvent[]>();

  constructor(private readonly deps: HPAControllerDeps) {
    this.clock = deps.clock ?? realClock;
    this.syncPeriodMs = deps.syncPeriodMs ?? 15_000;
    this.queue = new WorkQueue<string>({ name: 'horizontalpodautoscaler', clock: this.clock });
    deps.hpaInformer.addEventHandler({
      onAdd: (h) => this.queue.add(objectKey(h)),
      onUpdate: (o, h) => {
        // Our own status writes need no sync; a spec change does.
        if (o.metadata.generation !== h.metadata.generation) this.queue.add(objectKey(h));
      },
      onDelete: (h) => this.queue.add(objectKey(h)),
    });
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 1, gate?: PauseGate): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError, gate });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private targetInfo(h: HorizontalPodAutoscaler): ResourceInfo | undefined {
    const ref = h.spec.scaleTargetRef;
    const [group, version] = ref.apiVersion?.includes('/') ? ref.apiVersion.split('/') : ['', ref.apiVersion ?? ''];
    return RESOURCES.find((r) => r.kind === ref.kind && r.subresources.some((s) => s.name === 'scale') && (!ref.apiVersion || (r.group === group && r.version === version)));
  }

  /** sync reconciles one HPA and schedules the next look after the sync period. */
  async sync(key: string): Promise<void> {
    const [ns, name] = key.split('/') as [string, string];
    const cached = this.deps.hpaInformer.lister.get(ns, name);
    if (!cached) {
      this.recommendations.delete(key);
      this.scaleUps.delete(key);
      this.scaleDowns.delete(key);
      return;
    }
    try {
      await this.reconcile(key, structuredClone(cached) as HorizontalPodAutoscaler);
    } finally {
      this.queue.addAfter(key, this.syncPeriodMs);
    }
  }

  private cond(type: string, status: Condition['status'], reason: string, message: string): Condition {
    return { type, status, reason, message, lastTransitionTime: new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }

  private async reconcile(key: string, hpa: HorizontalPodAutoscaler): Promise<void> {
    const now = this.clock.now();
    const prev = structuredClone(hpa.status ?? { desiredReplicas: 0 });
    const status: HorizontalPodAutoscalerStatus = { ...prev, conditions: [...(prev.conditions ?? [])] };
    const set = (c: Condition) => setCondition(status, c);
    const ref = hpa.spec.scaleTargetRef;
    const info = this.targetInfo(hpa);
    let target: ScaleTarget | undefined;
    try {
      if (!info) throw new Error(`the server could not find the requested resource (${ref.kind}.${ref.apiVersion ?? ''} has no scale subresource)`);
      target = { info, obj: await this.deps.client.get(info, ns(hpa), ref.name) };
    } catch (err) {
      const msg = `the HPA controller was unable to get the target's current scale: ${(err as Error).message}`;
      set(this.cond('AbleToScale', 'False', 'FailedGetScale', msg));
      this.deps.recorder.event(hpa, 'Warning', 'FailedGetScale', (err as Error).message);
      return this.writeStatus(hpa, prev, status);
    }
    set(this.cond('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale"));
    const current = target.obj.spec?.replicas ?? 1;
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    status.currentReplicas = current;
    let desired = current;
    let reason = '';
    if (current === 0 && min !== 0) {
      set(this.cond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero'));
      status.desiredReplicas = 0;
      return this.writeStatus(hpa, prev, status);
    } else if (current > max) {
      desired = max;
      reason = 'Current number of replicas above Spec.MaxReplicas';
    } else if (current < min) {
      desired = min;
      reason = 'Current number of replicas below Spec.MinReplicas';
    } else {
      const computed = await this.computeForMetrics(hpa, target, current, now);
      status.currentMetrics = computed.statuses;
      if (computed.replicas === undefined) {
        set(this.cond('ScalingActive', 'False', computed.failReason, computed.failMessage));
        this.deps.recorder.event(hpa, 'Warning', computed.failReason, computed.failMessage);
        status.desiredReplicas = current;
        return this.writeStatus(hpa, prev, status);
      }
      set(this.cond('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${computed.metric}`));
      const rules = defaultBehavior(hpa.spec.behavior, this.deps.downscaleStabilizationSeconds ?? 300);
      const recs = this.recommendations.get(key) ?? [];
      const stabilized = stabilize(current, computed.replicas, recs, rules, now);
      const keepMs = Math.max(rules.scaleUp.stabilizationWindowSeconds, rules.scaleDown.stabilizationWindowSeconds) * 1000;
      this.recommendations.set(key, [...recs.filter((r) => r.timeMs > now - keepMs), { replicas: computed.replicas, timeMs: now }]);
      if (stabilized !== computed.replicas) {
        set(
          stabilized > computed.replicas
            ? this.cond('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation')
            : this.cond('AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation'),
        );
      } else set(this.cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size'));
      const bounded = boundByRate(current, stabilized, min, max, this.scaleUps.get(key) ?? [], this.scaleDowns.get(key) ?? [], rules, now);
      set(this.cond('ScalingLimited', bounded.replicas === stabilized ? 'False' : 'True', bounded.reason, bounded.message));
      desired = bounded.replicas;
      if (desired > current) reason = `${computed.metric} above target`;
      else if (desired < current) reason = 'All metrics below target';
    }
    status.desiredReplicas = desired;
    if (desired !== current) {
      try {
        await this.deps.client.patch(target.info, ns(hpa), ref.name, 'application/merge-patch+json', { spec: { replicas: desired } }, { subresource: 'scale' });
      } catch (err) {
        set(this.cond('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${(err as Error).message}`));
        this.deps.recorder.event(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${(err as Error).message}`);
        await this.writeStatus(hpa, prev, status);
        throw err;
      }
      this.storeScaleEvent(key, desired - current, now);
      set(this.cond('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`));
      this.deps.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      status.lastScaleTime = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.writeStatus(hpa, prev, status);
  }

  private storeScaleEvent(key: string, change: number, now: number): void {
    // Events older than the longest policy period (30 min at most) no longer matter.
    const keep = (es: ScaleEvent[]) => es.filter((e) => e.timeMs > now - 1_800_000);
    if (change > 0) this.scaleUps.set(key, [...keep(this.scaleUps.get(key) ?? []), { change, timeMs: now }]);
    else this.scaleDowns.set(key, [...keep(this.scaleDowns.get(key) ?? []), { change: -change, timeMs: now }]);
  }

  private async computeForMetrics(
    hpa: HorizontalPodAutoscaler,
    target: ScaleTarget,
    current: number,
    now: number,
  ): Promise<{ replicas?: number; metric: string; statuses: MetricStatus[]; failReason: string; failMessage: string }> {
    const selector = target.obj.spec?.selector;
    const match = selectorMatcher(selector);
    const pods = this.deps.podInformer.lister.list(ns(hpa), (p) => match(p.metadata.labels));
    let best: number | undefined;
    let metric = '';
    const statuses: MetricStatus[] = [];
    let failMessage = '';
    for (const m of hpa.spec.metrics ?? []) {
      if (m.type !== 'Resource' || !m.resource) continue;
      const r = m.resource;
      try {
        if (!selector) throw new CalcError('selector is required');
        const usage = await this.deps.usage(ns(hpa), r.name);
        const t: ResourceTarget =
          r.target.type === 'Utilization' ? { type: 'Utilization', averageUtilization: r.target.averageUtilization ?? 80 } : { type: 'AverageValue', averageValue: parseQuantity(r.target.averageValue ?? '0') };
        const out = calcReplicas({
          resource: r.name,
          currentReplicas: current,
          pods: pods.map((p) => podSample(p as Pod, r.name)),
          usage,
          target: t,
          now,
          ...(this.deps.tolerance !== undefined ? { tolerance: this.deps.tolerance } : {}),
          ...(this.deps.cpuInitializationPeriodMs !== undefined ? { cpuInitializationPeriodMs: this.deps.cpuInitializationPeriodMs } : {}),
          ...(this.deps.initialReadinessDelayMs !== undefined ? { initialReadinessDelayMs: this.deps.initialReadinessDelayMs } : {}),
        });
        const kind = r.name === 'cpu' ? 'cpu' : 'memory';
        statuses.push({
          type: 'Resource',
          resource: { name: r.name, current: { averageValue: formatQuantity(kind === 'cpu' ? Math.round(out.averageValue * 1000) / 1000 : out.averageValue, kind), ...(out.utilization !== undefined ? { averageUtilization: out.utilization } : {}) } },
        });
        if (best === undefined || out.replicas > best) {
          best = out.replicas;
          metric = metricName(m);
        }
      } catch (err) {
        failMessage = `the HPA was unable to compute the replica count: failed to get ${r.name} utilization: ${(err as Error).message}`;
        statuses.push({ type: 'Resource', resource: { name: r.name, current: {} } });
      }
    }
    if (best === undefined && !failMessage) failMessage = 'the HPA was unable to compute the replica count: no Resource metrics';
    return { ...(best !== undefined ? { replicas: best } : {}), metric, statuses, failReason: 'FailedGetResourceMetric', failMessage };
  }

  private async writeStatus(hpa: HorizontalPodAutoscaler, prev: HorizontalPodAutoscalerStatus, status: HorizontalPodAutoscalerStatus): Promise<void> {
    status.observedGeneration = hpa.metadata.generation;
    if (JSON.stringify(prev) === JSON.stringify(status)) return;
    try {
      await this.deps.client.updateStatus(GVR.horizontalpodautoscalers, ns(hpa), { ...hpa, status });
    } catch (err) {
      // A newer version arrives through the informer and is synced again.
      if (isConflict(err) || isNotFound(err)) return;
      throw err;
    }
  }
}

function ns(h: KubeObject): string {
  return h.metadata.namespace ?? 'default';
}

/** setCondition replaces a condition, keeping lastTransitionTime when its status did not change. */
function setCondition(s: HorizontalPodAutoscalerStatus, c: Condition): void {
  const list = s.conditions ?? (s.conditions = []);
  const i = list.findIndex((x) => x.type === c.type);
  if (i < 0) return void list.push(c);
  const old = list[i]!;
  list[i] = old.status === c.status ? { ...c, lastTransitionTime: old.lastTransitionTime ?? c.lastTransitionTime } : c;
}
