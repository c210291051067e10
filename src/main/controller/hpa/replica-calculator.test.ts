import { describe, expect, it } from 'vitest';
import { calcReplicas, CalcError, type PodSample, type Usage } from './replica-calculator';

const NOW = 10_000_000;
const pod = (name: string, over: Partial<PodSample> = {}): PodSample => ({
  name,
  phase: 'Running',
  deleting: false,
  ready: { status: 'True', lastTransitionMs: NOW - 600_000 },
  startTimeMs: NOW - 700_000,
  request: 0.2,
  ...over,
});
const use = (value: number, timestampMs = NOW): Usage => ({ value, timestampMs, windowMs: 1000 });

describe('calcReplicas (Utilization, cpu, target 50 %)', () => {
  const target = { type: 'Utilization' as const, averageUtilization: 50 };
  it.each([
    ['at target: no change', 2, [pod('a'), pod('b')], { a: 0.1, b: 0.1 }, 2, 50],
    ['within the 10 % tolerance: no change', 2, [pod('a'), pod('b')], { a: 0.108, b: 0.108 }, 2, 54],
    ['150 % of target on 2 pods: 3', 2, [pod('a'), pod('b')], { a: 0.15, b: 0.15 }, 3, 75],
    ['one pod at 100 %: 2', 1, [pod('a')], { a: 0.2 }, 2, 100],
    ['idle: down to ceil(ratio × ready)', 4, [pod('a'), pod('b'), pod('c'), pod('d')], { a: 0.01, b: 0.01, c: 0.01, d: 0.01 }, 1, 5],
    ['a pod being deleted is ignored', 2, [pod('a'), pod('b', { deleting: true })], { a: 0.2, b: 0 }, 2, 100],
    ['scale-up: a pod without metrics counts as 0', 2, [pod('a'), pod('b')], { a: 0.3 }, 3, 150],
    ['scale-down: a pod without metrics counts as 100 % of its request', 3, [pod('a'), pod('b'), pod('c')], { a: 0.01, b: 0.01 }, 3, 5],
    ['scale-up: a pending pod counts as 0', 2, [pod('a'), pod('b', { phase: 'Pending' })], { a: 0.3 }, 3, 150],
    ['scale-up: an unready pod within initialisation counts as 0', 2, [pod('a'), pod('b', { startTimeMs: NOW - 10_000, ready: { status: 'False', lastTransitionMs: NOW - 10_000 } })], { a: 0.3, b: 0.3 }, 3, 150],
    ['scale-down: unready pods are left out (no change from them)', 2, [pod('a'), pod('b', { startTimeMs: NOW - 10_000, ready: { status: 'False', lastTransitionMs: NOW - 10_000 } })], { a: 0.05, b: 0.3 }, 1, 25],
  ])('%s', (_n, current, pods, usage, want, utilization) => {
    const out = calcReplicas({ resource: 'cpu', currentReplicas: current, pods, usage: new Map(Object.entries(usage).map(([k, v]) => [k, use(v)])), target, now: NOW });
    expect(out.replicas).toBe(want);
    expect(out.utilization).toBe(utilization);
  });

  it('fails without pods, without metrics, or with a container missing its request', () => {
    const run = (pods: PodSample[], usage: Record<string, number>) => () => calcReplicas({ resource: 'cpu', currentReplicas: 1, pods, usage: new Map(Object.entries(usage).map(([k, v]) => [k, use(v)])), target, now: NOW });
    expect(run([], {})).toThrow(CalcError);
    expect(run([pod('a')], {})).toThrow(/did not receive metrics/);
    expect(run([pod('a', { request: undefined, missingRequestIn: 'web' } as Partial<PodSample>)], { a: 1 })).toThrow(/missing request for cpu in container web of Pod a/);
  });
});

describe('calcReplicas (AverageValue)', () => {
  it.each([
    ['memory at twice the average: double', 2, { a: 200, b: 200 }, 4],
    ['memory within tolerance', 2, { a: 105, b: 95 }, 2],
    ['memory far below: shrink', 4, { a: 10, b: 10, c: 10, d: 10 }, 1],
  ])('%s', (_n, current, usage, want) => {
    const pods = Object.keys(usage).map((n) => pod(n));
    const out = calcReplicas({ resource: 'memory', currentReplicas: current, pods, usage: new Map(Object.entries(usage).map(([k, v]) => [k, use(v)])), target: { type: 'AverageValue', averageValue: 100 }, now: NOW });
    expect(out.replicas).toBe(want);
  });
});
