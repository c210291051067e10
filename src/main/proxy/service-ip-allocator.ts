/**
 * ClusterIP and NodePort allocation on the proxy side: Services of type
 * ClusterIP, NodePort or LoadBalancer that reach the proxy without a
 * spec.clusterIP get one from the range the cluster network reserves for
 * Services (Docker never hands it to pods, so the proxy container can take
 * it as a static address); NodePort/LoadBalancer ports without a nodePort get
 * one from 30000–32767. If the registry already allocated, there is nothing
 * to do. Handlers enqueue keys; sync allocates what is missing and writes the
 * Service back with client.update (a conflict is retried).
 */
import type { Service } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { realClock, type Clock } from '../client/clock';
import type { Informer } from '../client/informer';
import { objectKey } from '../client/lister';
import type { ApiClient } from '../client/types';
import { WorkQueue } from '../client/workqueue';
import { runWorkers } from '../client/worker';

/** NODE_PORT_RANGE is Kubernetes' default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** IPRange is the usable host addresses of a CIDR (network and broadcast addresses excluded). */
export class IPRange {
  readonly first: number;
  readonly last: number;
  constructor(readonly cidr: string) {
    const [base, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    if (!base || !/^\d+\.\d+\.\d+\.\d+$/.test(base) || !Number.isInteger(bits) || bits < 8 || bits > 30) throw new Error(`invalid service range ${cidr}`);
    const size = 2 ** (32 - bits);
    const network = Math.floor(ipToInt(base) / size) * size;
    this.first = network + 1;
    this.last = network + size - 2;
  }

  /** size is the number of allocatable addresses. */
  get size(): number {
    return this.last - this.first + 1;
  }

  /** at returns the i-th address of the range. */
  at(i: number): string {
    return intToIp(this.first + i);
  }
}

function needsClusterIP(svc: Readonly<Service>): boolean {
  const type = svc.spec?.type ?? 'ClusterIP';
  return type !== 'ExternalName' && !svc.spec?.clusterIP;
}

function needsNodePorts(svc: Readonly<Service>): boolean {
  const type = svc.spec?.type;
  return (type === 'NodePort' || type === 'LoadBalancer') && (svc.spec?.ports ?? []).some((p) => !p.nodePort);
}

export interface ServiceIPAllocatorDeps {
  client: ApiClient;
  serviceInformer: Informer<Service>;
  /** The Service range of the cluster network (ClusterNetwork.serviceRange). */
  serviceRange: string;
  /** Addresses taken outside this cluster's Services (e.g. another cluster's proxies on the same network). */
  externallyUsed?: () => Promise<Iterable<string>>;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

/** ServiceIPAllocator fills in missing clusterIPs and nodePorts. */
export class ServiceIPAllocator {
  readonly queue: WorkQueue<string>;
  private readonly range: IPRange;
  /** Handed out but not yet seen in the cache: never hand out twice. */
  private readonly pendingIPs = new Set<string>();
  private readonly pendingPorts = new Set<number>();
  /** Where the next search starts, so a just-freed address is not reused at once (its proxy may still be going away). */
  private cursor = 0;
  private portCursor = 0;

  constructor(private readonly deps: ServiceIPAllocatorDeps) {
    this.range = new IPRange(deps.serviceRange);
    this.queue = new WorkQueue<string>({ name: 'service-ip-allocator', clock: deps.clock ?? realClock });
    deps.serviceInformer.addEventHandler({
      onAdd: (s) => this.maybeEnqueue(s),
      onUpdate: (_o, s) => this.maybeEnqueue(s),
    });
  }

  /** run processes the queue with a single worker until stop (allocations read the cache and the pending sets, which a second worker would race). */
  run(): Promise<void> {
    return runWorkers(this.queue, 1, (k) => this.sync(k), { onError: this.deps.onError });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private maybeEnqueue(s: Readonly<Service>): void {
    if (s.spec?.clusterIP) this.pendingIPs.delete(s.spec.clusterIP);
    for (const p of s.spec?.ports ?? []) if (p.nodePort) this.pendingPorts.delete(p.nodePort);
    if (needsClusterIP(s) || needsNodePorts(s)) this.queue.add(objectKey(s));
  }

  private async usedIPs(): Promise<Set<string>> {
    const used = new Set(this.pendingIPs);
    for (const ip of (await this.deps.externallyUsed?.()) ?? []) used.add(ip);
    for (const s of this.deps.serviceInformer.lister.list()) if (s.spec?.clusterIP) used.add(s.spec.clusterIP);
    return used;
  }

  private usedPorts(): Set<number> {
    const used = new Set(this.pendingPorts);
    for (const s of this.deps.serviceInformer.lister.list()) for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
    return used;
  }

  /** allocateIP returns a free address of the range (throws when it is full). */
  async allocateIP(): Promise<string> {
    const used = await this.usedIPs();
    for (let i = 0; i < this.range.size; i++) {
      const idx = (this.cursor + i) % this.range.size;
      const ip = this.range.at(idx);
      if (used.has(ip)) continue;
      this.cursor = idx + 1;
      this.pendingIPs.add(ip);
      return ip;
    }
    throw new Error(`service IP range ${this.range.cidr} is full`);
  }

  /** allocateNodePort returns a free node port (throws when the range is full). */
  allocateNodePort(alsoUsed: Set<number> = new Set()): number {
    const used = this.usedPorts();
    const n = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
    for (let i = 0; i < n; i++) {
      const idx = (this.portCursor + i) % n;
      const port = NODE_PORT_RANGE.min + idx;
      if (used.has(port) || alsoUsed.has(port)) continue;
      this.portCursor = idx + 1;
      this.pendingPorts.add(port);
      return port;
    }
    throw new Error('node port range is full');
  }

  /** sync allocates what the Service (key `namespace/name`) lacks. */
  async sync(key: string): Promise<void> {
    const svc = this.deps.serviceInformer.lister.getByKey(key);
    if (!svc || !(needsClusterIP(svc) || needsNodePorts(svc))) return;
    const next = structuredClone(svc) as Service;
    next.spec ??= {};
    const taken: { ip?: string; ports: number[] } = { ports: [] };
    if (needsClusterIP(svc)) {
      taken.ip = await this.allocateIP();
      next.spec.clusterIP = taken.ip;
      next.spec.clusterIPs = [taken.ip];
    }
    if (needsNodePorts(svc)) {
      const mine = new Set<number>();
      for (const p of next.spec.ports ?? []) {
        if (p.nodePort) continue;
        p.nodePort = this.allocateNodePort(mine);
        mine.add(p.nodePort);
        taken.ports.push(p.nodePort);
      }
    }
    try {
      await this.deps.client.update(GVR.services, svc.metadata.namespace, next);
    } catch (err) {
      // Not stored: give the addresses back; the retry allocates afresh from a newer cache.
      if (taken.ip) this.pendingIPs.delete(taken.ip);
      for (const p of taken.ports) this.pendingPorts.delete(p);
      throw err;
    }
  }
}
