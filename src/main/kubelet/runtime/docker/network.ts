/**
 * The `kubedeck` bridge network every pod sandbox and Service proxy joins.
 * Its subnet is split in two: the lower half is Docker's dynamic range (pod
 * IPs), the upper half is never handed out by Docker, so static Service
 * ClusterIPs can live there without colliding with pods.
 */
import type Docker from 'dockerode';

export const CLUSTER_NETWORK = 'kubedeck';

/** Candidate /16s, in order of preference; the first that overlaps nothing wins. */
const CANDIDATE_SUBNETS = ['10.244.0.0/16', '10.245.0.0/16', '10.246.0.0/16', '172.30.0.0/16', '192.168.240.0/20'];

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
  if (!free) throw new Error(`no free subnet for the ${CLUSTER_NETWORK} network: all of ${candidates.join(', ')} overlap existing networks`);
  return free;
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
    serviceRange: n.Labels?.['kubedeck.service-range'] ?? split.serviceRange,
    gateway: cfg.Gateway ?? split.gateway,
  };
}

/**
 * ensureClusterNetwork returns the `kubedeck` network, creating it if missing
 * with a subnet that does not overlap any existing Docker network. Safe to call
 * concurrently from several kubelets (a lost creation race re-reads).
 */
export async function ensureClusterNetwork(docker: Docker, name = CLUSTER_NETWORK): Promise<ClusterNetwork> {
  const existing = await findNetwork(docker, name);
  if (existing) return existing;
  const nets = await docker.listNetworks();
  const inUse = nets.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => !!s));
  const subnet = chooseSubnet(inUse);
  const { podRange, serviceRange, gateway } = splitSubnet(subnet);
  try {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: subnet, IPRange: podRange, Gateway: gateway }] },
      Labels: { 'kubedeck.network': 'true', 'kubedeck.service-range': serviceRange },
    });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 409) throw err;
  }
  const created = await findNetwork(docker, name);
  if (!created) throw new Error(`network ${name} vanished right after creation`);
  return created;
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
