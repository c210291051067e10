/**
 * The replica calculation of Kubernetes' HPA for Resource metrics
 * (pkg/controller/podautoscaler/replica_calculator.go), pure: the pods'
 * readiness and requests and their usage in, the desired count out. The
 * usage ratio must leave the tolerance band (10 %) to change anything;
 * pods with no metrics count as using 100 % of their request on a scale-down
 * and 0 on a scale-up; not-yet-ready pods (CPU only) count as 0 on a
 * scale-up and are otherwise ignored, so a rollout's cold pods do not
 * trigger or undo scaling.
 */

/** PodSample is what the calculator needs of one pod. */
export interface PodSample {
  name: string;
  phase: string;
  deleting: boolean;
  /** Ready condition, if present: status and last transition (ms). */
  ready?: { status: 'True' | 'False' | 'Unknown'; lastTransitionMs: number };
  startTimeMs?: number;
  /** Sum of the containers' requests of the resource (base units), undefined if a container has none. */
  request?: number;
  missingRequestIn?: string;
}

/** Usage is a pod's reading (base units: cores, bytes) and when it was taken. */
export interface Usage {
  value: number;
  timestampMs: number;
  windowMs: number;
}

export type ResourceTarget = { type: 'Utilization'; averageUtilization: number } | { type: 'AverageValue'; averageValue: number };

export interface CalcInput {
  resource: string;
  currentReplicas: number;
  pods: PodSample[];
  usage: Map<string, Usage>;
  target: ResourceTarget;
  now: number;
  tolerance?: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period (5 min). */
  cpuInitializationPeriodMs?: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (30 s). */
  initialReadinessDelayMs?: number;
}

export interface CalcResult {
  replicas: number;
  /** Utilization in percent of requests (Utilization targets). */
  utilization?: number;
  /** Average usage per pod (base units). */
  averageValue: number;
  timestampMs: number;
}

/** CalcError is a failure the HPA reports as ScalingActive=False (FailedGetResourceMetric). */
export class CalcError extends Error {
  override name = 'CalcError';
}

function isUnready(p: PodSample, u: Usage, in_: CalcInput): boolean {
  if (in_.resource !== 'cpu') return false;
  const init = in_.cpuInitializationPeriodMs ?? 300_000;
  const delay = in_.initialReadinessDelayMs ?? 30_000;
  if (!p.ready || p.startTimeMs === undefined) return true;
  if (p.startTimeMs + init > in_.now) {
    // Within initialisation: ignore an unready pod, or a reading not a full window after its last transition.
    return p.ready.status === 'False' || u.timestampMs < p.ready.lastTransitionMs + u.windowMs;
  }
  // Past it: ignore only a pod that is unready and has never been ready.
  return p.ready.status === 'False' && p.startTimeMs + delay > p.ready.lastTransitionMs;
}

function ratioOf(usage: Map<string, number>, requests: Map<string, number>, target: ResourceTarget): { ratio: number; utilization?: number; average: number } {
  let total = 0;
  let requested = 0;
  for (const [name, v] of usage) {
    total += v;
    requested += requests.get(name) ?? 0;
  }
  const average = usage.size ? total / usage.size : 0;
  if (target.type === 'Utilization') {
    if (requested <= 0) throw new CalcError('no metrics returned matched known pods');
    const utilization = Math.trunc((total * 100) / requested);
    return { ratio: utilization / target.averageUtilization, utilization, average };
  }
  return { ratio: average / target.averageValue, average };
}

/** calcReplicas returns the desired replica count for one Resource metric. */
export function calcReplicas(in_: CalcInput): CalcResult {
  const tolerance = in_.tolerance ?? 0.1;
  if (in_.pods.length === 0) throw new CalcError('no pods returned by selector while calculating replica count');
  const usage = new Map<string, number>();
  const unready = new Set<string>();
  const missing = new Set<string>();
  const requests = new Map<string, number>();
  let readyCount = 0;
  let timestampMs = 0;
  for (const p of in_.pods) {
    if (p.deleting || p.phase === 'Failed') continue;
    if (p.phase === 'Pending') {
      unready.add(p.name);
      continue;
    }
    const u = in_.usage.get(p.name);
    if (!u) {
      missing.add(p.name);
      continue;
    }
    if (isUnready(p, u, in_)) {
      unready.add(p.name);
      continue;
    }
    readyCount++;
    usage.set(p.name, u.value);
    timestampMs = Math.max(timestampMs, u.timestampMs);
  }
  if (usage.size === 0) throw new CalcError(`did not receive metrics for targeted pods (pods might be unready)`);
  if (in_.target.type === 'Utilization') {
    for (const p of in_.pods) {
      if (p.request === undefined || p.request <= 0) {
        if (usage.has(p.name) || missing.has(p.name) || unready.has(p.name)) throw new CalcError(`missing request for ${in_.resource} in container ${p.missingRequestIn ?? '?'} of Pod ${p.name}`);
        continue;
      }
      requests.set(p.name, p.request);
    }
  }
  const first = ratioOf(usage, requests, in_.target);
  const result = (replicas: number): CalcResult => ({
    replicas,
    ...(first.utilization !== undefined ? { utilization: first.utilization } : {}),
    averageValue: first.average,
    timestampMs,
  });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= tolerance) return result(in_.currentReplicas);
    return result(Math.ceil(first.ratio * readyCount));
  }
  // Fill in the pods without (usable) readings the conservative way, then recompute.
  if (missing.size > 0) {
    for (const name of missing) {
      if (first.ratio < 1) {
        const fallback = in_.target.type === 'Utilization' ? ((requests.get(name) ?? 0) * Math.max(100, in_.target.averageUtilization)) / 100 : in_.target.averageValue;
        usage.set(name, fallback);
      } else if (first.ratio > 1) usage.set(name, 0);
    }
  }
  if (scaleUpWithUnready) for (const name of unready) usage.set(name, 0);
  const next = ratioOf(usage, requests, in_.target);
  if (Math.abs(1 - next.ratio) <= tolerance || (first.ratio < 1 && next.ratio > 1) || (first.ratio > 1 && next.ratio < 1)) return result(in_.currentReplicas);
  const replicas = Math.ceil(next.ratio * usage.size);
  if ((next.ratio < 1 && replicas > in_.currentReplicas) || (next.ratio > 1 && replicas < in_.currentReplicas)) return result(in_.currentReplicas);
  return result(replicas);
}
