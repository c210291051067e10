import { describe, expect, it } from 'vitest';
import { healthyScaleDownBudget, maxOldScaleDown, newRSReplicasForRollingUpdate, replicaSetFraction, resolveFenceposts } from './rollout-math';

describe('resolveFenceposts (Kubernetes rounding: surge up, unavailable down, both 0 → unavailable 1)', () => {
  it.each([
    // replicas, maxSurge, maxUnavailable, surge, unavailable
    [3, undefined, undefined, 1, 0],
    [10, undefined, undefined, 3, 2],
    [1, undefined, undefined, 1, 0],
    [4, undefined, undefined, 1, 1],
    [0, undefined, undefined, 0, 1],
    [10, '25%', '25%', 3, 2],
    [10, '0%', '0%', 0, 1],
    [10, 0, 0, 0, 1],
    [10, 2, 3, 2, 3],
    [10, '50%', '10%', 5, 1],
    [7, '30%', '30%', 3, 2],
    [5, 0, '20%', 0, 1],
    [3, '100%', 0, 3, 0],
  ] as const)('replicas %s, surge %s, unavailable %s → %s and %s', (replicas, s, u, surge, unavailable) => {
    expect(resolveFenceposts(s, u, replicas)).toEqual({ surge, unavailable });
  });

  it('refuses a malformed percentage', () => {
    expect(() => resolveFenceposts('abc', undefined, 3)).toThrow(/IntOrString/);
  });
});

describe('new ReplicaSet scale-up: min(replicas + maxSurge − Σ spec, replicas − newRS)', () => {
  it.each([
    // replicas, surge, total spec, newRS spec → new newRS spec
    [10, 3, 10, 0, 3],
    [10, 3, 13, 3, 3],
    [10, 3, 11, 3, 5],
    [3, 1, 3, 0, 1],
    [3, 1, 0, 0, 3],
    [10, 3, 8, 8, 10],
    [10, 0, 9, 0, 1],
  ])('replicas %i surge %i Σ%i newRS %i → %i', (replicas, surge, total, cur, want) => {
    expect(newRSReplicasForRollingUpdate(replicas, surge, total, cur)).toBe(want);
  });
});

describe('old ReplicaSet scale-down budget', () => {
  it.each([
    // Σspec, replicas, maxUnavailable, newRS spec, newRS available → max scaled down
    [13, 10, 2, 3, 0, 2],
    [13, 10, 2, 3, 3, 5],
    [10, 10, 0, 0, 0, 0],
    [4, 3, 0, 1, 1, 1],
  ])('Σ%i replicas %i unavailable %i newRS %i/%i → %i', (total, replicas, unavail, newSpec, newAvail, want) => {
    expect(maxOldScaleDown(total, replicas, unavail, newSpec, newAvail)).toBe(want);
  });

  it('keeps replicas − maxUnavailable available', () => {
    expect(healthyScaleDownBudget(10, 10, 2)).toBe(2);
    expect(healthyScaleDownBudget(7, 10, 2)).toBe(0);
  });
});

describe('proportional scaling', () => {
  it('grows each RS in proportion to the maximum it was sized for', () => {
    // 10 replicas (max 13) mid-rollout, scaled to 20 (max 25): an RS of 6 becomes round(6·25/13)=12.
    expect(replicaSetFraction(6, 20, 5, 13)).toBe(6);
    expect(replicaSetFraction(4, 0, 0, 13)).toBe(-4);
  });
});
