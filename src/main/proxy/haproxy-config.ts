/**
 * What one Service's proxy container looks like: its HAProxy configuration
 * (one TCP frontend per service port, backed by the ready endpoint
 * addresses) and its Docker shape (name, labels, static ClusterIP, DNS
 * aliases, ports published on 127.0.0.1). Pure functions, unit-tested; the
 * Docker calls live in proxy-docker.ts.
 */
import { createHash } from 'node:crypto';
import type { EndpointAddress, Endpoints, Service, ServicePort } from '../../shared/api/core';
import { DEFAULT_CLUSTER_ID, LABEL_CLUSTER } from '../cluster/identity';

/** PROXY_IMAGE is the default Service proxy image (scripts/build-images.sh builds it). */
export const PROXY_IMAGE = 'kubedeck/haproxy:latest';
/** CONFIG_DIR and CONFIG_FILE are where the image's CMD reads its configuration. */
export const CONFIG_DIR = '/usr/local/etc/haproxy';
export const CONFIG_FILE = 'haproxy.cfg';

/** Labels on proxy containers: how a restarted proxy finds (adopts) what it runs. */
export const LABEL_PROXY = 'kubedeck.proxy';
/** LABEL_CLUSTER tells apart the proxies of several clusters sharing one Docker engine (a test cluster beside the app). */
export { DEFAULT_CLUSTER_ID, LABEL_CLUSTER } from '../cluster/identity';
export const LABEL_NAMESPACE = 'kubedeck.service.namespace';
export const LABEL_NAME = 'kubedeck.service.name';
export const LABEL_UID = 'kubedeck.service.uid';
/** LABEL_SPEC_HASH fingerprints what cannot change without recreating the container (IP, aliases, published ports). */
export const LABEL_SPEC_HASH = 'kubedeck.proxy.spec-hash';

/** proxyContainerName is `kubedeck-svc-<cluster id>-<ns>-<name>` (container names are engine-wide: two clusters may both have default/web). */
export function proxyContainerName(namespace: string, name: string, clusterId = DEFAULT_CLUSTER_ID): string {
  return `kubedeck-svc-${clusterId}-${namespace}-${name}`;
}

