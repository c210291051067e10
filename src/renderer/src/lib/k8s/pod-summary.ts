/** Summaries of many pods at once: counts by status, for a card too small to show each pod. */
import { podStatus, statusTone, type Pod, type StatusTone } from './pod';

/** StatusCount is how many pods show one status. */
export interface StatusCount {
  status: string;
  tone: StatusTone;
  count: number;
}

/** TONE_ORDER puts trouble first, then work in progress, then the healthy and the done. */
const TONE_ORDER: Record<StatusTone, number> = { error: 0, progress: 1, terminating: 2, ok: 3, done: 4 };

/**
 * countByStatus counts pods per status (kubectl's STATUS column), ordered by
 * tone (errors first) then by count, largest first.
 */
export function countByStatus(pods: readonly Pod[]): StatusCount[] {
  const counts = new Map<string, number>();
  for (const p of pods) {
    const s = podStatus(p);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts]
    .map(([status, count]) => ({ status, tone: statusTone(status), count }))
    .sort((a, b) => TONE_ORDER[a.tone] - TONE_ORDER[b.tone] || b.count - a.count || a.status.localeCompare(b.status));
}
