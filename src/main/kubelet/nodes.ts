/**
 * The cluster's nodes and their kubelets: by default one node on the local
 * Docker engine; the config can add virtual nodes on the same engine (own
 * name, capacity, labels, taints — and a power switch for failure drills),
 * nodes on other Docker endpoints (tcp://, ssh://, unix://) and hollow nodes
 * (FakeRuntime, for scale benchmarks only).
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Taint } from '../../shared/api/core';
import { parseQuantity } from '../../shared/quantity';
import { clientFor, type ApiClient } from '../client/types';
import { clusterIdFor } from '../cluster/identity';
import { Kubelet, type KubeletOptions } from './kubelet';
import type { NodeCapacity } from './node-status';
import { DockerRuntime } from './runtime/docker/docker-runtime';
import { connectDocker, dockerOptions, DockerUnreachableError, podIPsReachableFromHost, type EndpointCandidate } from '../docker/endpoint';
import { FakeRuntime } from './runtime/fake/fake-runtime';
import type { Runtime } from './runtime/types';
import { KubeletRegistry } from './streaming';

/** The local image tests and offline machines use when the public pause image cannot be pulled. */
export const LOCAL_PAUSE_IMAGE = 'kubedeck/pause:3.10';

export interface NodeCommon {
  name?: string;
  /** Overrides what the engine reports: cpu ("2", "500m" or cores), memory ("4Gi" or bytes), pods. */
  capacity?: { cpu?: string | number; memory?: string | number; pods?: number };
  labels?: Record<string, string>;
  taints?: Taint[];
}

export type NodeConfig =
  | (NodeCommon & { kind: 'local' })
  | (NodeCommon & { kind: 'virtual'; name: string })
  | (NodeCommon & {
      kind: 'remote';
      name: string;
      endpoint: string;
      tlsCertPath?: string;
      /** ssh:// only: private key (default ~/.ssh/id_ed25519, id_ecdsa, id_rsa) and known_hosts (default ~/.ssh/known_hosts). */
      sshKeyPath?: string;
      sshKnownHostsPath?: string;
      /**
       * The address the cluster reaches the engine's host at: pod ports are published there and the
       * Service proxies forward to it. Default: the endpoint's host when it is an IP address.
       */
      address?: string;
    })
  | (NodeCommon & { kind: 'hollow'; name: string });

export interface KubeletsConfig {
  /** Default: one local node named "kubedeck". */
  nodes?: NodeConfig[];
  /** The sandbox image; default registry.k8s.io/pause:3.10 (falls back to kubedeck/pause:3.10 when offline). */
  pauseImage?: string;
  heartbeatIntervalMs?: number;
  crashBackoff?: { initialMs: number; maxMs: number };
  /** Extra labels on every container (tests). */
  extraContainerLabels?: Record<string, string>;
  /** false: the kubelets collect no usage (config.yaml `metrics: {enabled: false}`). */
  metrics?: boolean;
}

export const DEFAULT_NODE_NAME = 'kubedeck';

/**
 * remoteNodeAddress is where a remote node's pod ports are published and the
 * Service proxies reach them: the configured address, else the endpoint's
 * host when it is an IP literal (tcp://10.0.0.5:2376, ssh://me@10.0.0.5).
 * undefined for unix:// and host names (publishing needs an address).
 */
