import { describe, expect, it } from 'vitest';
import type { Event } from '../../../../shared/api/core';
import { eventReasons, matchesEventFilter, NO_EVENT_FILTER, shownCountText } from './event-filter';

const ev = (type: string, reason: string, kind: string, name: string, message: string): Event =>
  ({ metadata: { name: `${name}.1`, namespace: 'default' }, type, reason, message, involvedObject: { kind, name, namespace: 'default' } }) as Event;

describe('event filter', () => {
  const events = [ev('Warning', 'BackOff', 'Pod', 'web-1', 'Back-off restarting'), ev('Normal', 'Scheduled', 'Pod', 'web-2', 'assigned'), ev('Normal', 'ScalingReplicaSet', 'Deployment', 'web', 'Scaled up')];
  it('filters by type, reason, object and text', () => {
    expect(events.filter((e) => matchesEventFilter(e, { ...NO_EVENT_FILTER, type: 'Warning' }))).toHaveLength(1);
    expect(events.filter((e) => matchesEventFilter(e, { ...NO_EVENT_FILTER, reason: 'Scheduled' }))).toHaveLength(1);
    expect(events.filter((e) => matchesEventFilter(e, { ...NO_EVENT_FILTER, object: 'pod/web' }))).toHaveLength(2);
    expect(events.filter((e) => matchesEventFilter(e, { ...NO_EVENT_FILTER, text: 'scaled' }))).toHaveLength(1);
  });
  it('lists reasons and says the true count', () => {
    expect(eventReasons(events)).toEqual(['BackOff', 'ScalingReplicaSet', 'Scheduled']);
    expect(shownCountText(500, 812, 812)).toBe('showing the latest 500 of 812');
    expect(shownCountText(3, 3, 10)).toBe('3 of 10');
    expect(shownCountText(10, 10, 10)).toBe('10 events');
  });
});
