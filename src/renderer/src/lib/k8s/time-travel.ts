/**
 * Time travel: the revision the app is viewing, when not live. Overview,
 * Workloads and Pods render inside a TravelScope; there every list is read
 * at the chosen revision (`resourceVersion=N&resourceVersionMatch=Exact`,
 * no watch) and actions are disabled. The slider's steps come from the
 * cluster's revision history (GET /kubedeck/revisions).
 */
import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { REVISIONS_PATH, type RevisionItem, type RevisionList } from '../../../../shared/api/revision-history';
import { apiRequest, withQuery } from './client';

/** TravelTarget is the revision viewed, with the write that made it when known. */
export interface TravelTarget {
  revision: number;
  /** The write at (or last before) the revision: its time and what it changed. */
  change?: RevisionItem;
}

let target: TravelTarget | undefined;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

/** travelTo views the cluster at a past revision. */
export function travelTo(next: TravelTarget): void {
  if (target?.revision === next.revision && target.change?.revision === next.change?.revision) return;
  target = next;
  emit();
}

/** backToLive returns to the present. */
export function backToLive(): void {
  if (!target) return;
  target = undefined;
  emit();
}

/** subscribeTravel calls l whenever the target changes; returns the unsubscribe function. */
export function subscribeTravel(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** travelTarget is the revision chosen on the slider (undefined: live). */
export function travelTarget(): TravelTarget | undefined {
  return target;
}

/** useTravelTarget is the revision chosen on the slider (undefined: live), wherever the component is. */
export function useTravelTarget(): TravelTarget | undefined {
  return useSyncExternalStore(subscribeTravel, travelTarget);
}

const ScopeContext = createContext(false);

/** TravelScope marks the screens that render at the chosen revision (Overview, Workloads, Pods). */
export function TravelScope({ children }: { children: ReactNode }) {
  return createElement(ScopeContext.Provider, { value: true }, children);
}

/** useTravelRevision is the revision lists read at here: the chosen one inside a TravelScope, undefined (live) elsewhere. */
export function useTravelRevision(): number | undefined {
  const inScope = useContext(ScopeContext);
  const t = useTravelTarget();
  return inScope ? t?.revision : undefined;
}

/** useReadOnly is true where the view shows the past: actions there are disabled. */
export function useReadOnly(): boolean {
  return useTravelRevision() !== undefined;
}

/** fetchRevisions reads the newest `limit` revisions (below `before` when given). */
export function fetchRevisions(limit: number, before?: number, signal?: AbortSignal): Promise<RevisionList> {
  return apiRequest<RevisionList>(withQuery(REVISIONS_PATH, { limit: String(limit), before: before === undefined ? undefined : String(before) }), { signal });
}

/**
 * changeAt finds the write the store was at, at revision, for the label of
 * a revision typed in: the newest write at or below it, or undefined when
 * the history does not reach back that far.
 */
export async function changeAt(revision: number): Promise<RevisionItem | undefined> {
  const page = await fetchRevisions(1, revision + 1);
  return page.items[0];
}

/** ascending returns a RevisionList's items oldest first: the slider's steps, left to right. */
export function ascending(list: RevisionList | undefined): RevisionItem[] {
  return list ? [...list.items].reverse() : [];
}

/** stepAt is the index of the newest step at or below revision (0 when all are newer, -1 when there are none). */
export function stepAt(steps: readonly RevisionItem[], revision: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid]!.revision <= revision) lo = mid + 1;
    else hi = mid;
  }
  return steps.length === 0 ? -1 : Math.max(0, lo - 1);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** formatClock writes a time as the wall clock of this machine: 14:03:12. */
export function formatClock(iso: string | number | Date): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** describeChange says what a write did: "update deployments default/web". */
export function describeChange(c: RevisionItem): string {
  const what = c.group ? `${c.resource}.${c.group}` : c.resource;
  return `${c.type} ${what} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
}

/** travelLabel is the mark the screens carry while travelling: "Viewing revision 1234 at 14:03:12". */
export function travelLabel(t: TravelTarget): string {
  return t.change ? `Viewing revision ${t.revision} at ${formatClock(t.change.time)}` : `Viewing revision ${t.revision}`;
}
