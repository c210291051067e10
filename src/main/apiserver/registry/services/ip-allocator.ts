/**
 * Cluster IP and node port allocation for services (the apiserver's
 * ipallocator/portallocator roles). The used set is rebuilt from the stored
 * services on each allocation, plus the addresses handed out to creates still
 * in flight, so two concurrent creates never get the same address.
 */
import type { Service } from '../../../../shared/api/core';

/** DEFAULT_SERVICE_CIDR is where cluster IPs come from unless the registry is told otherwise. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/16';
/** NODE_PORT_RANGE is Kubernetes' default node port range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** isIPv4 reports a dotted-quad IPv4 address. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** ServiceAllocator hands out cluster IPs and node ports. */
export class ServiceAllocator {
  private readonly first: number;
  private readonly last: number;
  private readonly pendingIPs = new Set<string>();
  private readonly pendingPorts = new Set<number>();

  constructor(cidr: string = DEFAULT_SERVICE_CIDR) {
    const [base, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    if (!base || !isIPv4(base) || !Number.isInteger(bits) || bits < 8 || bits > 30) throw new Error(`invalid service CIDR ${cidr}`);
    const size = 2 ** (32 - bits);
    const network = Math.floor(ipToInt(base) / size) * size;
    // Skip the network address and the first host (the conventional `kubernetes` service address).
    this.first = network + 2;
    this.last = network + size - 2;
  }

  /** inRange reports whether ip lies in the service range. */
  inRange(ip: string): boolean {
    if (!isIPv4(ip)) return false;
    const n = ipToInt(ip);
    return n >= this.first - 1 && n <= this.last;
  }

  /** allocateIP returns the first free cluster IP; release it with settle() once stored. */
  allocateIP(existing: readonly Service[]): string {
    const used = new Set<string>(this.pendingIPs);
    for (const s of existing) if (s.spec?.clusterIP) used.add(s.spec.clusterIP);
    for (let n = this.first; n <= this.last; n++) {
      const ip = intToIp(n);
      if (!used.has(ip)) {
        this.pendingIPs.add(ip);
        return ip;
      }
    }
    throw new Error('range is full');
  }

  /** ipInUse reports whether ip belongs to another service or an in-flight create. */
  ipInUse(ip: string, existing: readonly Service[], self?: string): boolean {
    return this.pendingIPs.has(ip) || existing.some((s) => s.spec?.clusterIP === ip && s.metadata.uid !== self);
  }

  /** allocatePort returns a free node port. */
  allocatePort(existing: readonly Service[], alsoUsed: Iterable<number> = []): number {
    const used = new Set<number>([...this.pendingPorts, ...alsoUsed]);
    for (const s of existing) for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
    for (let p = NODE_PORT_RANGE.min; p <= NODE_PORT_RANGE.max; p++) {
      if (!used.has(p)) {
        this.pendingPorts.add(p);
        return p;
      }
    }
    throw new Error('node port range is full');
  }

  /** settle forgets in-flight allocations once the service is stored (or refused); later calls see it in the store. */
  settle(svc: Service): void {
    if (svc.spec?.clusterIP) this.pendingIPs.delete(svc.spec.clusterIP);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) this.pendingPorts.delete(p.nodePort);
  }
}
