/**
 * Timelines (issue 13): fetching one object's timeline from the API server's
 * `/kubedeck/v1/timeline`, the words for each stage of the loop, and the
 * frames of the flow diagram: which components act and which arrows light
 * up as a step happens (the request, the write to the store, the watches
 * that deliver it).
 */
import { useQuery } from '@tanstack/react-query';
import { TIMELINE_PATH, type DeliveryLatency, type FlowComponent, type Stage, type Timeline, type TimelineStep } from '../../../../shared/api/timeline';
import { apiRequest, withQuery } from './client';
import { k8sKeys } from './query-keys';

/** STAGE_LABELS names the eight steps of the loop as introductions teach them. */
export const STAGE_LABELS: Record<Stage, string> = {
  1: 'request received',
  2: 'stored',
  3: 'controller acted',
  4: 'pod stored (unscheduled)',
  5: 'scheduler picked a node',
  6: 'binding stored',
  7: 'kubelet at work',
  8: 'running',
};

/** COMPONENT_LABELS names the boxes of the flow diagram. */
export const COMPONENT_LABELS: Record<FlowComponent, string> = {
  client: 'Client (kubectl, app)',
  apiserver: 'API server',
  store: 'Store',
  controllers: 'Controllers',
  scheduler: 'Scheduler',
  kubelet: 'Kubelet',
};

/** fetchTimeline reads one object's timeline. */
export function fetchTimeline(group: string, resource: string, namespace: string, name: string, signal?: AbortSignal): Promise<Timeline> {
  return apiRequest<Timeline>(withQuery(TIMELINE_PATH, { group, resource, namespace, name }), signal ? { signal } : {});
}

/** useTimeline keeps one object's timeline, refetched every `refreshMs` (0: once). */
export function useTimeline(group: string, resource: string, namespace: string, name: string, refreshMs: number) {
  return useQuery({
    queryKey: k8sKeys.timeline(group, resource, namespace, name),
    queryFn: ({ signal }) => fetchTimeline(group, resource, namespace, name, signal),
    refetchInterval: refreshMs > 0 ? refreshMs : false,
    refetchOnWindowFocus: false,
    retry: (count, err) => count < 3 && !(err instanceof Error && 'code' in err && (err as { code: number }).code === 404),
  });
}

/** watcherComponent places a watch's holder on the diagram. */
export function watcherComponent(watcher: string, kind: string): FlowComponent[] {
  if (watcher === 'kube-controller-manager') return kind === 'Pod' ? ['controllers', 'scheduler'] : ['controllers'];
  if (watcher === 'default-scheduler') return ['scheduler'];
  if (watcher.startsWith('kubelet/')) return ['kubelet'];
  if (/controller/.test(watcher)) return ['controllers'];
  return ['client'];
}

/** Arrow is one lit arrow of a frame. */
export interface Arrow {
  from: FlowComponent;
  to: FlowComponent;
  label: string;
}

/** FlowFrame is what the diagram shows at one moment. */
export interface FlowFrame {
  lit: FlowComponent[];
  arrows: Arrow[];
  caption: string;
}

/** PHASES is how many frames one step plays: the request, the write, the watch deliveries. */
export const PHASES = 3;

/** verbOf words a step's request for an arrow ("create Pod", "binding", "status", "Event Started"). */
function requestLabel(s: TimelineStep): string {
  if (s.source === 'event') return `Event ${s.reason ?? ''}`.trim();
  if (s.subresource) return `${s.verb ?? 'update'} ${s.object.kind}/${s.subresource}`;
  return `${s.verb ?? s.type ?? 'write'} ${s.object.kind}`;
}

/** flowFrame is the diagram during one phase (0..PHASES-1) of a step. */
export function flowFrame(s: TimelineStep, phase: number): FlowFrame {
  const actor = s.actor;
  if (phase <= 0) {
    return { lit: [actor, 'apiserver'], arrows: [{ from: actor, to: 'apiserver', label: requestLabel(s) }], caption: `${s.component} → API server: ${requestLabel(s)}` };
  }
  if (phase === 1) {
    return { lit: ['apiserver', 'store'], arrows: [{ from: 'apiserver', to: 'store', label: `rev ${s.revision}` }], caption: `stored at revision ${s.revision}` };
  }
  const watchers = [...new Set((s.deliveries ?? []).flatMap((d) => watcherComponent(d.watcher, s.object.kind)))];
  const names = (s.deliveries ?? []).map((d) => d.watcher);
  return {
    lit: ['store', 'apiserver', ...watchers],
    arrows: watchers.map((w) => ({ from: 'apiserver' as const, to: w, label: 'watch' })),
    caption: names.length ? `watch delivered to ${[...new Set(names)].join(', ')}` : `revision ${s.revision}: no watch delivery recorded`,
  };
}

/** formatMs prints a duration for the timeline ("+0.4 ms", "+1.25 s"). */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** formatValue prints a changed field's value briefly. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** groupDeliveries folds a holder's several watches into one entry: the first delivery's delay, and how many watches got it. */
export function groupDeliveries(deliveries: readonly DeliveryLatency[]): (DeliveryLatency & { watches: number })[] {
  const by = new Map<string, DeliveryLatency & { watches: number }>();
  for (const d of deliveries) {
    const g = by.get(d.watcher);
    if (g) {
      g.watches++;
      g.latencyMs = Math.min(g.latencyMs, d.latencyMs);
    } else by.set(d.watcher, { ...d, watches: 1 });
  }
  return [...by.values()];
}
