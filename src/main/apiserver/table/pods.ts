/**
 * The pod table, as kubectl's printPod (pkg/printers/internalversion):
 * Name, Ready, Status (the aggregate reason: Running, ContainerCreating,
 * CrashLoopBackOff, Completed, Init:0/1, Terminating…), Restarts, Age,
 * then priority-1 IP, Node, Nominated Node, Readiness Gates.
 */
import type { Pod } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { podRowState, translateTimestampSince } from '../../../shared/api/printing';
import { ageColumn, col, nameColumn, type TablePrinter } from './printer';

/** podPrinter is the pods table. */
export const podPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    col('IP', 'string', 'podIP is the IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const pod = obj as Pod;
    const st = podRowState(pod, now);
    const status = pod.status ?? {};
    const podIP = status.podIPs?.[0]?.ip || status.podIP || '<none>';
    const node = pod.spec?.nodeName || '<none>';
    const nominated = status.nominatedNodeName || '<none>';
    const gates = ((pod.spec as { readinessGates?: { conditionType: string }[] } | undefined)?.readinessGates ?? []);
    let readinessGates = '<none>';
    if (gates.length) {
      const ok = gates.filter((g) => (status.conditions ?? []).find((c) => c.type === g.conditionType)?.status === 'True').length;
      readinessGates = `${ok}/${gates.length}`;
    }
    return [
      pod.metadata.name ?? '',
      st.ready,
      st.reason,
      st.restarts,
      translateTimestampSince(pod.metadata.creationTimestamp, now),
      podIP,
      node,
      nominated,
      readinessGates,
    ];
  },
};
