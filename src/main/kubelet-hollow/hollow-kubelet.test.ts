import { afterEach, describe, expect, it } from 'vitest';
import type { Node } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { FakeApiClient } from '../client/testing/fake-client';
import { HollowKubelet } from './hollow-kubelet';

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.reverse()) await s();
  stops = [];
});

async function until(pred: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 5 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('hollow kubelet', () => {
  it('posts a node status again when the stored Ready condition is not True (as the lifecycle controller leaves it after late leases)', async () => {
    const client = new FakeApiClient();
    const kubelet = new HollowKubelet(client, { nodes: 2, leaseRenewMs: 0 });
    await kubelet.start();
    stops.push(() => kubelet.stop());
    const node = await client.get<Node>(GVR.nodes, undefined, 'hollow-node-1');
    expect(ready(node)).toBe('True');
    const conditions = node.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown' as const, reason: 'NodeStatusUnknown' } : c));
    await client.updateStatus<Node>(GVR.nodes, undefined, { ...node, status: { ...node.status, conditions } });
    await until(async () => ready(await client.get<Node>(GVR.nodes, undefined, 'hollow-node-1')) === 'True', 'Ready again');
    expect(ready(await client.get<Node>(GVR.nodes, undefined, 'hollow-node-0'))).toBe('True');
  });
});
