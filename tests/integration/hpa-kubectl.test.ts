/**
 * The HPA and metrics APIs as kubectl sees them, without Docker: discovery
 * lists autoscaling v2 (preferred) and v1 and metrics.k8s.io;
 * `kubectl autoscale` (which posts autoscaling/v1) creates an HPA the v2 API
 * shows with its cpu target; `kubectl get hpa` prints kubectl's columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster({});
  await tc.kubectl.ok(['create', 'deployment', 'web', '--image=busybox', '--replicas=0']);
});

afterAll(async () => {
  await tc?.stop();
});

describe('HPA through kubectl', () => {
  it('discovery serves autoscaling v2 and v1 and metrics.k8s.io/v1beta1', async () => {
    const versions = (await tc.kubectl.ok(['api-versions'])).split('\n');
    expect(versions).toEqual(expect.arrayContaining(['autoscaling/v2', 'autoscaling/v1', 'metrics.k8s.io/v1beta1']));
    const resources = await tc.kubectl.ok(['api-resources', '--api-group=metrics.k8s.io', '--no-headers']);
    expect(resources).toMatch(/nodes\s+metrics.k8s.io\/v1beta1\s+false\s+NodeMetrics/);
    expect(resources).toMatch(/pods\s+metrics.k8s.io\/v1beta1\s+true\s+PodMetrics/);
  });

  it('kubectl autoscale creates an HPA (v1) that v2 shows, and get hpa prints TARGETS', async () => {
    const out = await tc.kubectl.ok(['autoscale', 'deployment', 'web', '--cpu-percent=60', '--min=1', '--max=4']);
    expect(out.trim()).toBe('horizontalpodautoscaler.autoscaling/web autoscaled');
    const v2 = await tc.kubectl.json(['get', 'horizontalpodautoscalers.v2.autoscaling', 'web']);
    expect(v2.spec).toMatchObject({ minReplicas: 1, maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name: 'web' }, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] });
    const v1 = await tc.kubectl.json(['get', 'horizontalpodautoscalers.v1.autoscaling', 'web']);
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(60);
    const table = (await tc.kubectl.ok(['get', 'hpa'])).trim().split('\n');
    expect(table[0]!.trim().split(/\s+/)).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(table[1]).toMatch(/^web\s+Deployment\/web\s+cpu: <unknown>\/60%\s+1\s+4\s+0\s+/);
    // A v1 edit keeps what only v2 can say.
    await tc.kubectl.ok(['patch', 'horizontalpodautoscalers.v2.autoscaling', 'web', '--type=merge', '-p', '{"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}}}']);
    await tc.kubectl.ok(['patch', 'horizontalpodautoscalers.v1.autoscaling', 'web', '--type=merge', '-p', '{"spec":{"maxReplicas":6}}']);
    const after = await tc.kubectl.json(['get', 'horizontalpodautoscalers.v2.autoscaling', 'web']);
    expect(after.spec.maxReplicas).toBe(6);
    expect(after.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(30);
    await tc.kubectl.ok(['delete', 'hpa', 'web']);
  });

  it('rejects an HPA whose maxReplicas is below minReplicas', async () => {
    const r = await tc.kubectl.run(['autoscale', 'deployment', 'web', '--min=3', '--max=2']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/max/);
  });
});
