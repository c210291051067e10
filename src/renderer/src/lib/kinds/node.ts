/** Nodes: readiness, roles, version, and the pods they run. */
import type { Node, Pod } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { nodeInternalIP, nodeReady, nodeRoles } from '../k8s/node';
import { podStatus } from '../k8s/pod';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

function nodeStatus(n: Node): string {
  const ready = nodeReady(n);
  return n.spec?.unschedulable ? `${ready},SchedulingDisabled` : ready;
}

export const nodeKind: KindDescriptor = {
  kind: 'Node',
  resource: 'nodes',
  kubectlName: 'node',
  title: 'Nodes',
  gvr: GVR.nodes,
  namespaced: false,
  status: (o) => nodeStatus(o as Node),
  columns: [
    { header: 'Status', value: (o) => nodeStatus(o as Node) },
    { header: 'Roles', value: (o) => nodeRoles(o as Node), wide: true },
    { header: 'Version', value: (o) => (o as Node).status?.nodeInfo?.kubeletVersion ?? '', wide: true },
    { header: 'Internal IP', value: (o) => nodeInternalIP(o as Node) ?? '', wide: true },
    AGE,
  ],
  facts: (o) => {
    const n = o as Node;
    return [
      { term: 'Internal IP', value: nodeInternalIP(n) ?? '<none>' },
      { term: 'Pod CIDR', value: n.spec?.podCIDR ?? '<none>' },
      { term: 'Capacity', value: Object.entries(n.status?.capacity ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') },
      { term: 'Allocatable', value: Object.entries(n.status?.allocatable ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') },
      { term: 'Taints', value: (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') || '<none>' },
    ];
  },
  related: [{ title: 'Pods on this node', resource: 'pods', select: (n, p) => (p as Pod).spec?.nodeName === n.metadata.name, note: (p) => podStatus(p as Pod) }],
};
