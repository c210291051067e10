import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { newHarness, type Harness } from '../controller/testing/harness';
import { fitErrorMessage } from './fit-error';
import { EXPLANATION_ANNOTATION, nodeSchedulingChanged, numFeasibleNodesToFind, Scheduler, type Explanation } from './scheduler';
import { SchedulingQueue } from './scheduling-queue';
import { FakeClock } from '../client/testing/fake-clock';

let h: Harness;
afterEach(() => h?.stop());

function node(name: string, cpu = '4', extra: Partial<Node['spec']> = {}, labels: Record<string, string> = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: { ...extra },
    status: { allocatable: { cpu, memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(name: string, cpu?: string, spec: Partial<Pod['spec']> = {}, owner?: string): Pod {
  return {
    metadata: { name, namespace: 'default', ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true }] } : {}) },
    spec: { containers: [{ name: 'c', image: 'i', ...(cpu ? { resources: { requests: { cpu } } } : {}) }], ...spec },
  };
}

async function setup(nodes: Node[], pods: Pod[] = []) {
  h = newHarness();
  h.client.seed(GVR.nodes, ...nodes);
  h.client.seed(GVR.pods, ...pods);
  const s = new Scheduler({ client: h.client, podInformer: h.informer<Pod>(GVR.pods), nodeInformer: h.informer<Node>(GVR.nodes), recorder: h.recorder, clock: h.clock });
  await h.start();
  return s;
}

/** drain runs scheduling attempts until nothing is queued and every binding landed. */
async function drain(s: Scheduler) {
  for (let i = 0; i < 1000; i++) {
    await h.settle();
    const key = s.queue.active.tryGet();
    if (key === undefined) {
      await s.idle();
      await h.settle();
      if (s.queue.active.len() === 0) return;
      continue;
    }
    try {
      await s.scheduleOne(key);
    } finally {
      s.queue.done(key);
    }
  }
  throw new Error('scheduler did not drain');
}

const nodeOf = (name: string) => h.client.peek<Pod>(GVR.pods, 'default', name)!.spec.nodeName;
const explanation = (name: string) => JSON.parse(h.client.peek<Pod>(GVR.pods, 'default', name)!.metadata.annotations![EXPLANATION_ANNOTATION]!) as Explanation;

