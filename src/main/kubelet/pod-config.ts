/**
 * Pod spec → runtime configs (pure): the sandbox (hostname, DNS search,
 * published ports) and each container (command/args, env, mounts, limits,
 * labels that let a restarted kubelet rebuild its state from the runtime).
 */
import type { Container, Pod } from '../../shared/api/core';
import { parseQuantity } from '../../shared/quantity';
import {
  LABEL_ATTEMPT,
  LABEL_CONTAINER_NAME,
  LABEL_EPHEMERAL,
  LABEL_INIT,
  LABEL_RESTART_COUNT,
  LABEL_SANDBOX_ID,
  LABEL_TYPE,
  TYPE_CONTAINER,
  TYPE_SANDBOX,
  containerName,
  podLabels,
  sandboxName,
  type PodRef,
} from './naming';
import type { ContainerConfig, Mount, PortMapping, SandboxConfig } from './runtime/types';

export interface NodeContext {
  node: string;
  /** Extra labels on every container (e.g. a test run id). */
  extraLabels?: Record<string, string>;
  /** The address pod ports are published on (default 127.0.0.1; a remote node's own address, for Services on other engines). */
  publishIP?: string;
}

/** podRef extracts the identity of a pod. */
export function podRef(pod: Pod): PodRef {
  return { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? 'default', uid: pod.metadata.uid ?? '' };
}

/** dnsSearch is the pod's resolver search path, so Service names resolve as in Kubernetes. */
export function dnsSearch(namespace: string): string[] {
  return [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'];
}

/** podPorts lists every declared container port, published on publishIP (hostPort honoured when set). */
export function podPorts(pod: Pod, publishIP = '127.0.0.1'): PortMapping[] {
  const seen = new Set<string>();
  const out: PortMapping[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const p of c.ports ?? []) {
      const protocol = p.protocol ?? 'TCP';
      const k = `${p.containerPort}/${protocol}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const m: PortMapping = { containerPort: p.containerPort, protocol, hostIP: publishIP };
      if (p.hostPort) m.hostPort = p.hostPort;
      out.push(m);
    }
  }
  return out;
}

/**
 * podDnsAliases: a pod with hostname and subdomain is `<hostname>.<subdomain>.<ns>.svc.cluster.local`
 * (and the shorter `….<ns>.svc`, `….<ns>`), as a headless Service's DNS makes a StatefulSet's pods;
 * with the pod's search path, `web-1.nginx` resolves from any pod of the namespace.
 */
export function podDnsAliases(pod: Pod, hostname: string): string[] {
  const sub = pod.spec.subdomain;
  if (!sub) return [];
  const ns = pod.metadata.namespace ?? 'default';
  const base = `${hostname}.${sub}.${ns}`;
  return [base, `${base}.svc`, `${base}.svc.cluster.local`];
}

/** buildSandboxConfig describes the pause container of a pod. */
export function buildSandboxConfig(pod: Pod, ctx: NodeContext, pauseImage: string, attempt: number): SandboxConfig {
  const ref = podRef(pod);
  // A hostname is a DNS label: at most 63 characters.
  const hostname = (pod.spec.hostname ?? ref.name).slice(0, 63).replace(/[.-]+$/, '');
  return {
    name: sandboxName(ref, attempt),
    labels: { ...podLabels(ref, ctx.node, ctx.extraLabels), [LABEL_TYPE]: TYPE_SANDBOX, [LABEL_ATTEMPT]: String(attempt) },
    hostname,
    ...(pod.spec.subdomain ? { aliases: podDnsAliases(pod, hostname) } : {}),
    dnsSearch: dnsSearch(ref.namespace),
    ports: podPorts(pod, ctx.publishIP),
    image: pauseImage,
  };
}

/** containerLimits turns resources.limits into Docker's CPU (cores) and memory (bytes) limits. */
export function containerLimits(c: Container): { cpuLimit?: number; memoryLimit?: number } {
  const out: { cpuLimit?: number; memoryLimit?: number } = {};
  const l = c.resources?.limits;
  if (l?.cpu) out.cpuLimit = parseQuantity(l.cpu);
  if (l?.memory) out.memoryLimit = parseQuantity(l.memory);
  return out;
}

export interface ContainerBuildInput {
  sandboxId: string;
  restartCount: number;
  env: { name: string; value: string }[];
  mounts: Mount[];
  init: boolean;
  /** An ephemeral container, joining the process namespace of the target's running instance when one is named. */
  ephemeral?: { pidContainerId?: string };
}

/** buildContainerConfig describes one app, init or ephemeral container of a pod. */
export function buildContainerConfig(pod: Pod, c: Container, ctx: NodeContext, input: ContainerBuildInput): ContainerConfig {
  const ref = podRef(pod);
  const vars = new Map(input.env.map((e) => [e.name, e.value]));
  const expand = (s: string) => s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, n: string | undefined) => (m === '$$' ? '$' : n !== undefined && vars.has(n) ? (vars.get(n) as string) : m));
  const cfg: ContainerConfig = {
    name: containerName(ref, c.name, input.restartCount),
    sandboxId: input.sandboxId,
    image: c.image ?? '',
    env: input.env,
    mounts: input.mounts,
    labels: {
      ...podLabels(ref, ctx.node, ctx.extraLabels),
      [LABEL_TYPE]: TYPE_CONTAINER,
      [LABEL_CONTAINER_NAME]: c.name,
      [LABEL_SANDBOX_ID]: input.sandboxId,
      [LABEL_RESTART_COUNT]: String(input.restartCount),
      ...(input.init ? { [LABEL_INIT]: 'true' } : {}),
      ...(input.ephemeral ? { [LABEL_EPHEMERAL]: 'true' } : {}),
    },
    tty: !!c.tty,
    stdin: !!c.stdin,
    ...containerLimits(c),
  };
  if (c.command?.length) cfg.entrypoint = c.command.map(expand);
  if (c.args?.length) cfg.cmd = c.args.map(expand);
  if (c.workingDir) cfg.workingDir = c.workingDir;
  if (input.ephemeral?.pidContainerId) cfg.pidContainerId = input.ephemeral.pidContainerId;
  return cfg;
}
