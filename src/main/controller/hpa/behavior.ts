/**
 * The HPA's `behavior` (pkg/controller/podautoscaler/horizontal.go:
 * stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate),
 * pure: recommendations are stabilised over their windows (scale-up takes the
 * lowest recent one, scale-down the highest), then the change is bounded by
 * the policies over the scale events of their periods, and by min/max.
 */
import type { HorizontalPodAutoscalerBehavior, HPAScalingPolicy, HPAScalingRules } from '../../../shared/api/autoscaling';

/** Recommendation is one sync's metric-based count. */
export interface Recommendation {
  replicas: number;
  timeMs: number;
}

/** ScaleEvent is one change made to the target. */
export interface ScaleEvent {
  change: number;
  timeMs: number;
}

export interface ResolvedRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HPAScalingPolicy[];
}

/**
 * defaultBehavior fills what the HPA leaves out with Kubernetes' defaults:
 * scale-up 100 % or 4 pods per 15 s (Max), no stabilisation; scale-down
 * 100 % per 15 s after a stabilisation window (300 s, configurable).
 */
export function defaultBehavior(b: HorizontalPodAutoscalerBehavior | undefined, downscaleStabilizationSeconds = 300): { scaleUp: ResolvedRules; scaleDown: ResolvedRules } {
  const fill = (r: HPAScalingRules | undefined, d: ResolvedRules): ResolvedRules => ({
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds,
    selectPolicy: r?.selectPolicy ?? d.selectPolicy,
    policies: r?.policies?.length ? r.policies : d.policies,
  });
  return {
    scaleUp: fill(b?.scaleUp, {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 15 },
        { type: 'Pods', value: 4, periodSeconds: 15 },
      ],
    }),
    scaleDown: fill(b?.scaleDown, { stabilizationWindowSeconds: downscaleStabilizationSeconds, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] }),
  };
}

/**
 * stabilize returns the stabilised recommendation: not above the lowest
 * recommendation of the scale-up window, not below the highest of the
 * scale-down window (the current count when they disagree with it).
 */
export function stabilize(current: number, prenormalized: number, history: readonly Recommendation[], rules: { scaleUp: ResolvedRules; scaleDown: ResolvedRules }, now: number): number {
  let up = prenormalized;
  let down = prenormalized;
  const upCutoff = now - rules.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = now - rules.scaleDown.stabilizationWindowSeconds * 1000;
  for (const r of history) {
    if (r.timeMs > upCutoff) up = Math.min(up, r.replicas);
    if (r.timeMs > downCutoff) down = Math.max(down, r.replicas);
  }
  let rec = current;
  if (rec < up) rec = up;
  if (rec > down) rec = down;
  return rec;
}

function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.filter((e) => e.timeMs > cutoff).reduce((a, e) => a + e.change, 0);
}

/** scaleUpLimit is the highest count the scale-up policies allow now. */
export function scaleUpLimit(current: number, ups: readonly ScaleEvent[], downs: readonly ScaleEvent[], rules: ResolvedRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Max' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Max' ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(p.periodSeconds, ups, now) + changeInPeriod(p.periodSeconds, downs, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** scaleDownLimit is the lowest count the scale-down policies allow now. */
export function scaleDownLimit(current: number, ups: readonly ScaleEvent[], downs: readonly ScaleEvent[], rules: ResolvedRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  // Max selects the policy allowing the biggest change: the lowest count.
  const pick = rules.selectPolicy === 'Max' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Max' ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(p.periodSeconds, ups, now) + changeInPeriod(p.periodSeconds, downs, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

export interface Bounded {
  replicas: number;
  reason: string;
  message: string;
}

/** boundByRate applies the policies' rate and min/max to a stabilised recommendation (ScalingLimited's reason and message). */
export function boundByRate(
  current: number,
  desired: number,
  min: number,
  max: number,
  ups: readonly ScaleEvent[],
  downs: readonly ScaleEvent[],
  rules: { scaleUp: ResolvedRules; scaleDown: ResolvedRules },
  now: number,
): Bounded {
  if (desired > current) {
    const limit = Math.max(current, scaleUpLimit(current, ups, downs, rules.scaleUp, now));
    const capped =
      max > limit
        ? { replicas: limit, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
        : { replicas: max, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    if (desired > capped.replicas) return capped;
  } else if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(current, ups, downs, rules.scaleDown, now));
    const floored =
      min < limit
        ? { replicas: limit, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
        : { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    if (desired < floored.replicas) return floored;
  }
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}
