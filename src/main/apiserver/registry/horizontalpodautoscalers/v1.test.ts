import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../../../../shared/api/autoscaling';
import { toV1, toV2 } from './v1';

const v2: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'h', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    ],
    behavior: { scaleDown: { stabilizationWindowSeconds: 10 } },
  },
  status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '150m' } } }] },
};

describe('autoscaling/v1 conversion', () => {
  it('v2 → v1 keeps the cpu target and current utilisation', () => {
    expect(toV1(v2)).toMatchObject({
      apiVersion: 'autoscaling/v1',
      spec: { minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
      status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 },
    });
  });

  it('v1 → v2 over the stored object keeps v2-only metrics and behavior', () => {
    const back = toV2({ ...toV1(v2), spec: { ...toV1(v2).spec, targetCPUUtilizationPercentage: 60 } }, v2);
    expect(back.apiVersion).toBe('autoscaling/v2');
    expect(back.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    ]);
    expect(back.spec.behavior).toEqual(v2.spec.behavior);
  });

  it('a new v1 object without a target gets no metrics (the v2 default of 80 % applies)', () => {
    expect(toV2({ metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 2 } }).spec.metrics).toBeUndefined();
  });
});
