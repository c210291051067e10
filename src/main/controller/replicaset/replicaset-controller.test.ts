import { afterEach, describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../../shared/api/apps';
import type { Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { ApiError } from '../../../shared/errors';
import { drainQueue } from '../../client/worker';
import { newHarness, type Harness } from '../testing/harness';
import { comparePodsForDeletion, podsToDelete } from './pod-ranking';
import { ReplicaSetController, slowStartBatch } from './replicaset-controller';

let h: Harness;
afterEach(() => h?.stop());

function rsObj(name: string, replicas: number, extra: Partial<ReplicaSet['spec']> = {}): ReplicaSet {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      ...extra,
    },
  };
}

async function setup(...rss: ReplicaSet[]) {
  h = newHarness();
  for (const rs of rss) h.client.seed(GVR.replicasets, rs);
  const ctrl = new ReplicaSetController({
    client: h.client,
    rsInformer: h.informer<ReplicaSet>(GVR.replicasets),
    podInformer: h.informer<Pod>(GVR.pods),
    recorder: h.recorder,
    clock: h.clock,
  });
  await h.start();
  return ctrl;
}

const pods = (app: string) => h.client.all<Pod>(GVR.pods).filter((p) => p.metadata.labels?.app === app);
const creates = () => h.client.actions.filter((a) => a.verb === 'create' && a.resource === 'pods').length;

async function converge(ctrl: ReplicaSetController) {
  for (let i = 0; i < 10; i++) {
    await h.settle();
    if (ctrl.queue.len() === 0) return;
    await drainQueue(ctrl.queue, (k) => ctrl.sync(k));
  }
}

