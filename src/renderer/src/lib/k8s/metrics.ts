/** Pure helpers for metrics.k8s.io objects and the HPA as the app shows them. */
import type { HorizontalPodAutoscaler } from '../../../../shared/api/autoscaling';
import type { KubeObject } from '../../../../shared/api/meta';

/** HISTORY_ANNOTATION mirrors the API server's (a single GET of PodMetrics/NodeMetrics carries it). */
export const HISTORY_ANNOTATION = 'kubedeck.io/usage-history';

/** UsageSeries is a history: times (s), CPU (millicores), memory (bytes). */
export interface UsageSeries {
  t: number[];
  cpu: number[];
  memory: number[];
}

/** parseHistory reads the history annotation; an absent or malformed one is an empty series. */
export function parseHistory(obj: KubeObject | undefined): UsageSeries {
  const out: UsageSeries = { t: [], cpu: [], memory: [] };
  const raw = obj?.metadata.annotations?.[HISTORY_ANNOTATION];
  if (!raw) return out;
  try {
    const rows = JSON.parse(raw) as unknown;
    if (!Array.isArray(rows)) return out;
    for (const r of rows) {
      if (!Array.isArray(r) || r.length < 3 || !r.every((n) => typeof n === 'number')) continue;
      out.t.push(r[0] as number);
      out.cpu.push(r[1] as number);
      out.memory.push(r[2] as number);
    }
  } catch {
    // Not ours to fail on: no chart.
  }
  return out;
}

/** HpaSummary is what the HPA card shows for the first cpu/memory metric. */
export interface HpaSummary {
  resource: string;
  /** Current and target in percent (Utilization) or as quantities (AverageValue). */
  current: string;
  target: string;
  min: number;
  max: number;
  currentReplicas: number;
  desiredReplicas: number;
}

/** hpaSummary reads the first Resource metric of an HPA with its current value. */
export function hpaSummary(h: HorizontalPodAutoscaler): HpaSummary {
  const m = (h.spec.metrics ?? []).find((x) => x.type === 'Resource' && x.resource);
  const name = m?.resource?.name ?? 'cpu';
  const cur = h.status?.currentMetrics?.find((c) => c.type === 'Resource' && c.resource?.name === name)?.resource?.current;
  const util = m?.resource?.target.type === 'Utilization';
  return {
    resource: name,
    current: util ? (cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>') : (cur?.averageValue ?? '<unknown>'),
    target: util ? `${m?.resource?.target.averageUtilization ?? 80}%` : (m?.resource?.target.averageValue ?? '<unknown>'),
    min: h.spec.minReplicas ?? 1,
    max: h.spec.maxReplicas,
    currentReplicas: h.status?.currentReplicas ?? 0,
    desiredReplicas: h.status?.desiredReplicas ?? 0,
  };
}

/** sparklinePoints maps values to an SVG polyline's points in a width × height box (min 0). */
export function sparklinePoints(values: readonly number[], width: number, height: number, ceiling?: number): string {
  if (values.length === 0) return '';
  const top = Math.max(ceiling ?? 0, ...values, 1e-9);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => `${(i * step).toFixed(1)},${(height - (Math.max(0, v) / top) * height).toFixed(1)}`).join(' ');
}
