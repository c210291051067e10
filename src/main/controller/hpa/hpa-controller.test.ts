import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../../shared/api/apps';
import type { HorizontalPodAutoscaler } from '../../../shared/api/autoscaling';
import type { Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { newHarness, type Harness } from '../testing/harness';
import { HPAController } from './hpa-controller';
import type { Usage } from './replica-calculator';

let h: Harness;
afterEach(() => h?.stop());

const hpa: HorizontalPodAutoscaler = {
  metadata: { name: 'web', namespace: 'default', generation: 1 },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
};

function deployment(replicas: number): Deployment {
  return {
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  };
}

function pod(name: string, now: number): Pod {
  const t = new Date(now - 600_000).toISOString();
  return {
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '200m' } } }] },
    status: { phase: 'Running', startTime: t, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] },
  };
}

async function setup(replicas: number, usage: Map<string, Usage>, downscaleStabilizationSeconds = 300) {
  h = newHarness();
  h.client.seed(GVR.horizontalpodautoscalers, hpa);
  h.client.seed(GVR.deployments, deployment(replicas));
  for (let i = 0; i < replicas; i++) h.client.seed(GVR.pods, pod(`web-${i}`, h.clock.now()));
  const ctrl = new HPAController({
    client: h.client,
    hpaInformer: h.informer<HorizontalPodAutoscaler>(GVR.horizontalpodautoscalers),
    podInformer: h.informer<Pod>(GVR.pods),
    usage: async () => usage,
    recorder: h.recorder,
    clock: h.clock,
    downscaleStabilizationSeconds,
  });
  await h.start();
  return ctrl;
}

const replicas = () => h.client.all<Deployment>(GVR.deployments)[0]!.spec.replicas;
const status = () => h.client.all<HorizontalPodAutoscaler>(GVR.horizontalpodautoscalers)[0]!.status!;
const cond = (type: string) => status().conditions?.find((c) => c.type === type);

describe('HPAController', () => {
  it('scales up through the scale subresource, with the reason, status and conditions', async () => {
    const now = Date.now();
    const ctrl = await setup(2, new Map([['web-0', { value: 0.15, timestampMs: now, windowMs: 1000 }], ['web-1', { value: 0.15, timestampMs: now, windowMs: 1000 }]]));
    await ctrl.sync('default/web');
    expect(replicas()).toBe(3);
    expect(h.client.actions.some((a) => a.verb === 'patch' && a.subresource === 'scale')).toBe(true);
    expect(h.recorder.events).toContain('Normal SuccessfulRescale New size: 3; reason: cpu resource utilization (percentage of request) above target');
    expect(status()).toMatchObject({ currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '150m' } } }] });
    expect(cond('AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale' });
    expect(cond('ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(cond('ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
  });

  it('holds a scale-down for the stabilisation window, then scales down', async () => {
    const usage = new Map<string, Usage>();
    const ctrl = await setup(3, usage, 60);
    const fill = (v: number) => {
      for (const n of ['web-0', 'web-1', 'web-2']) usage.set(n, { value: v, timestampMs: h.clock.now(), windowMs: 1000 });
    };
    fill(0.1); // at target: recommendation 3
    await ctrl.sync('default/web');
    fill(0.001); // idle: recommendation 1, held by the earlier 3
    h.clock.advance(15_000);
    await ctrl.sync('default/web');
    expect(replicas()).toBe(3);
    expect(cond('AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });
    h.clock.advance(60_000);
    fill(0.001);
    await ctrl.sync('default/web');
    expect(replicas()).toBe(1);
    expect(h.recorder.events.at(-1)).toBe('Normal SuccessfulRescale New size: 1; reason: All metrics below target');
  });

  it('reports ScalingActive=False without metrics, and brings the count into min/max', async () => {
    const ctrl = await setup(2, new Map());
    await ctrl.sync('default/web');
    expect(replicas()).toBe(2);
    expect(cond('ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    await h.client.patch(GVR.deployments, 'default', 'web', 'application/merge-patch+json', { spec: { replicas: 9 } });
    await ctrl.sync('default/web');
    expect(replicas()).toBe(5);
    expect(h.recorder.events.at(-1)).toBe('Normal SuccessfulRescale New size: 5; reason: Current number of replicas above Spec.MaxReplicas');
  });
});
