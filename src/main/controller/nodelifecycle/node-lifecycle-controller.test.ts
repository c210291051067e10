import { afterEach, describe, expect, it } from 'vitest';
import type { Lease } from '../../../shared/api/coordination';
import type { Node, Pod, Toleration } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { NODE_REASON_RUNTIME_UNREACHABLE } from '../../../shared/api/core';
import { NodeLifecycleController, TAINT_NOT_READY, TAINT_UNREACHABLE } from './node-lifecycle-controller';
import { tolerates } from './taints';

let h: Harness;
afterEach(() => h?.stop());

const iso = () => new Date(h.clock.now()).toISOString();

async function setup(defaultTolerationSeconds = 300) {
  h = newHarness();
  h.client.seed(GVR.nodes, {
    metadata: { name: 'n1' },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: iso(), lastTransitionTime: iso() }] },
  } as Node);
  h.client.seed(GVR.leases, { metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: iso() } } as Lease);
  const pod = (name: string, tolerations?: Toleration[]): Pod => ({
    metadata: { name, namespace: 'default' },
    spec: { containers: [], nodeName: 'n1', ...(tolerations ? { tolerations } : {}) },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  h.client.seed(
    GVR.pods,
    pod('plain'),
    pod('forever', [{ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]),
    pod('short', [{ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }]),
  );
  const nlc = new NodeLifecycleController({
    client: h.client,
    nodeInformer: h.informer<Node>(GVR.nodes),
    leaseInformer: h.informer<Lease>(GVR.leases),
    podInformer: h.informer<Pod>(GVR.pods),
    recorder: h.recorder,
    clock: h.clock,
    gracePeriodMs: 40_000,
    defaultTolerationSeconds,
  });
  await h.start();
  await converge(h, [nlc]);
  return nlc;
}

const node = () => h.client.peek<Node>(GVR.nodes, undefined, 'n1')!;
const ready = () => node().status!.conditions!.find((c) => c.type === 'Ready')!;
const podNames = () => h.client.all<Pod>(GVR.pods).map((p) => p.metadata.name).sort();

async function tick(nlc: NodeLifecycleController, ms: number) {
  h.clock.advance(ms);
  nlc.monitor();
  await converge(h, [nlc]);
}

describe('node lifecycle controller', () => {
  it('keeps a node Ready while its lease is renewed', async () => {
    const nlc = await setup();
    for (let i = 0; i < 5; i++) {
      h.clock.advance(10_000);
      await h.client.patch(GVR.leases, 'kube-node-lease', 'n1', 'application/merge-patch+json', { spec: { renewTime: iso() } });
      await tick(nlc, 0);
    }
    expect(ready().status).toBe('True');
    expect(node().spec?.taints ?? []).toEqual([]);
  });

  it('marks a silent node Unknown after the grace period, taints it unreachable and its pods not ready', async () => {
    const nlc = await setup();
    await tick(nlc, 39_000);
    expect(ready().status).toBe('True');
    await tick(nlc, 2_000);
    expect(ready()).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node().spec!.taints!.map((t) => `${t.key}:${t.effect}`).sort()).toEqual([`${TAINT_UNREACHABLE}:NoExecute`, `${TAINT_UNREACHABLE}:NoSchedule`]);
    const p = h.client.peek<Pod>(GVR.pods, 'default', 'plain')!;
    expect(p.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('False');
    expect(h.recorder.events).toContain('Normal NodeNotReady Node n1 status is now: NodeNotReady');
  });

  it('evicts pods after their tolerationSeconds (default 300 s, configurable); unbounded tolerations stay', async () => {
    const nlc = await setup(60);
    await tick(nlc, 41_000); // tainted now
    expect(podNames()).toEqual(['forever', 'plain', 'short']);
    await tick(nlc, 10_000);
    expect(podNames()).toEqual(['forever', 'plain']);
    await tick(nlc, 45_000);
    expect(podNames()).toEqual(['forever', 'plain']);
    await tick(nlc, 6_000);
    expect(podNames()).toEqual(['forever']);
    expect(h.recorder.events).toContain('Normal TaintManagerEviction Marking for deletion Pod default/plain');
  });

  it('removes the taints when the kubelet reports Ready again', async () => {
    const nlc = await setup();
    await tick(nlc, 41_000);
    expect(node().spec!.taints).toHaveLength(2);
    const n = node();
    n.status!.conditions = [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: iso(), lastTransitionTime: iso() }];
    await h.client.updateStatus(GVR.nodes, undefined, n);
    await tick(nlc, 0);
    expect(node().spec!.taints).toEqual([]);
  });

  it('a node whose container engine is unreachable stops scheduling but keeps its pods (NoSchedule only)', async () => {
    const nlc = await setup(60);
    const n = node();
    n.status!.conditions = [{ type: 'Ready', status: 'False', reason: NODE_REASON_RUNTIME_UNREACHABLE, message: 'cannot reach the Docker engine', lastHeartbeatTime: iso(), lastTransitionTime: iso() }];
    await h.client.updateStatus(GVR.nodes, undefined, n);
    for (let i = 0; i < 12; i++) {
      h.clock.advance(10_000);
      await h.client.patch(GVR.leases, 'kube-node-lease', 'n1', 'application/merge-patch+json', { spec: { renewTime: iso() } });
      await tick(nlc, 0);
    }
    expect(node().spec!.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual([`${TAINT_NOT_READY}:NoSchedule`]);
    expect(podNames()).toEqual(['forever', 'plain', 'short']);
    // Kept, but no longer ready: Services stop sending them traffic while the engine is away.
    for (const name of podNames()) {
      const c = h.client.peek<Pod>(GVR.pods, 'default', name!)!.status!.conditions!.find((x) => x.type === 'Ready')!;
      expect(c).toMatchObject({ status: 'False', reason: 'NodeNotReady' });
    }
  });

  it('a node NotReady for another reason gets NoExecute and its pods are evicted', async () => {
    const nlc = await setup(60);
    const n = node();
    n.status!.conditions = [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', lastHeartbeatTime: iso(), lastTransitionTime: iso() }];
    await h.client.updateStatus(GVR.nodes, undefined, n);
    await tick(nlc, 0);
    expect(node().spec!.taints!.map((t) => `${t.key}:${t.effect}`).sort()).toEqual([`${TAINT_NOT_READY}:NoExecute`, `${TAINT_NOT_READY}:NoSchedule`]);
    for (let i = 0; i < 7; i++) {
      h.clock.advance(10_000);
      await h.client.patch(GVR.leases, 'kube-node-lease', 'n1', 'application/merge-patch+json', { spec: { renewTime: iso() } });
      await tick(nlc, 0);
    }
    // None of the three tolerates not-ready, so all go after the default 60 s.
    expect(podNames()).toEqual([]);
  });

  it('matches tolerations as Kubernetes does', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
    expect(tolerates({ key: 'k', operator: 'Equal', value: 'v' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', value: 'v' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', operator: 'Equal', value: 'x' }, taint)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
  });
});
