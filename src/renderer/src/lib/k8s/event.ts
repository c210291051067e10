/** Events: shape and ordering. */
import type { Event } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';

export type { Event };
export const EVENT_GVR = GVR.events;

/** eventTime returns the most recent time an event was seen. */
export function eventTime(e: Event): string | undefined {
  return e.lastTimestamp || e.eventTime || e.firstTimestamp || e.metadata.creationTimestamp;
}

/** sortEventsNewestFirst orders events by their last time, newest first (a new array). */
export function sortEventsNewestFirst(events: readonly Event[]): Event[] {
  return [...events].sort((a, b) => (Date.parse(eventTime(b) ?? '') || 0) - (Date.parse(eventTime(a) ?? '') || 0));
}

/** eventsFor filters the events about one object. */
export function eventsFor(events: readonly Event[], kind: string, namespace: string | undefined, name: string): Event[] {
  return events.filter(
    (e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name && (e.involvedObject?.namespace ?? e.metadata.namespace) === namespace,
  );
}
