/** Pods: shape and the helpers the screens need (status as kubectl prints it, readiness, restarts). */
import type { Pod, ContainerStatus } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';

export type { Pod };
export const POD_GVR = GVR.pods;

/**
 * podStatus computes the STATUS column as `kubectl get pods` does
 * (printPod in kubernetes/pkg/printers/internalversion): the phase, overridden
 * by the pod's reason, an init container's or a container's waiting or
 * terminated reason, and Terminating once a deletion is pending.
 */
export function podStatus(pod: Pod): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || 'Pending';

  const inits = status.initContainerStatuses ?? [];
  const initTotal = pod.spec?.initContainers?.length ?? inits.length;
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i] as ContainerStatus;
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initTotal}`;
    }
    initializing = true;
    break;
  }

  if (!initializing) {
    let hasRunning = false;
    const containers = status.containerStatuses ?? [];
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i] as ContainerStatus;
      const st = c.state ?? {};
      if (st.waiting?.reason) reason = st.waiting.reason;
      else if (st.terminated?.reason) reason = st.terminated.reason;
      else if (st.terminated) reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${st.terminated.exitCode}`;
      else if (c.ready && st.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** StatusTone groups statuses for colour: ok, progress, warn, error, done. */
export type StatusTone = 'ok' | 'progress' | 'error' | 'done' | 'terminating';

/** statusTone picks the colour family of a pod status. */
export function statusTone(status: string): StatusTone {
  if (status === 'Running') return 'ok';
  if (status === 'Completed' || status === 'Succeeded') return 'done';
  if (status === 'Terminating') return 'terminating';
  if (/^(Pending|ContainerCreating|PodInitializing|Init:\d+\/\d+)$/.test(status)) return 'progress';
  return 'error';
}

/** podReady returns [ready containers, containers] for the READY column. */
export function podReady(pod: Pod): [number, number] {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  return [statuses.filter((c) => c.ready).length, total];
}

/** podRestarts sums the restart counts of the app containers. */
export function podRestarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** isPodActive reports a pod that still occupies its node (not Succeeded/Failed). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** podRequests sums the containers' resource requests, in base units (cores, bytes). */
export function podRequests(pod: Pod, parse: (q: string) => number): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    try {
      if (r.cpu) cpu += parse(r.cpu);
      if (r.memory) memory += parse(r.memory);
    } catch {
      // A malformed quantity cannot have passed validation; count it as zero.
    }
  }
  return { cpu, memory };
}