export function remoteNodeAddress(endpoint: string, configured?: string): string | undefined {
  if (configured) return configured;
  if (!/^(tcp|ssh):\/\//.test(endpoint)) return undefined;
  const host = new URL(endpoint.replace(/^tcp:/, 'http:')).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : undefined;
}

/** capacityFromConfig parses quantity strings of a node's configured capacity. */
export function capacityFromConfig(c: NodeCommon['capacity']): Partial<NodeCapacity> {
  const out: Partial<NodeCapacity> = {};
  if (c?.cpu !== undefined) out.cpu = parseQuantity(c.cpu);
  if (c?.memory !== undefined) out.memory = parseQuantity(c.memory);
  if (c?.pods !== undefined) out.pods = c.pods;
  return out;
}

/** KubeletSet is the running kubelets of a cluster. */
export interface KubeletSet {
  registry: KubeletRegistry;
  kubelets: Kubelet[];
  /** powerOff switches a virtual node off (heartbeats and containers stop). */
  powerOff(node: string): Promise<void>;
  /** powerOn switches it back on. */
  powerOn(node: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartKubeletsContext {
  client: ApiClient;
  dataDir: string;
  /** The cluster's id on the engines (see src/main/cluster/identity.ts); default: derived from dataDir. */
  clusterId?: string;
  log?: (msg: string) => void;
}

/** resolvePauseImage picks the sandbox image: the configured one if present or pullable, else the local build. */
export async function resolvePauseImage(rt: Runtime, preferred: string, log: (m: string) => void): Promise<string> {
  if (await rt.inspectImage(preferred)) return preferred;
  try {
    await rt.pullImage(preferred);
    return preferred;
  } catch (err) {
    if (preferred !== LOCAL_PAUSE_IMAGE && (await rt.inspectImage(LOCAL_PAUSE_IMAGE))) {
      log(`pause image ${preferred} cannot be pulled (${(err as Error).message}); using ${LOCAL_PAUSE_IMAGE}`);
      return LOCAL_PAUSE_IMAGE;
    }
    return preferred;
  }
}

/** startKubelets starts one kubelet per configured node and registers them for streaming. */
export async function startKubelets(ctx: StartKubeletsContext, cfg: KubeletsConfig = {}, registry = new KubeletRegistry()): Promise<KubeletSet> {
  const log = ctx.log ?? (() => {});
  // Every Docker runtime of this cluster labels and filters its objects with the cluster id.
  const clusterId = ctx.clusterId ?? clusterIdFor(ctx.dataDir);
  const nodes = cfg.nodes?.length ? cfg.nodes : [{ kind: 'local' as const }];
  // One connection to the local engine, shared by the local and virtual nodes.
  let local: Promise<Runtime> | undefined;
  const connectLocal = () => {
    local ??= connectDocker().then(({ docker, endpoint }) => new DockerRuntime(docker, { endpoint: endpoint.url, clusterId, podIPReachable: podIPsReachableFromHost(endpoint.url) }) as Runtime);
    local.catch(() => (local = undefined));
    return local;
  };
  const pauseCache = new Map<Runtime, Promise<string>>();
  const pauseFor = (rt: Runtime) => {
    let p = pauseCache.get(rt);
    if (!p) pauseCache.set(rt, (p = resolvePauseImage(rt, cfg.pauseImage ?? 'registry.k8s.io/pause:3.10', log)));
    return p;
  };
  const kubelets: Kubelet[] = [];
  for (const n of nodes) {
    const name = n.name ?? DEFAULT_NODE_NAME;
    let connect: () => Promise<Runtime>;
    let address: string | undefined;
    const labels = { ...n.labels };
    switch (n.kind) {
      case 'local':
      case 'virtual':
        connect = connectLocal;
        if (n.kind === 'virtual') labels['kubedeck.io/virtual'] = 'true';
        break;
      case 'remote': {
        labels['kubedeck.io/remote'] = 'true';
        const cand: EndpointCandidate = { url: n.endpoint, source: 'config' as const, ...(n.tlsCertPath ? { tlsCertPath: n.tlsCertPath } : {}) };
        if (n.sshKeyPath || n.sshKnownHostsPath) cand.ssh = { ...(n.sshKeyPath ? { sshKeyPath: n.sshKeyPath } : {}), ...(n.sshKnownHostsPath ? { sshKnownHostsPath: n.sshKnownHostsPath } : {}) };
        address = remoteNodeAddress(n.endpoint, n.address);
        if (!address) log(`node ${name}: no address for ${n.endpoint} (set nodes[].address): its pods' ports stay on its 127.0.0.1, Services on other engines cannot reach them`);
        connect = async () => {
          const docker = new Docker(dockerOptions(cand));
          try {
            await docker.ping();
          } catch (err) {
            throw new DockerUnreachableError([{ url: n.endpoint, source: 'config', error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }]);
          }
          return new DockerRuntime(docker, { endpoint: n.endpoint, clusterId, podIPReachable: podIPsReachableFromHost(n.endpoint) });
        };
        break;
      }
      case 'hollow': {
        const fake = new FakeRuntime();
        connect = async () => fake;
        labels['kubedeck.io/hollow'] = 'true';
        break;
      }
    }
    const opts: KubeletOptions = {
      nodeName: name,
      // Each kubelet makes its requests as kubelet/<node> (the audit log's user).
      client: clientFor(ctx.client, `kubelet/${name}`),
      connect,
      dataDir: join(ctx.dataDir, 'kubelet', name),
      capacity: capacityFromConfig(n.capacity),
      labels,
      log,
      pauseImageResolver: pauseFor,
    };
    if (n.taints) opts.taints = n.taints;
    if (address) {
      opts.hostIP = address;
      opts.publishIP = address;
    }
    if (cfg.heartbeatIntervalMs) opts.heartbeatIntervalMs = cfg.heartbeatIntervalMs;
    if (cfg.crashBackoff) opts.crashBackoff = cfg.crashBackoff;
    if (cfg.metrics === false) opts.metrics = false;
    if (cfg.extraContainerLabels) opts.extraContainerLabels = cfg.extraContainerLabels;
    if (n.kind === 'hollow') opts.hostCanReachPodIP = false;
    const k = new Kubelet(opts);
    kubelets.push(k);
    registry.register(k);
  }
  // Nodes start in parallel; an unreachable engine leaves its node NotReady, not the cluster down.
  await Promise.all(kubelets.map((k) => k.start().catch((err: unknown) => log(`kubelet ${k.nodeName}: start failed: ${(err as Error).message}`))));
  const find = (node: string) => {
    const k = registry.forNode(node);
    if (!k) throw new Error(`no node ${node}`);
    return k;
  };
  return {
    registry,
    kubelets,
    powerOff: (node) => find(node).powerOff(),
    powerOn: (node) => find(node).powerOn(),
    stop: async () => {
      await Promise.all(kubelets.map((k) => k.stop()));
      for (const k of kubelets) registry.unregister(k.nodeName);
    },
  };
}

/** KubeletComponent is the kubelets as a cluster component, with their registry for the streaming backend. */
export interface KubeletComponent {
  name: string;
  set: KubeletSet;
  stop(): Promise<void>;
}

/**
 * kubeletComponent is a cluster component factory (see ComponentContext in
 * src/main/cluster/cluster.ts): it starts the configured nodes' kubelets with
 * the in-process client, under <dataDir>/kubelet/<node>.
 */
export function kubeletComponent(cfg: KubeletsConfig = {}, registry = new KubeletRegistry()): (ctx: StartKubeletsContext) => Promise<KubeletComponent> {
  return async (ctx) => {
    const set = await startKubelets(ctx, cfg, registry);
    return { name: 'kubelet', set, stop: () => set.stop() };
  };
}
