/**
 * Where a DaemonSet's pods belong (Kubernetes' daemon/util): the nodes whose
 * labels match the template's node selector and required node affinity and
 * whose NoSchedule/NoExecute taints the pod tolerates, counting the
 * tolerations every daemon pod gets; and the pod's affinity pinned to one node.
 */
import type { Node, NodeSelectorTerm, Pod, PodTemplateSpec, Toleration } from '../../../shared/api/core';
import { nodeMatchesTerms } from '../../scheduler/plugins';
import { tolerationsTolerate } from '../nodelifecycle/taints';

/** DAEMON_TOLERATIONS are added to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** withDaemonTolerations returns tolerations plus the daemon ones not already present. */
export function withDaemonTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  const out = [...(tolerations ?? [])];
  for (const t of DAEMON_TOLERATIONS) if (!out.some((x) => x.key === t.key && x.effect === t.effect)) out.push({ ...t });
  return out;
}

/** nodeShouldRunDaemonPod reports whether a daemon pod from template belongs on node. */
export function nodeShouldRunDaemonPod(node: Readonly<Node>, template: Readonly<PodTemplateSpec>): boolean {
  if (node.metadata.deletionTimestamp) return false;
  const spec = template.spec;
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !nodeMatchesTerms(terms, labels, node.metadata.name!)) return false;
  const tolerations = withDaemonTolerations(spec?.tolerations);
  for (const t of node.spec?.taints ?? []) {
    if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
    if (!tolerationsTolerate(tolerations, t)) return false;
  }
  return true;
}

/**
 * pinToNode sets the pod's required node affinity to the node by name
 * (ReplaceDaemonSetPodNodeNameNodeAffinity): the scheduler binds it there,
 * after checking resources, instead of the controller setting nodeName.
 */
export function pinToNode(spec: Pod['spec'], nodeName: string): void {
  const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  spec.affinity = {
    ...(spec.affinity ?? {}),
    nodeAffinity: { ...(spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } },
  };
}

/** daemonPodNode is the node a daemon pod runs on or is pinned to. */
export function daemonPodNode(pod: Readonly<Pod>): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const f = (t.matchFields ?? []).find((x) => x.key === 'metadata.name' && x.operator === 'In' && x.values?.length === 1);
    if (f) return f.values![0];
  }
  return undefined;
}
