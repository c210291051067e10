/**
 * The Node object a kubelet registers and keeps current: capacity and
 * allocatable (from the engine or the node's config), labels, taints,
 * addresses, nodeInfo and the conditions (Ready with KubeletReady, or
 * False with the runtime's plain reason). Pure helpers; the kubelet writes.
 */
import type { Condition } from '../../shared/api/meta';
import type { Node, Taint } from '../../shared/api/core';
import { formatQuantity } from '../../shared/quantity';
import type { RuntimeInfo, RuntimeVersion } from './runtime/types';

export const KUBELET_VERSION = 'v1.32.0-kubedeck';

export interface NodeCapacity {
  /** Cores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  pods: number;
}

export interface RuntimeHealth {
  ready: boolean;
  /** The Ready condition's reason when not ready (default KubeletNotReady). */
  reason?: string;
  /** Why not ready, in plain words (e.g. the endpoint tried and how to start Docker). */
  message?: string;
  info?: RuntimeInfo;
  version?: RuntimeVersion;
}

/** capacityList renders capacity the way Kubernetes prints it (memory in Ki). */
export function capacityList(c: NodeCapacity): Record<string, string> {
  return {
    cpu: formatQuantity(c.cpu, 'cpu'),
    memory: `${Math.floor(c.memory / 1024)}Ki`,
    pods: String(c.pods),
    'ephemeral-storage': '100Gi',
  };
}

function cond(prev: Condition[] | undefined, type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: string): Condition {
  const old = prev?.find((c) => c.type === type);
  return {
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? now) : now,
  };
}

/** nodeConditions computes the kubelet-owned conditions. */
export function nodeConditions(prev: Condition[] | undefined, health: RuntimeHealth, now: string): Condition[] {
  return [
    cond(prev, 'MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', now),
    cond(prev, 'DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', now),
    cond(prev, 'PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', now),
    health.ready
      ? cond(prev, 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now)
      : cond(prev, 'Ready', 'False', health.reason ?? 'KubeletNotReady', health.message ?? 'container runtime is down', now),
  ];
}

export interface NodeSpecInput {
  name: string;
  capacity: NodeCapacity;
  labels: Record<string, string>;
  taints: Taint[];
  hostIP: string;
  health: RuntimeHealth;
}

/** buildNode renders a fresh Node object for registration. */
export function buildNode(n: NodeSpecInput, now: string): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': archLabel(n.health.info?.architecture),
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': archLabel(n.health.info?.architecture),
        ...n.labels,
      },
    },
    spec: n.taints.length ? { taints: n.taints } : {},
    status: nodeStatus(undefined, n, now),
  };
  return node;
}

/** nodeStatus renders status for a node, keeping transition times from prev. */
export function nodeStatus(prev: Node['status'] | undefined, n: NodeSpecInput, now: string): NonNullable<Node['status']> {
  const cap = capacityList(n.capacity);
  const info = n.health.info;
  return {
    ...prev,
    capacity: cap,
    allocatable: cap,
    conditions: nodeConditions(prev?.conditions, n.health, now),
    addresses: [
      { type: 'InternalIP', address: n.hostIP },
      { type: 'Hostname', address: n.name },
    ],
    nodeInfo: {
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      containerRuntimeVersion: n.health.version ? `${n.health.version.name}://${n.health.version.version}` : (prev?.nodeInfo?.containerRuntimeVersion ?? 'docker://unknown'),
      osImage: info?.os ?? prev?.nodeInfo?.osImage ?? '',
      operatingSystem: info?.osType ?? 'linux',
      architecture: archLabel(info?.architecture),
      kernelVersion: info?.kernelVersion ?? prev?.nodeInfo?.kernelVersion ?? '',
      machineID: n.name,
      systemUUID: n.name,
      bootID: '',
    },
  };
}

/** archLabel maps Docker's architecture names onto GOARCH names. */
export function archLabel(a: string | undefined): string {
  switch (a) {
    case 'x86_64':
    case undefined:
    case '':
      return 'amd64';
    case 'aarch64':
      return 'arm64';
    default:
      return a;
  }
}

/** microTime renders metav1.MicroTime (RFC 3339 with microseconds) for Lease renewTime. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}
