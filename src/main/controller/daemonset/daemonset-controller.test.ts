import { afterEach, describe, expect, it } from 'vitest';
import type { DaemonSet } from '../../../shared/api/apps';
import type { Node, Pod, Taint } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { DaemonSetController, resolveMaxUnavailable } from './daemonset-controller';
import { daemonPodNode, nodeShouldRunDaemonPod } from './node-placement';

let h: Harness;
afterEach(() => h?.stop());

function node(name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: { taints } };
}

function dsObj(name: string, extra: Partial<DaemonSet['spec']['template']['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', generation: 1 },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    },
  };
}

async function setup(ds: DaemonSet, ...nodes: Node[]) {
  h = newHarness();
  h.client.seed(GVR.nodes, ...nodes);
  h.client.seed(GVR.daemonsets, ds);
  const ctrl = new DaemonSetController({
    client: h.client,
    dsInformer: h.informer<DaemonSet>(GVR.daemonsets),
    podInformer: h.informer<Pod>(GVR.pods),
    nodeInformer: h.informer<Node>(GVR.nodes),
    recorder: h.recorder,
    clock: h.clock,
  });
  await h.start();
  return ctrl;
}

const live = () => h.client.all<Pod>(GVR.pods).filter((p) => !p.metadata.deletionTimestamp);
const placed = () => live().map((p) => daemonPodNode(p)).sort();

async function makeReady() {
  for (const p of live()) {
    if (p.status?.phase === 'Running') continue;
    await h.client.updateStatus<Pod>(GVR.pods, 'default', { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } } as Pod);
  }
}

describe('DaemonSet controller', () => {
  it('puts one pod on each node, pinned by node affinity and tolerating the daemon taints; a new node gets one too', async () => {
    const ctrl = await setup(dsObj('agent'), node('a'), node('b'), node('c'));
    await converge(h, [ctrl]);
    expect(placed()).toEqual(['a', 'b', 'c']);
    const p = live()[0]!;
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [daemonPodNode(p)] }] }]);
    expect(p.spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' });
    expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent', controller: true });

    h.client.seed(GVR.nodes, node('d'));
    await converge(h, [ctrl]);
    expect(placed()).toEqual(['a', 'b', 'c', 'd']);
    await makeReady();
    await converge(h, [ctrl]);
    const ds = h.client.peek<DaemonSet>(GVR.daemonsets, 'default', 'agent')!;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, updatedNumberScheduled: 4, numberAvailable: 4, numberMisscheduled: 0 });
  });

  it('a node selector limits the nodes; relabelling a node moves the pod off it; an untolerated taint keeps it off', async () => {
    const ctrl = await setup(dsObj('ssd', { nodeSelector: { disk: 'ssd' } }), node('a', { disk: 'ssd' }), node('b'), node('c', { disk: 'ssd' }, [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]));
    await converge(h, [ctrl]);
    expect(placed()).toEqual(['a']);
    await h.client.patch(GVR.nodes, undefined, 'a', 'application/merge-patch+json', { metadata: { labels: { disk: null } } });
    await converge(h, [ctrl]);
    expect(placed()).toEqual([]);
    expect(h.recorder.events.some((e) => e.startsWith('Normal SuccessfulDelete'))).toBe(true);
  });

  it('rolls a template change out one node at a time (maxUnavailable 1)', async () => {
    const ctrl = await setup(dsObj('roll'), node('a'), node('b'), node('c'));
    await converge(h, [ctrl]);
    await makeReady();
    await converge(h, [ctrl]);
    const old = new Set(live().map((p) => p.metadata.name));
    const ds = h.client.peek<DaemonSet>(GVR.daemonsets, 'default', 'roll')!;
    await h.client.update<DaemonSet>(GVR.daemonsets, 'default', { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { containers: [{ name: 'c', image: 'busybox:2' }] } } } });
    await converge(h, [ctrl]);
    // One old pod went; its node got a new one; the other two wait until it is ready.
    expect(live().filter((p) => old.has(p.metadata.name))).toHaveLength(2);
    for (let i = 0; i < 5; i++) {
      await makeReady();
      await converge(h, [ctrl]);
    }
    expect(live().filter((p) => old.has(p.metadata.name))).toHaveLength(0);
    expect(placed()).toEqual(['a', 'b', 'c']);
    expect(live().every((p) => p.spec.containers[0]!.image === 'busybox:2')).toBe(true);
  });

  it('placement helpers: daemon tolerations cover unschedulable and not-ready; maxUnavailable percentages round up', () => {
    const tpl = dsObj('x').spec.template;
    expect(nodeShouldRunDaemonPod(node('n', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), tpl)).toBe(true);
    expect(nodeShouldRunDaemonPod(node('n', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), tpl)).toBe(true);
    expect(nodeShouldRunDaemonPod(node('n', {}, [{ key: 'gpu', effect: 'NoExecute' }]), tpl)).toBe(false);
    expect(resolveMaxUnavailable('10%', 4)).toBe(1);
    expect(resolveMaxUnavailable('50%', 5)).toBe(3);
  });
});
