import { describe, expect, it } from 'vitest';
import { refusal, simplePatch } from './patches';

describe('simplePatch', () => {
  const now = new Date('2026-12-02T10:00:00.123Z');
  it('is the change each kubectl command makes', () => {
    expect(simplePatch('pause', now)).toEqual({ spec: { paused: true } });
    expect(simplePatch('resume', now)).toEqual({ spec: { paused: null } });
    expect(simplePatch('cordon', now)).toEqual({ spec: { unschedulable: true } });
    expect(simplePatch('uncordon', now)).toEqual({ spec: { unschedulable: null } });
    expect(simplePatch('restart', now)).toEqual({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-02T10:00:00Z' } } } } });
    expect(simplePatch('power-off', now)).toEqual({ metadata: { annotations: { 'kubedeck.io/power': 'off' } } });
  });
  it('refuses actions that are not one patch', () => {
    expect(() => simplePatch('drain', now)).toThrow('drain is not a one-step action');
  });
});

describe('refusal', () => {
  const dep = (paused: boolean) => ({ kind: 'Deployment', metadata: { name: 'web' }, spec: { paused } });
  it('refuses what kubectl refuses', () => {
    expect(refusal('restart', dep(true))).toBe("can't restart paused deployment (run rollout resume first)");
    expect(refusal('restart', dep(false))).toBeUndefined();
    expect(refusal('pause', dep(true))).toBe('deployment.apps/web is already paused');
    expect(refusal('resume', dep(false))).toBe('deployment.apps/web is not paused');
    expect(refusal('resume', dep(true))).toBeUndefined();
  });
});
