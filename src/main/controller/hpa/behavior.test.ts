import { describe, expect, it } from 'vitest';
import { boundByRate, defaultBehavior, stabilize } from './behavior';

const NOW = 1_000_000;
const rules = defaultBehavior(undefined, 300);

describe('defaultBehavior', () => {
  it("fills Kubernetes' defaults and keeps what is set", () => {
    expect(rules.scaleUp).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] });
    expect(rules.scaleDown).toEqual({ stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(defaultBehavior({ scaleDown: { stabilizationWindowSeconds: 5 } }, 300).scaleDown.stabilizationWindowSeconds).toBe(5);
    expect(defaultBehavior(undefined, 10).scaleDown.stabilizationWindowSeconds).toBe(10);
  });
});

describe('stabilize', () => {
  it.each([
    ['scale-up is immediate (window 0)', 2, 5, [{ replicas: 2, timeMs: NOW - 1000 }], 5],
    ['scale-down waits for the highest recommendation of the window', 5, 1, [{ replicas: 5, timeMs: NOW - 100_000 }, { replicas: 3, timeMs: NOW - 50_000 }], 5],
    ['scale-down to the highest recent one', 5, 1, [{ replicas: 3, timeMs: NOW - 100_000 }], 3],
    ['recommendations past the window no longer hold it', 5, 1, [{ replicas: 5, timeMs: NOW - 400_000 }], 1],
  ])('%s', (_n, current, rec, history, want) => {
    expect(stabilize(current, rec, history, rules, NOW)).toBe(want);
  });
});

describe('boundByRate', () => {
  it.each([
    ['1 → 10 limited to max(2×, +4) = 5', 1, 10, 1, 10, [], 5, 'ScaleUpLimit'],
    ['4 → 20 limited to 8 (100 %)', 4, 20, 1, 20, [], 8, 'ScaleUpLimit'],
    ['past max: max', 2, 9, 1, 3, [], 3, 'TooManyReplicas'],
    ['within range', 2, 3, 1, 5, [], 3, 'DesiredWithinRange'],
    ['a scale-up already done in the period counts', 5, 12, 1, 20, [{ change: 3, timeMs: NOW - 5000 }], 6, 'ScaleUpLimit'],
    ['below min: min', 3, 0, 1, 5, [], 1, 'TooFewReplicas'],
  ])('%s', (_n, current, desired, min, max, ups, want, reason) => {
    const out = boundByRate(current, desired, min, max, ups, [], rules, NOW);
    expect(out.replicas).toBe(want);
    expect(out.reason).toBe(reason);
  });

  it('scale-down by Pods policy with selectPolicy Min', () => {
    const r = defaultBehavior({ scaleDown: { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] } }, 0);
    expect(boundByRate(10, 1, 1, 10, [], [], r, NOW)).toMatchObject({ replicas: 9, reason: 'ScaleDownLimit' });
  });
});
