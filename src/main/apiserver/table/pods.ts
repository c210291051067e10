/**
 * The pod table, as kubectl's printPod (pkg/printers/internalversion):
 * Name, Ready, Status (the aggregate reason: Running, ContainerCreating,
 * CrashLoopBackOff, Completed, Init:0/1, Terminating…), Restarts, Age,
 * then priority-1 IP, Node, Nominated Node, Readiness Gates.
 */
import type { Container, ContainerStatus, Pod } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

function isRestartableInit(c: Container | undefined): boolean {
  return (c as (Container & { restartPolicy?: string }) | undefined)?.restartPolicy === 'Always';
}

function laterThan(a: string | undefined, b: string | undefined): boolean {
  if (!a) return false;
  if (!b) return true;
  return Date.parse(a) > Date.parse(b);
}

/** podStatusReason computes the Ready, Status and Restarts cells of a pod. */
export function podRowState(pod: Pod, now: Date): { ready: string; reason: string; restarts: string } {
  const status = pod.status ?? {};
  const spec = pod.spec ?? { containers: [] };
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;
  const phase = status.phase ?? '';
  let reason: string = status.reason || phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const initByName = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initByName.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    restarts += cs.restartCount ?? 0;
    const lastTerm = cs.lastState?.terminated?.finishedAt;
    if (laterThan(lastTerm, lastRestart)) lastRestart = lastTerm;
    const restartable = isRestartableInit(initByName.get(cs.name));
    if (restartable) {
      restartableInitRestarts += cs.restartCount ?? 0;
      if (laterThan(lastTerm, lastRestartableInitRestart)) lastRestartableInitRestart = lastTerm;
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += cs.restartCount ?? 0;
      const lastTerm = cs.lastState?.terminated?.finishedAt;
      if (laterThan(lastTerm, lastRestart)) lastRestart = lastTerm;
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting && waiting.reason) reason = waiting.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term && !term.reason) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart) restartsStr = `${restarts} (${translateTimestampSince(lastRestart, now)} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartsStr };
}

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
