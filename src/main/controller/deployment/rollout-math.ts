/**
 * The arithmetic of a Deployment rollout, as pure functions so table tests can
 * pin it to Kubernetes' numbers (deployment/util: ResolveFenceposts,
 * NewRSNewReplicas, the old-RS scale-down budget, proportional scaling).
 */

/** resolveIntOrPercent resolves 3 or "25%" against total; percentages round up or down as asked. */
export function resolveIntOrPercent(v: number | string | undefined, fallback: string, total: number, roundUp: boolean): number {
  const val = v ?? fallback;
  if (typeof val === 'number') return val;
  const m = /^(\d+)%$/.exec(val.trim());
  if (!m) {
    const n = Number(val);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid value "${val}": must be an integer or percentage (e.g '5%')`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * resolveFenceposts returns (maxSurge, maxUnavailable) for desired replicas:
 * surge rounds up, unavailable rounds down, and if both are 0 unavailable becomes 1
 * (a rollout must be able to make progress). Defaults are 25% and 25%.
 */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = resolveIntOrPercent(maxSurge, '25%', desired, true);
  let unavailable = resolveIntOrPercent(maxUnavailable, '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** newRSReplicasForRollingUpdate: min(replicas + maxSurge − Σ spec.replicas, replicas − newRS) added to newRS, never below newRS. */
export function newRSReplicasForRollingUpdate(replicas: number, maxSurge: number, totalSpecReplicas: number, newRSReplicas: number): number {
  const maxTotal = replicas + maxSurge;
  if (totalSpecReplicas >= maxTotal) return newRSReplicas;
  const scaleUp = Math.min(maxTotal - totalSpecReplicas, replicas - newRSReplicas);
  return newRSReplicas + Math.max(0, scaleUp);
}

/**
 * maxOldScaleDown is how many old pods may go: all spec replicas − (replicas −
 * maxUnavailable) − the new RS's not-yet-available pods (they may never come up,
 * so they cannot count toward availability).
 */
export function maxOldScaleDown(totalSpecReplicas: number, replicas: number, maxUnavailable: number, newRSSpec: number, newRSAvailable: number): number {
  const minAvailable = replicas - maxUnavailable;
  const newRSUnavailable = newRSSpec - newRSAvailable;
  return totalSpecReplicas - minAvailable - newRSUnavailable;
}

/** healthyScaleDownBudget is how many available old pods may go while keeping replicas − maxUnavailable available. */
export function healthyScaleDownBudget(totalAvailable: number, replicas: number, maxUnavailable: number): number {
  return Math.max(0, totalAvailable - (replicas - maxUnavailable));
}

/**
 * replicaSetFraction is how much one RS grows or shrinks when a Deployment in
 * mid-rollout is scaled: its share of the new maximum in proportion to the
 * maximum it was sized for (annotation max-replicas), rounded half away from zero.
 */
export function replicaSetFraction(rsReplicas: number, deploymentReplicas: number, maxSurge: number, annotatedMaxReplicas: number): number {
  if (deploymentReplicas === 0) return -rsReplicas;
  const deploymentMax = deploymentReplicas + maxSurge;
  if (annotatedMaxReplicas === 0) return 0;
  const size = (rsReplicas * deploymentMax) / annotatedMaxReplicas;
  return Math.sign(size) * Math.round(Math.abs(size)) - rsReplicas;
}