describe('scheduler', () => {
  it('binds a pod through pods/binding with a Scheduled event and an explanation listing every node', async () => {
    const s = await setup([node('n1'), node('n2'), node('n3', '4', { unschedulable: true })], [pod('p', '1')]);
    await drain(s);
    const bind = h.client.actions.find((a) => a.verb === 'createSubresource')!;
    expect(bind).toMatchObject({ resource: 'pods', name: 'p', subresource: 'binding', body: { apiVersion: 'v1', kind: 'Binding', target: { apiVersion: 'v1', kind: 'Node' } } });
    const n = nodeOf('p');
    expect(['n1', 'n2']).toContain(n);
    expect(h.recorder.events).toContain(`Normal Scheduled Successfully assigned default/p to ${n}`);
    const e = explanation('p');
    expect(e.node).toBe(n);
    expect(e.nodes.map((v) => v.name).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(e.nodes.find((v) => v.name === 'n3')).toEqual({ name: 'n3', feasible: false, reasons: ['node(s) were unschedulable'] });
    const chosen = e.nodes.find((v) => v.name === n)!;
    expect(chosen.feasible).toBe(true);
    expect(Object.keys(chosen.scores!)).toEqual(['NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'PodTopologySpread']);
  });

  it('reports an unschedulable pod in Kubernetes form: condition, FailedScheduling event, explanation', async () => {
    const s = await setup([node('n1', '1'), node('n2', '1'), node('n3', '8', { unschedulable: true })], [pod('big', '2')]);
    await drain(s);
    const p = h.client.peek<Pod>(GVR.pods, 'default', 'big')!;
    expect(p.spec.nodeName).toBeUndefined();
    const msg = '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.';
    expect(p.status!.conditions!.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    expect(h.recorder.events).toContain(`Warning FailedScheduling ${msg}`);
    const e = explanation('big');
    expect(e.message).toBe(msg);
    expect(e.nodes).toHaveLength(3);
    expect(e.nodes.every((v) => !v.feasible)).toBe(true);
    expect(s.queue.isParked('default/big')).toBe(true);
  });

  it('schedules a parked pod once its node is uncordoned (after the back-off)', async () => {
    const s = await setup([node('n1', '4', { unschedulable: true })], [pod('p')]);
    await drain(s);
    expect(nodeOf('p')).toBeUndefined();
    await h.client.patch(GVR.nodes, undefined, 'n1', 'application/merge-patch+json', { spec: { unschedulable: null } });
    await h.settle();
    h.clock.advance(1000);
    await drain(s);
    expect(nodeOf('p')).toBe('n1');
  });

  it('schedules a parked pod when a node is added', async () => {
    const s = await setup([node('small', '1')], [pod('p', '2')]);
    await drain(s);
    expect(nodeOf('p')).toBeUndefined();
    await h.client.create(GVR.nodes, undefined, node('big', '4'));
    await h.settle();
    h.clock.advance(1000);
    await drain(s);
    expect(nodeOf('p')).toBe('big');
  });

  it('spreads 6 replicas of one owner over 3 equal nodes 2/2/2', async () => {
    const pods = Array.from({ length: 6 }, (_, i) => pod(`web-${i}`, undefined, {}, 'web'));
    const s = await setup([node('n1'), node('n2'), node('n3')], pods);
    await drain(s);
    const counts: Record<string, number> = {};
    for (const p of h.client.all<Pod>(GVR.pods)) counts[p.spec.nodeName!] = (counts[p.spec.nodeName!] ?? 0) + 1;
    expect(counts).toEqual({ n1: 2, n2: 2, n3: 2 });
  });

  it('accounts requests of bound pods: a full node is not chosen', async () => {
    const s = await setup([node('n1', '2'), node('n2', '2')], [pod('a', '1500m'), pod('b', '1500m'), pod('c', '1500m')]);
    await drain(s);
    expect(new Set([nodeOf('a'), nodeOf('b')]).size).toBe(2);
    expect(nodeOf('c')).toBeUndefined();
    expect(h.client.peek<Pod>(GVR.pods, 'default', 'c')!.status!.conditions![0]!.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    // Deleting a bound pod frees room.
    await h.client.delete(GVR.pods, 'default', 'a');
    await h.settle();
    h.clock.advance(1000);
    await drain(s);
    expect(nodeOf('c')).toBeDefined();
  });

  it('filters by taints/tolerations, nodeSelector, required node affinity and host ports', async () => {
    const tainted = node('tainted', '4', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    const ssd = node('ssd', '4', {}, { disk: 'ssd' });
    const s = await setup(
      [tainted, ssd, node('plain')],
      [
        pod('tolerant', undefined, { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }], nodeSelector: { 'kubernetes.io/hostname': 'tainted' } }),
        pod('intolerant', undefined, { nodeSelector: { 'kubernetes.io/hostname': 'tainted' } }),
        pod('wants-ssd', undefined, {
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } },
        }),
        { ...pod('port1'), spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] } },
        { ...pod('port2'), spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] } },
      ],
    );
    await drain(s);
    expect(nodeOf('tolerant')).toBe('tainted');
    expect(nodeOf('intolerant')).toBeUndefined();
    expect(h.client.peek<Pod>(GVR.pods, 'default', 'intolerant')!.status!.conditions![0]!.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector.",
    );
    expect(nodeOf('wants-ssd')).toBe('ssd');
    expect([nodeOf('port1'), nodeOf('port2')].filter(Boolean)).toEqual(['ssd']);
    const blocked = nodeOf('port1') ? 'port2' : 'port1';
    expect(explanation(blocked).nodes.find((v) => v.name === 'ssd')!.reasons).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
  });
});

describe('scheduler pieces', () => {
  it('formats FitError messages with the histogram sorted as strings', () => {
    expect(fitErrorMessage(3, [['Insufficient cpu'], ['Insufficient cpu'], ['node(s) were unschedulable']])).toBe(
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.',
    );
    expect(fitErrorMessage(2, [['Insufficient cpu', 'Insufficient memory'], ['Too many pods']])).toBe(
      '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods.',
    );
    expect(fitErrorMessage(0, [])).toBe('no nodes available to schedule pods');
  });

  it('samples nodes as Kubernetes does', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
  });

  it('wakes parked pods only for node changes a filter can see', () => {
    const a = node('n1');
    const heartbeat = structuredClone(a);
    heartbeat.status!.conditions![0]!.lastHeartbeatTime = '2026-01-01T00:00:10Z';
    expect(nodeSchedulingChanged(a, heartbeat)).toBe(false);
    expect(nodeSchedulingChanged(a, node('n1', '8'))).toBe(true);
    expect(nodeSchedulingChanged(a, node('n1', '4', { unschedulable: true }))).toBe(true);
    expect(nodeSchedulingChanged(a, node('n1', '4', {}, { zone: 'b' }))).toBe(true);
  });

  it('backs parked pods off 1 s doubling to 10 s', () => {
    const q = new SchedulingQueue({ clock: new FakeClock() });
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      q.unschedulable('p');
      seen.push(q.backoffMs('p'));
    }
    expect(seen).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
    q.shutDown();
  });
});
