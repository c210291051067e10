/**
 * A cluster's bridge network (`kubedeck-<cluster id>`), which its pod
 * sandboxes and Service proxies join. Each cluster has its own, with a
 * subnet that overlaps no other Docker network, so two clusters on one
 * engine never share pod IPs, ClusterIPs or DNS names. The subnet is split
 * in two: the lower half is Docker's dynamic range (pod IPs), the upper half
 * is never handed out by Docker, so static Service ClusterIPs can live there
 * without colliding with pods.
 */
import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { clusterNetworkName, DEFAULT_CLUSTER_ID, LABEL_CLUSTER } from '../cluster/identity';

/** CLUSTER_NETWORK is the network of a runtime built without a cluster id (runtime tests). */
export const CLUSTER_NETWORK = clusterNetworkName(DEFAULT_CLUSTER_ID);
/** LABEL_NETWORK marks Kubedeck's networks; LABEL_SERVICE_RANGE records the half kept for ClusterIPs. */
export const LABEL_NETWORK = 'kubedeck.network';
export const LABEL_SERVICE_RANGE = 'kubedeck.service-range';

export interface ClusterNetwork {
  name: string;
  id: string;
  subnet: string;
  /** Docker's dynamic range: pod IPs. */
  podRange: string;
  /** Reserved for Service ClusterIPs (Docker never allocates it). */
  serviceRange: string;
  gateway: string;
}

interface Cidr {
  base: number;
  bits: number;
}

function parseCidr(c: string): Cidr | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(c);
  if (!m) return undefined; // IPv6 subnets cannot collide with the IPv4 candidates
  const base = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  return { base, bits: Number(m[5]) };
}

function ipString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** subnetsOf lists the /size blocks of an IPv4 CIDR, in order. */
function subnetsOf(cidr: string, size: number): string[] {
  const c = parseCidr(cidr);
  if (!c) return [];
  const step = 2 ** (32 - size);
  const n = 2 ** (size - c.bits);
  return Array.from({ length: n }, (_, i) => `${ipString(c.base + i * step)}/${size}`);
}

/**
 * Candidate subnets, in order of preference; the first that overlaps nothing
 * wins. /20 each (2046 pod IPs, 2048 ClusterIPs): room for hundreds of
 * clusters on one engine; 172.30 (inside Docker's default pools) comes last.
 */
const CANDIDATE_SUBNETS = [...subnetsOf('10.244.0.0/14', 20), ...subnetsOf('10.240.0.0/14', 20), ...subnetsOf('172.30.0.0/16', 20)];

/** cidrsOverlap reports whether two IPv4 CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const bits = Math.min(x.bits, y.bits);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((x.base & mask) >>> 0) === ((y.base & mask) >>> 0);
}

/** splitSubnet halves a CIDR: [lower half for pods, upper half for services, gateway]. */
export function splitSubnet(subnet: string): { podRange: string; serviceRange: string; gateway: string } {
  const c = parseCidr(subnet);
  if (!c || c.bits >= 31) throw new Error(`cannot split subnet ${subnet}`);
  const half = 2 ** (32 - c.bits - 1);
  return {
    podRange: `${ipString(c.base)}/${c.bits + 1}`,
    serviceRange: `${ipString(c.base + half)}/${c.bits + 1}`,
    gateway: ipString(c.base + 1),
  };
}

/** chooseSubnet picks the first candidate subnet that overlaps none in use. */
export function chooseSubnet(inUse: string[], candidates: string[] = CANDIDATE_SUBNETS): string {
  const free = candidates.find((c) => !inUse.some((u) => cidrsOverlap(c, u)));
  if (!free) throw new Error(`no free subnet for a cluster network: all ${candidates.length} candidates (${candidates[0]} … ${candidates.at(-1)}) overlap existing Docker networks or routes of this host`);
  return free;
}

/**
 * hostRouteSubnets lists the IPv4 destinations of this host's routing table
 * (Linux: /proc/net/route; elsewhere none), default route excluded. A second
 * engine on this host (or anything else with a route here) must not get a
 * subnet that shadows one of them, or the host loses its way to those pods.
 */
export function hostRouteSubnets(table = readRouteTable()): string[] {
  const out: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const [, dest, , , , , , mask] = line.trim().split(/\s+/);
    if (!dest || !mask || !/^[0-9A-F]{8}$/i.test(dest) || !/^[0-9A-F]{8}$/i.test(mask)) continue;
    // Little-endian hex, as the kernel prints it.
    const le = (h: string) => Buffer.from(h, 'hex').readUInt32LE(0);
    const bits = le(mask).toString(2).replace(/0/g, '').length;
    if (bits === 0) continue;
    out.push(`${ipString(le(dest))}/${bits}`);
  }
  return out;
}

function readRouteTable(): string {
  try {
    return readFileSync('/proc/net/route', 'utf8');
  } catch {
    return '';
  }
}

function fromInspect(n: Docker.NetworkInspectInfo): ClusterNetwork {
  const cfg = n.IPAM?.Config?.[0] ?? {};
  const subnet = cfg.Subnet ?? '';
  const split = subnet ? splitSubnet(subnet) : { podRange: '', serviceRange: '', gateway: '' };
  return {
    name: n.Name,
    id: n.Id,
    subnet,
    podRange: cfg.IPRange ?? split.podRange,
    serviceRange: n.Labels?.[LABEL_SERVICE_RANGE] ?? split.serviceRange,
    gateway: cfg.Gateway ?? split.gateway,
  };
}

/**
 * ensureClusterNetwork returns the cluster's network, creating it if missing
 * (labelled with the cluster id) with a subnet that overlaps no existing
 * Docker network nor any route of this host. Safe to call concurrently: from several kubelets and the
 * proxy of one cluster (a lost creation race re-reads), and from several
 * clusters (a subnet taken meanwhile by another is re-chosen).
 */
export async function ensureClusterNetwork(docker: Docker, name = CLUSTER_NETWORK, clusterId = DEFAULT_CLUSTER_ID): Promise<ClusterNetwork> {
  for (let attempt = 0; ; attempt++) {
    const existing = await findNetwork(docker, name);
    if (existing) return existing;
    const nets = await docker.listNetworks();
    const inUse = [...nets.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => !!s)), ...hostRouteSubnets()];
    const subnet = chooseSubnet(inUse);
    const { podRange, serviceRange, gateway } = splitSubnet(subnet);
    try {
      await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet, IPRange: podRange, Gateway: gateway }] },
        Labels: { [LABEL_NETWORK]: 'true', [LABEL_SERVICE_RANGE]: serviceRange, [LABEL_CLUSTER]: clusterId },
      });
    } catch (err) {
      // 409: the same network created meanwhile (re-read). "Pool overlaps": another cluster took the subnet meanwhile (choose again).
      const overlap = /overlaps/i.test((err as Error).message ?? '');
      if ((err as { statusCode?: number }).statusCode !== 409 && !(overlap && attempt < 5)) throw err;
      continue;
    }
    const created = await findNetwork(docker, name);
    if (!created) throw new Error(`network ${name} vanished right after creation`);
    return created;
  }
}

/** removeClusterNetwork removes a cluster's network (reset); ignores a network already gone. */
export async function removeClusterNetwork(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getNetwork(name).remove();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

async function findNetwork(docker: Docker, name: string): Promise<ClusterNetwork | undefined> {
  try {
    const info = (await docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
    return fromInspect(info);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}