describe('ReplicaSet controller', () => {
  it('creates the missing pods with generateName, a controller ownerReference and SuccessfulCreate events', async () => {
    const ctrl = await setup(rsObj('web', 3));
    await converge(ctrl);
    const ps = pods('web');
    expect(ps).toHaveLength(3);
    const rs = h.client.peek<ReplicaSet>(GVR.replicasets, 'default', 'web')!;
    for (const p of ps) {
      expect(p.metadata.name).toMatch(/^web-/);
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    expect(h.recorder.events.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: web-'))).toHaveLength(3);
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 0, availableReplicas: 0, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('expectations stop a second sync from creating again before the watch shows the pods', async () => {
    const ctrl = await setup(rsObj('web', 3));
    h.client.holdWatches();
    await ctrl.sync('default/web');
    expect(ctrl.expectations.satisfied('default/web')).toBe(false);
    // The cache has not seen the pods yet: a naive controller would create 3 more.
    await ctrl.sync('default/web');
    expect(creates()).toBe(3);
    h.client.releaseWatches();
    await h.settle();
    expect(ctrl.expectations.satisfied('default/web')).toBe(true);
    await ctrl.sync('default/web');
    expect(creates()).toBe(3);
  });

  it('expectations expire after 5 minutes', async () => {
    const ctrl = await setup(rsObj('web', 1));
    ctrl.expectations.expectCreations('default/web', 1);
    expect(ctrl.expectations.satisfied('default/web')).toBe(false);
    h.clock.advance(5 * 60_000 + 1);
    expect(ctrl.expectations.satisfied('default/web')).toBe(true);
  });

  it('replaces a deleted pod', async () => {
    const ctrl = await setup(rsObj('web', 2));
    await converge(ctrl);
    const [victim] = pods('web');
    await h.client.delete(GVR.pods, 'default', victim!.metadata.name!);
    await converge(ctrl);
    const now = pods('web');
    expect(now).toHaveLength(2);
    expect(now.map((p) => p.metadata.name)).not.toContain(victim!.metadata.name);
  });

  it('creates in slow-start batches 1, 2, 4 and stops after a failing batch', async () => {
    let calls = 0;
    const res = await slowStartBatch(10, 1, async () => {
      calls++;
      if (calls === 5) throw new Error('quota');
    });
    // Batches 1 and 2 succeed; the batch of 4 has one failure; nothing after it.
    expect(calls).toBe(7);
    expect(res.successes).toBe(6);
    expect((res.error as Error).message).toBe('quota');
  });

  it('lowers expectations for failed creates and reports ReplicaFailure + FailedCreate', async () => {
    const ctrl = await setup(rsObj('web', 3));
    const forbidden = new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403, reason: 'Forbidden', message: 'exceeded quota' });
    h.client.failNext('create', forbidden, { resource: 'pods' });
    await expect(ctrl.sync('default/web')).rejects.toThrow('exceeded quota');
    expect(creates()).toBe(1);
    expect(ctrl.expectations.pending('default/web')).toEqual({ add: 0, del: 0 });
    expect(h.recorder.events).toContain('Warning FailedCreate Error creating: exceeded quota');
    const rs = h.client.peek<ReplicaSet>(GVR.replicasets, 'default', 'web')!;
    expect(rs.status?.conditions?.[0]).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
  });

  it('adopts a matching orphan and releases an owned pod that stops matching', async () => {
    h = newHarness();
    const ctrl0 = await setup(rsObj('web', 2));
    void ctrl0;
    await h.client.create<Pod>(GVR.pods, 'default', { metadata: { name: 'orphan', labels: { app: 'web' } }, spec: { containers: [] } });
    await converge(ctrl0);
    const orphan = h.client.peek<Pod>(GVR.pods, 'default', 'orphan')!;
    expect(orphan.metadata.ownerReferences?.[0]?.name).toBe('web');
    expect(creates()).toBe(2); // the orphan + one new pod (the first create is the test's own)
    await h.client.patch(GVR.pods, 'default', 'orphan', 'application/merge-patch+json', { metadata: { labels: { app: 'other' } } });
    await converge(ctrl0);
    expect(h.client.peek<Pod>(GVR.pods, 'default', 'orphan')!.metadata.ownerReferences).toBeUndefined();
    expect(pods('web')).toHaveLength(2);
  });

  it('scales down in Kubernetes ranking order and emits SuccessfulDelete', async () => {
    const ctrl = await setup(rsObj('web', 5));
    await converge(ctrl);
    const names = pods('web').map((p) => p.metadata.name!).sort();
    // Give the pods distinct states: [0] unscheduled, [1] Pending on n1, [2] Running not ready, [3] Running ready, [4] Running ready.
    const t = (s: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + s * 1000).toISOString();
    const set = async (name: string, nodeName: string | undefined, phase: string | undefined, readySince?: number) => {
      if (nodeName) await h.client.patch(GVR.pods, 'default', name, 'application/merge-patch+json', { spec: { nodeName } });
      if (phase)
        await h.client.patch(GVR.pods, 'default', name, 'application/merge-patch+json', {
          status: { phase, conditions: [{ type: 'Ready', status: readySince !== undefined ? 'True' : 'False', lastTransitionTime: t(readySince ?? 0) }] },
        }, { subresource: 'status' });
    };
    await set(names[1]!, 'n1', 'Pending');
    await set(names[2]!, 'n1', 'Running');
    await set(names[3]!, 'n2', 'Running', 10);
    await set(names[4]!, 'n3', 'Running', 20);
    await h.settle();
    await h.client.patch(GVR.replicasets, 'default', 'web', 'application/merge-patch+json', { spec: { replicas: 2 } });
    h.client.clearActions();
    await converge(ctrl);
    const deleted = h.client.actions.filter((a) => a.verb === 'delete').map((a) => a.name);
    expect(deleted).toEqual([names[0], names[1], names[2]]);
    expect(h.recorder.events.filter((e) => e.startsWith('Normal SuccessfulDelete'))).toHaveLength(3);
    await h.client.patch(GVR.replicasets, 'default', 'web', 'application/merge-patch+json', { spec: { replicas: 1 } });
    h.client.clearActions();
    await converge(ctrl);
    // Of two ready Running pods, the more recently ready one goes first.
    expect(h.client.actions.filter((a) => a.verb === 'delete').map((a) => a.name)).toEqual([names[4]]);
  });

  it('ranks: deletion cost, doubled-up nodes, restarts, newer first', () => {
    const base = (name: string, extra: Partial<Pod['metadata']> = {}, node = 'n1', restarts = 0, created = 0): Pod => ({
      metadata: { name, creationTimestamp: new Date(created * 1000).toISOString(), ...extra },
      spec: { containers: [], nodeName: node },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(0).toISOString() }], containerStatuses: [{ name: 'c', ready: true, restartCount: restarts, image: '', imageID: '' }] },
    });
    const cheap = base('cheap', { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-10' } });
    const normal = base('normal');
    expect(comparePodsForDeletion(cheap, 0, normal, 0)).toBeLessThan(0);
    // Doubled up: the pod on the crowded node goes first.
    expect(comparePodsForDeletion(base('a'), 3, base('b'), 1)).toBeLessThan(0);
    expect(comparePodsForDeletion(base('r', {}, 'n1', 5), 0, base('s', {}, 'n1', 1), 0)).toBeLessThan(0);
    expect(comparePodsForDeletion(base('new', {}, 'n1', 0, 100), 0, base('old', {}, 'n1', 0, 1), 0)).toBeLessThan(0);
    const a = base('a', {}, 'n1');
    const b = base('b', {}, 'n1');
    const c = base('c', {}, 'n2');
    expect(podsToDelete([a, c], [a, b, c], 1).map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('counts available replicas after minReadySeconds and requeues to look again', async () => {
    const ctrl = await setup(rsObj('web', 1, { minReadySeconds: 10 }));
    await converge(ctrl);
    const [p] = pods('web');
    await h.client.patch(GVR.pods, 'default', p!.metadata.name!, 'application/merge-patch+json', {
      spec: { nodeName: 'n1' },
    });
    await h.client.patch(GVR.pods, 'default', p!.metadata.name!, 'application/merge-patch+json', {
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(h.clock.now()).toISOString() }] },
    }, { subresource: 'status' });
    await converge(ctrl);
    let rs = h.client.peek<ReplicaSet>(GVR.replicasets, 'default', 'web')!;
    expect(rs.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 0 });
    expect(ctrl.queue.len()).toBe(0);
    h.clock.advance(10_000);
    expect(ctrl.queue.len()).toBe(1);
    await converge(ctrl);
    rs = h.client.peek<ReplicaSet>(GVR.replicasets, 'default', 'web')!;
    expect(rs.status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });
});
