/** Filtering the Events screen: by type, reason, involved object and free text. */
import type { Event } from '../../../../shared/api/core';

/** EventFilter is what the Events screen's filter row holds; empty strings filter nothing. */
export interface EventFilter {
  type: '' | 'Normal' | 'Warning';
  reason: string;
  /** "kind/name" or part of it ("pod/web", "web"). */
  object: string;
  text: string;
}

export const NO_EVENT_FILTER: EventFilter = { type: '', reason: '', object: '', text: '' };

/** involvedLabel is the object column's text ("pod/web-1"). */
export function involvedLabel(e: Event): string {
  const o = e.involvedObject ?? {};
  return `${(o.kind ?? '').toLowerCase()}/${o.name ?? ''}`;
}

/** matchesEventFilter reports whether `e` passes every filter (case-insensitive). */
export function matchesEventFilter(e: Event, f: EventFilter): boolean {
  if (f.type && e.type !== f.type) return false;
  if (f.reason && e.reason !== f.reason) return false;
  const obj = f.object.trim().toLowerCase();
  if (obj && !involvedLabel(e).includes(obj)) return false;
  const text = f.text.trim().toLowerCase();
  if (text && ![e.message, e.reason, involvedLabel(e), e.metadata.namespace, e.source?.component].some((v) => v?.toLowerCase().includes(text))) return false;
  return true;
}

/** eventReasons lists the distinct reasons, sorted, for the reason filter. */
export function eventReasons(events: readonly Event[]): string[] {
  return [...new Set(events.map((e) => e.reason).filter((r): r is string => !!r))].sort();
}

/** shownCountText says how many rows are on screen: "12 events", or "showing the latest 500 of 812". */
export function shownCountText(shown: number, matching: number, total: number): string {
  if (shown < matching) return `showing the latest ${shown} of ${matching}${matching < total ? ` (${total} in all)` : ''}`;
  return matching < total ? `${matching} of ${total}` : `${total} events`;
}