/** serviceAliases are the DNS names a Service answers to on the cluster network (pods' search path resolves the short name). */
export function serviceAliases(namespace: string, name: string): string[] {
  return [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
}

/** wantsProxy reports whether a Service gets a proxy container (not ExternalName, not headless). */
export function wantsProxy(svc: Readonly<Service>): boolean {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return false;
  if (spec.clusterIP === 'None') return false;
  return true;
}

/** proxiedPorts are the service ports HAProxy can carry (TCP only: HAProxy does not proxy UDP or SCTP). */
export function proxiedPorts(svc: Readonly<Service>): ServicePort[] {
  return (svc.spec?.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
}

export interface HostPublish {
  containerPort: number;
  hostPort: number;
}

/** hostPublishes lists what is published on 127.0.0.1: nodePorts for NodePort/LoadBalancer, plus the service port itself for LoadBalancer (its ingress is 127.0.0.1). */
export function hostPublishes(svc: Readonly<Service>): HostPublish[] {
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
  const out: HostPublish[] = [];
  for (const p of proxiedPorts(svc)) {
    if (p.nodePort) out.push({ containerPort: p.port, hostPort: p.nodePort });
    if (type === 'LoadBalancer') out.push({ containerPort: p.port, hostPort: p.port });
  }
  return out;
}

export interface ProxyContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** Static address on the cluster network; undefined when the ClusterIP lies outside it (then only DNS reaches the proxy). */
  ip?: string;
  aliases: string[];
  publishes: HostPublish[];
}

/** ipInSubnet reports whether an IPv4 address lies inside a CIDR. */
export function ipInSubnet(ip: string, cidr: string): boolean {
  const toInt = (s: string) => {
    const parts = s.split('.');
    if (parts.length !== 4 || parts.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return undefined;
    return parts.reduce((acc, o) => acc * 256 + Number(o), 0);
  };
  const [base, bitsText] = cidr.split('/');
  const n = toInt(ip);
  const b = base ? toInt(base) : undefined;
  const bits = Number(bitsText);
  if (n === undefined || b === undefined || !Number.isInteger(bits)) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(n / size) === Math.floor(b / size);
}

/** Degradation lets a Service keep working when Docker refuses part of its shape (its address or a host port taken by someone else). */
export interface Degradation {
  /** Run without the static ClusterIP (a dynamic address; DNS names still work). */
  noStaticIP?: boolean;
  /** Publish nothing on the host. */
  noHostPorts?: boolean;
}

/** proxyContainerSpec is the container a Service needs on a network with the given subnet. */
export function proxyContainerSpec(
  svc: Readonly<Service>,
  subnet: string,
  image = PROXY_IMAGE,
  clusterId = DEFAULT_CLUSTER_ID,
  degraded: Degradation = {},
): ProxyContainerSpec {
  const ns = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name!;
  const clusterIP = svc.spec?.clusterIP;
  const ip = clusterIP && !degraded.noStaticIP && ipInSubnet(clusterIP, subnet) ? clusterIP : undefined;
  const aliases = serviceAliases(ns, name);
  const publishes = degraded.noHostPorts ? [] : hostPublishes(svc);
  const hash = createHash('sha256')
    .update(JSON.stringify({ image, ip: ip ?? '', aliases, publishes, uid: svc.metadata.uid ?? '' }))
    .digest('hex')
    .slice(0, 16);
  return {
    name: proxyContainerName(ns, name, clusterId),
    image,
    labels: {
      [LABEL_PROXY]: 'service',
      [LABEL_CLUSTER]: clusterId,
      [LABEL_NAMESPACE]: ns,
      [LABEL_NAME]: name,
      [LABEL_UID]: svc.metadata.uid ?? '',
      [LABEL_SPEC_HASH]: hash,
    },
    ...(ip ? { ip } : {}),
    aliases,
    publishes,
  };
}

export interface Backend {
  /** A name unique in the backend (pod name when known). */
  name: string;
  ip: string;
  port: number;
}

/**
 * BackendResolver maps an endpoint address and port to where this engine's
 * proxy reaches it: undefined keeps the pod IP, null drops the address (a
 * pod on another engine whose port is not published).
 */
export type BackendResolver = (address: Readonly<EndpointAddress>, port: number, protocol: string) => { ip: string; port: number } | null | undefined;

/** backendsFor lists the ready endpoint addresses for one service port (matched by port name, as kube-proxy does). */
export function backendsFor(sp: Readonly<ServicePort>, endpoints: Readonly<Endpoints> | undefined, resolve?: BackendResolver): Backend[] {
  const out: Backend[] = [];
  const seen = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    const ep = (subset.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
    if (!ep) continue;
    for (const a of subset.addresses ?? []) {
      const to = resolve?.(a, ep.port, ep.protocol ?? 'TCP');
      if (to === null) continue;
      const [ip, port] = to ? [to.ip, to.port] : [a.ip, ep.port];
      const id = `${ip}:${port}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ name: a.targetRef?.name ?? a.ip, ip, port });
    }
  }
  return out.sort((x, y) => x.ip.localeCompare(y.ip, 'en', { numeric: true }) || x.port - y.port);
}

/** haproxyName makes a name HAProxy accepts for proxies and servers (letters, digits, - _ . :). */
function haproxyName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

/**
 * renderHaproxyConfig is the whole haproxy.cfg for a Service. A port with no
 * ready endpoint gets no frontend at all, so connecting to it is refused (as
 * kube-proxy rejects traffic to a Service without endpoints) instead of
 * being accepted and dropped. The admin socket stays, so HAProxy always has
 * something to run and a runtime API to inspect.
 */
export function renderHaproxyConfig(svc: Readonly<Service>, endpoints: Readonly<Endpoints> | undefined, resolve?: BackendResolver): string {
  const ns = svc.metadata.namespace ?? 'default';
  const lines = [
    `# Service ${ns}/${svc.metadata.name} (uid ${svc.metadata.uid ?? ''}), written by Kubedeck's service proxy. Do not edit.`,
    'global',
    '  stats socket /run/haproxy.sock mode 600 level admin expose-fd listeners',
    '',
    'defaults',
    '  mode tcp',
    '  timeout connect 5s',
    // A backend that refuses (a pod that just stopped, before the reload without it lands) costs a retry on another, not a failed request.
    '  retries 3',
    '  option redispatch 1',
    // Long-lived connections (watches, databases) must outlive a quiet minute, as through kube-proxy.
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout tunnel 1h',
    '',
  ];
  const balance = svc.spec?.sessionAffinity === 'ClientIP' ? 'source' : 'roundrobin';
  for (const sp of proxiedPorts(svc)) {
    const backends = backendsFor(sp, endpoints, resolve);
    const id = haproxyName(`${sp.name || 'port'}-${sp.port}`);
    lines.push(`# port ${sp.name ?? ''} ${sp.port}/TCP: ${backends.length} ready endpoint(s)`);
    if (backends.length === 0) {
      lines.push('');
      continue;
    }
    lines.push(`frontend fe-${id}`, `  bind :${sp.port}`, `  default_backend be-${id}`, '', `backend be-${id}`, `  balance ${balance}`);
    const used = new Set<string>();
    for (const b of backends) {
      let n = haproxyName(b.name);
      if (used.has(n)) n = haproxyName(`${b.name}-${b.ip}-${b.port}`);
      used.add(n);
      lines.push(`  server ${n} ${b.ip}:${b.port}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
