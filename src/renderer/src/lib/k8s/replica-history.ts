/**
 * The replica history behind the HPA card's chart: samples of desired and
 * current replicas taken while the card is open, joined with the HPA's
 * SuccessfulRescale events (which reach back before the card was opened),
 * on one time axis.
 */
import type { Event } from '../../../../shared/api/core';
import { eventTime } from './event';

/** ReplicaSample is what the HPA's status said at a time (ms since the epoch). */
export interface ReplicaSample {
  t: number;
  desired: number;
  current: number;
}

/** ScaleEvent is one rescale the HPA controller reported. */
export interface ScaleEvent {
  t: number;
  size: number;
  reason: string;
  /** How many times the event was seen (events are aggregated). */
  count: number;
}

const NEW_SIZE = /^New size: (\d+); reason: (.*)$/;

/** scaleEvents reads the SuccessfulRescale events of an HPA (any order in, oldest first out). */
export function scaleEvents(events: readonly Event[]): ScaleEvent[] {
  const out: ScaleEvent[] = [];
  for (const e of events) {
    if (e.reason !== 'SuccessfulRescale') continue;
    const m = NEW_SIZE.exec(e.message ?? '');
    const t = Date.parse(eventTime(e) ?? '');
    if (!m || !Number.isFinite(t)) continue;
    out.push({ t, size: Number(m[1]), reason: m[2] ?? '', count: e.count ?? 1 });
  }
  return out.sort((a, b) => a.t - b.t);
}

/**
 * addSample appends a sample unless it repeats the last one within `minGapMs`
 * (a new status or the periodic tick both sample; a flat line needs few points),
 * keeping at most `max` samples.
 */
export function addSample(samples: readonly ReplicaSample[], s: ReplicaSample, max = 96, minGapMs = 5_000): ReplicaSample[] {
  const last = samples[samples.length - 1];
  if (last && last.desired === s.desired && last.current === s.current && s.t - last.t < minGapMs) return samples as ReplicaSample[];
  return [...samples, s].slice(-max);
}

/** ChartStep is one point of a step line: from `t` on, the value is `v`. */
export interface ChartStep {
  t: number;
  v: number;
}

/** ReplicaChartData is everything the chart draws, on the time range [from, to]. */
export interface ReplicaChartData {
  from: number;
  to: number;
  top: number;
  desired: ChartStep[];
  current: ChartStep[];
  samples: ReplicaSample[];
  events: ScaleEvent[];
}

/**
 * replicaChartData joins samples and rescale events. Desired replicas follow
 * both (an event sets the new size at its time); current replicas follow the
 * samples only. The range starts at the oldest event or sample kept
 * (events older than `windowMs` before `now` are dropped) and ends `now`.
 */
export function replicaChartData(samples: readonly ReplicaSample[], events: readonly ScaleEvent[], now: number, max: number, windowMs = 16 * 60_000): ReplicaChartData {
  const since = now - windowMs;
  const evs = events.filter((e) => e.t >= since && e.t <= now);
  const kept = samples.filter((s) => s.t >= since);
  const desiredRaw = [...kept.map((s) => ({ t: s.t, v: s.desired })), ...evs.map((e) => ({ t: e.t, v: e.size }))].sort((a, b) => a.t - b.t);
  const first = Math.min(now - 60_000, ...desiredRaw.map((p) => p.t));
  return {
    from: first,
    to: now,
    top: Math.max(max, ...desiredRaw.map((p) => p.v), ...kept.map((s) => s.current), 1),
    desired: steps(desiredRaw),
    current: steps(kept.map((s) => ({ t: s.t, v: s.current }))),
    samples: kept,
    events: evs,
  };
}

/** steps drops points that do not change the value (the line is drawn as steps). */
function steps(points: readonly ChartStep[]): ChartStep[] {
  const out: ChartStep[] = [];
  for (const p of points) if (out.length === 0 || out[out.length - 1]!.v !== p.v) out.push(p);
  return out;
}

/** stepPath is the SVG polyline of a step line, held to `to` at its last value, in a width × height box. */
export function stepPath(points: readonly ChartStep[], from: number, to: number, top: number, width: number, height: number): string {
  if (points.length === 0) return '';
  const x = (t: number) => (((t - from) / Math.max(1, to - from)) * width).toFixed(1);
  const y = (v: number) => (height - (v / top) * height).toFixed(1);
  const out: string[] = [];
  points.forEach((p, i) => {
    if (i > 0) out.push(`${x(p.t)},${y(points[i - 1]!.v)}`);
    out.push(`${x(p.t)},${y(p.v)}`);
  });
  out.push(`${x(to)},${y(points[points.length - 1]!.v)}`);
  return out.join(' ');
}
