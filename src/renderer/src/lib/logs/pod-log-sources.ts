/** Which logs a pod (or a workload's pods) offers, and why one has none yet. */
import type { ContainerStatus } from '../../../../shared/api/core';
import type { Pod } from '../k8s/pod';
import { podShortName } from './log-prefix';
import { sourceId, type LogSource } from './log-source';

/** ALL_CONTAINERS selects every container of each pod. */
export const ALL_CONTAINERS = '*';

/** containerNames lists the app containers, then the init containers, of the pods (each name once). */
export function containerNames(pods: readonly Pod[]): { app: string[]; init: string[] } {
  const app = new Set<string>();
  const init = new Set<string>();
  for (const p of pods) {
    for (const c of p.spec?.containers ?? []) app.add(c.name);
    for (const c of p.spec?.initContainers ?? []) init.add(c.name);
  }
  return { app: [...app], init: [...init].filter((n) => !app.has(n)) };
}

/**
 * logSources builds one source per pod and chosen container. Labels name
 * what tells the lines apart: the pod's short name when there are several
 * pods, the container when all containers are shown.
 */
export function logSources(pods: readonly Pod[], container: string, workloadName?: string): LogSource[] {
  const out: LogSource[] = [];
  const several = pods.length > 1 || workloadName !== undefined;
  const sorted = [...pods].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const p of sorted) {
    const ns = p.metadata.namespace ?? 'default';
    const name = p.metadata.name ?? '';
    const all = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((c) => c.name);
    const chosen = container === ALL_CONTAINERS ? all : all.filter((c) => c === container);
    for (const c of chosen) {
      const parts: string[] = [];
      if (several) parts.push(workloadName ? podShortName(name, workloadName) : name);
      if (container === ALL_CONTAINERS) parts.push(c);
      out.push({ id: sourceId(ns, name, c), namespace: ns, pod: name, container: c, label: parts.join('/') || c });
    }
  }
  return out;
}

function statusOf(pod: Pod, container: string): ContainerStatus | undefined {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s) => s.name === container);
}

/** notStartedReason explains, from the pod's status, why a container has no log to show yet (undefined: it has one). */
export function notStartedReason(pod: Pod, container: string, previous: boolean): string | undefined {
  const s = statusOf(pod, container);
  if (previous) {
    if (!s || (s.restartCount === 0 && !s.lastState?.terminated)) return `Container "${container}" has not restarted: there is no previous instance.`;
    return undefined;
  }
  if (!s) return `Container "${container}" has not been created yet (pod ${pod.status?.phase ?? 'Pending'}).`;
  if (s.state?.waiting && !s.containerID) {
    const w = s.state.waiting;
    return `Container "${container}" has not started yet: ${w.reason ?? 'waiting'}${w.message ? ` (${w.message})` : ''}.`;
  }
  return undefined;
}
