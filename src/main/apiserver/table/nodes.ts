/** The node table, as kubectl's printNode. */
import type { Node } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** nodeRoles lists roles from node-role.kubernetes.io/<role> and kubernetes.io/role labels. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

/** nodeStatus is "Ready", "NotReady" or "Unknown", with ",SchedulingDisabled" when cordoned. */
export function nodeStatus(node: Node): string {
  const conds = node.status?.conditions ?? [];
  const status: string[] = [];
  const ready = conds.find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

/** nodePrinter is the nodes table. */
export const nodePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const node = obj as Node;
    const roles = nodeRoles(node.metadata.labels);
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      roles.length ? roles.join(',') : '<none>',
      translateTimestampSince(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};
