/**
 * The scheduler's incremental view of the cluster: per node, allocatable
 * resources and what bound or assumed pods already request, used host ports,
 * and how many pods of each owner sit there (for spreading). Updated from
 * informer events and on assume, so scheduling a pod never lists anything.
 */
import type { Node, Pod } from '../../shared/api/core';
import { parseQuantity } from '../../shared/quantity';

/** Kubernetes' non-zero defaults used when scoring pods without requests (100m CPU, 200 MB). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface PodResources {
  milliCPU: number;
  memory: number;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  /** host ports as `protocol/hostIP/port`. */
  ports: string[];
  /** Spreading group: the controller owner's uid ('' when none). */
  group: string;
}

function q(v: string | undefined, milli = false): number {
  if (v === undefined) return 0;
  try {
    const n = parseQuantity(v);
    return milli ? Math.round(n * 1000) : n;
  } catch {
    return 0;
  }
}

/** podResources sums a pod's container requests (init containers: the max, as Kubernetes does). */
export function podResources(pod: Readonly<Pod>): PodResources {
  let cpu = 0;
  let mem = 0;
  let nzCpu = 0;
  let nzMem = 0;
  const ports: string[] = [];
  for (const c of pod.spec.containers ?? []) {
    const r = c.resources?.requests ?? {};
    const l = c.resources?.limits ?? {};
    // A limit without a request defaults the request to the limit.
    const ccpu = q(r.cpu ?? l.cpu, true);
    const cmem = q(r.memory ?? l.memory);
    cpu += ccpu;
    mem += cmem;
    nzCpu += ccpu || DEFAULT_MILLI_CPU_REQUEST;
    nzMem += cmem || DEFAULT_MEMORY_REQUEST;
    for (const p of c.ports ?? []) if (p.hostPort) ports.push(`${p.protocol ?? 'TCP'}/${p.hostIP || '0.0.0.0'}/${p.hostPort}`);
  }
  for (const c of pod.spec.initContainers ?? []) {
    const r = c.resources?.requests ?? {};
    cpu = Math.max(cpu, q(r.cpu, true));
    mem = Math.max(mem, q(r.memory));
  }
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  return { milliCPU: cpu, memory: mem, nonZeroMilliCPU: nzCpu, nonZeroMemory: nzMem, ports, group: owner?.uid ?? '' };
}

/** NodeInfo is one node and the pods accounted to it. */
export class NodeInfo {
  node: Readonly<Node> | undefined;
  allocMilliCPU = 0;
  allocMemory = 0;
  allocPods = 0;
  milliCPU = 0;
  memory = 0;
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  podCount = 0;
  readonly ports = new Map<string, number>();
  readonly groups = new Map<string, number>();
  readonly podKeys = new Set<string>();

  constructor(readonly name: string) {}

  setNode(node: Readonly<Node>): void {
    this.node = node;
    const a = node.status?.allocatable ?? node.status?.capacity ?? {};
    this.allocMilliCPU = q(a.cpu, true);
    this.allocMemory = q(a.memory);
    this.allocPods = a.pods !== undefined ? q(a.pods) : 110;
  }

  add(key: string, r: PodResources): void {
    if (this.podKeys.has(key)) return;
    this.podKeys.add(key);
    this.apply(r, 1);
  }

  remove(key: string, r: PodResources): void {
    if (!this.podKeys.delete(key)) return;
    this.apply(r, -1);
  }

  private apply(r: PodResources, sign: 1 | -1): void {
    this.milliCPU += sign * r.milliCPU;
    this.memory += sign * r.memory;
    this.nonZeroMilliCPU += sign * r.nonZeroMilliCPU;
    this.nonZeroMemory += sign * r.nonZeroMemory;
    this.podCount += sign;
    for (const p of r.ports) bump(this.ports, p, sign);
    if (r.group) bump(this.groups, r.group, sign);
  }
}

function bump(m: Map<string, number>, k: string, d: number): void {
  const n = (m.get(k) ?? 0) + d;
  if (n <= 0) m.delete(k);
  else m.set(k, n);
}

interface Accounted {
  node: string;
  res: PodResources;
  assumed: boolean;
}

/** SchedulerCache keeps NodeInfos current from node and pod events plus the scheduler's own assumptions. */
export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, Accounted>();
  private list: NodeInfo[] = [];
  private listDirty = true;

  /** nodes returns every NodeInfo that has a Node object, in a stable order. */
  nodes(): NodeInfo[] {
    if (this.listDirty) {
      this.list = [...this.infos.values()].filter((i) => i.node).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.listDirty = false;
    }
    return this.list;
  }

  get(name: string): NodeInfo | undefined {
    return this.infos.get(name);
  }

  private info(name: string): NodeInfo {
    let i = this.infos.get(name);
    if (!i) {
      this.infos.set(name, (i = new NodeInfo(name)));
      this.listDirty = true;
    }
    return i;
  }

  upsertNode(node: Readonly<Node>): void {
    const i = this.info(node.metadata.name!);
    if (!i.node) this.listDirty = true;
    i.setNode(node);
  }

  removeNode(name: string): void {
    const i = this.infos.get(name);
    if (!i) return;
    i.node = undefined;
    this.listDirty = true;
    if (i.podCount === 0) this.infos.delete(name);
  }

  /** isAssumed reports a pod the scheduler has placed but whose binding the watch has not shown yet. */
  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed === true;
  }

  /** assume accounts pod to node before the binding is written. */
  assume(key: string, pod: Readonly<Pod>, node: string): void {
    this.removePod(key);
    const res = podResources(pod);
    this.pods.set(key, { node, res, assumed: true });
    this.info(node).add(key, res);
  }

  /** forget undoes assume (the binding failed). */
  forget(key: string): void {
    if (this.pods.get(key)?.assumed) this.removePod(key);
  }

  /** observePod accounts a pod as the watch shows it: bound and not terminal → counted on its node. */
  observePod(key: string, pod: Readonly<Pod>): void {
    const node = pod.spec.nodeName;
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (!node || terminal) {
      // Unbound pods only count while assumed.
      if (!this.pods.get(key)?.assumed || terminal) this.removePod(key);
      return;
    }
    const cur = this.pods.get(key);
    if (cur && cur.node === node) {
      cur.assumed = false;
      return;
    }
    this.removePod(key);
    const res = podResources(pod);
    this.pods.set(key, { node, res, assumed: false });
    this.info(node).add(key, res);
  }

  removePod(key: string): void {
    const cur = this.pods.get(key);
    if (!cur) return;
    this.pods.delete(key);
    const i = this.infos.get(cur.node);
    if (!i) return;
    i.remove(key, cur.res);
    if (!i.node && i.podCount === 0) this.infos.delete(cur.node);
  }
}
