/** Pods: shape and the helpers the screens need (status as kubectl prints it, readiness, restarts). */
import type { Pod } from '../../../../shared/api/core';
import { podRowState } from '../../../../shared/api/printing';
import { GVR } from '../../../../shared/api/resources';

export type { Pod };
export const POD_GVR = GVR.pods;

/**
 * podStatus is the STATUS column of `kubectl get pods` (kubectl's printPod,
 * shared with the API server's Table printer): the phase, overridden by the
 * pod's reason, an init container's or a container's waiting or terminated
 * reason, and Terminating once a deletion is pending.
 */
export function podStatus(pod: Pod): string {
  return podRowState(pod, new Date()).reason || 'Pending';
}

/** StatusTone groups statuses for colour: ok, progress, warn, error, done. */
export type StatusTone = 'ok' | 'progress' | 'error' | 'done' | 'terminating';

/** statusTone picks the colour family of a pod status (and of a Job's or CronJob's). */
export function statusTone(status: string): StatusTone {
  // Bound/Available/default: a claim's, a volume's and a StorageClass's healthy states.
  if (status === 'Running' || status === 'Scheduled' || status === 'Bound' || status === 'Available' || status === 'default') return 'ok';
  if (status === 'Completed' || status === 'Succeeded' || status === 'Complete') return 'done';
  if (status === 'Suspended' || status === 'Released') return 'progress';
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
