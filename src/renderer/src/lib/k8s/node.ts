/** Nodes: shape, readiness and allocation (requests of the node's pods against its allocatable). */
import type { Node, Pod } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { parseQuantity } from '../../../../shared/quantity';
import { isPodActive, podRequests } from './pod';

export type { Node };
export const NODE_GVR = GVR.nodes;

/** nodeReady returns the Ready condition as "Ready", "NotReady" or "Unknown". */
export function nodeReady(node: Node): 'Ready' | 'NotReady' | 'Unknown' {
  const c = node.status?.conditions?.find((x) => x.type === 'Ready');
  if (!c) return 'Unknown';
  return c.status === 'True' ? 'Ready' : c.status === 'False' ? 'NotReady' : 'Unknown';
}

export interface Allocation {
  cpu: { requested: number; allocatable: number };
  memory: { requested: number; allocatable: number };
  pods: { count: number; allocatable: number };
}

function quantity(q: string | undefined): number {
  try {
    return q ? parseQuantity(q) : 0;
  } catch {
    return 0;
  }
}

/** nodeAllocation sums the requests of the active pods bound to the node. */
export function nodeAllocation(node: Node, pods: readonly Pod[]): Allocation {
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  const mine = pods.filter((p) => p.spec?.nodeName === node.metadata.name && isPodActive(p));
  let cpu = 0;
  let memory = 0;
  for (const p of mine) {
    const r = podRequests(p, parseQuantity);
    cpu += r.cpu;
    memory += r.memory;
  }
  return {
    cpu: { requested: cpu, allocatable: quantity(alloc.cpu) },
    memory: { requested: memory, allocatable: quantity(alloc.memory) },
    pods: { count: mine.length, allocatable: quantity(alloc.pods) },
  };
}

/**
 * podsByNode groups pods by the node they are bound to, in one pass, so that
 * a screen of many nodes does not filter every pod once per node.
 */
export function podsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node) continue;
    const list = out.get(node);
    if (list) list.push(p);
    else out.set(node, [p]);
  }
  return out;
}

/** nodeRoles lists the node-role.kubernetes.io/* labels, as kubectl's ROLES column. */
export function nodeRoles(node: Node): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.join(',') : '<none>';
}

/** nodeInternalIP returns the InternalIP address, if any. */
export function nodeInternalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}
