import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../shared/api/apps';
import type { Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { FakeApiClient } from '../client/testing/fake-client';
import { HollowKubelet } from '../kubelet-hollow/hollow-kubelet';
import { startScheduler } from '../scheduler/component';
import { startControllerManager, type ControllerManager } from './manager';

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.reverse()) await s();
  stops = [];
});

describe('controller manager and scheduler (fake client, hollow kubelet)', () => {
  it('takes a Deployment to 3 running pods spread over 3 nodes, then cascades a foreground delete', async () => {
    const client = new FakeApiClient();
    const errors: string[] = [];
    const kubelet = new HollowKubelet(client, { nodes: 3, leaseRenewMs: 0 });
    await kubelet.start();
    stops.push(() => kubelet.stop());
    const m: ControllerManager = await startControllerManager(client, { onError: (c, k, e) => errors.push(`${c} ${k}: ${String(e)}`) });
    stops.push(() => m.stop());
    // The scheduler is a component of its own, on the manager's informers (the cluster shares one factory the same way).
    const podInformer = m.factory.informerFor<Pod>(GVR.pods);
    const s = await startScheduler(client, m.factory, { onError: (k, e) => errors.push(`default-scheduler ${k}: ${String(e)}`) });
    stops.push(() => s.stop());
    expect(m.factory.informerFor<Pod>(GVR.pods)).toBe(podInformer);
    await client.create<Deployment>(GVR.deployments, 'default', {
      metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await until(async () => (await client.get<Deployment>(GVR.deployments, 'default', 'web')).status?.availableReplicas === 3, 'deployment available');
    const pods = client.all<Pod>(GVR.pods, 'default');
    expect(pods).toHaveLength(3);
    expect(new Set(pods.map((p) => p.spec.nodeName))).toEqual(new Set(['hollow-node-0', 'hollow-node-1', 'hollow-node-2']));
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
    const events = client.all(GVR.events, 'default').map((e) => `${(e as { source?: { component?: string } }).source?.component}/${(e as { reason?: string }).reason}`);
    expect(events).toEqual(expect.arrayContaining(['deployment-controller/ScalingReplicaSet', 'replicaset-controller/SuccessfulCreate', 'default-scheduler/Scheduled']));

    await client.delete(GVR.deployments, 'default', 'web', { propagationPolicy: 'Foreground' });
    await until(() => client.all(GVR.deployments).length === 0 && client.all(GVR.replicasets).length === 0 && client.all(GVR.pods).length === 0, 'cascade');
    expect(errors.filter((e) => !/Conflict|modified/.test(e))).toEqual([]);
  });
});
