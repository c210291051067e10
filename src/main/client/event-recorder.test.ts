import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { FakeApiClient } from './testing/fake-client';
import { FakeClock } from './testing/fake-clock';
import { createEventRecorder } from './event-recorder';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u1' },
  spec: { containers: [] },
};

describe('event recorder', () => {
  it('writes an Event with involvedObject, source and a <name>.<hex> name', async () => {
    const c = new FakeApiClient();
    const r = createEventRecorder(c, { component: 'default-scheduler', clock: new FakeClock() });
    r.event(pod, 'Normal', 'Scheduled', 'Successfully assigned shop/web-1 to n1');
    await r.flush();
    const [ev] = c.all<Event>(GVR.events, 'shop');
    expect(ev!.metadata.name).toMatch(/^web-1\.[0-9a-f]+$/);
    expect(ev!.involvedObject).toMatchObject({ kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'u1' });
    expect(ev!.source).toEqual({ component: 'default-scheduler' });
    expect(ev).toMatchObject({ type: 'Normal', reason: 'Scheduled', count: 1 });
    expect(ev!.firstTimestamp).toBe(ev!.lastTimestamp);
  });

  it('aggregates repeats: count grows, lastTimestamp moves, firstTimestamp stays', async () => {
    const c = new FakeApiClient();
    const clock = new FakeClock();
    const r = createEventRecorder(c, { component: 'replicaset-controller', clock });
    r.event(pod, 'Warning', 'FailedCreate', 'quota');
    clock.advance(5000);
    r.event(pod, 'Warning', 'FailedCreate', 'quota');
    clock.advance(5000);
    r.event(pod, 'Warning', 'FailedCreate', 'quota');
    r.event(pod, 'Warning', 'FailedCreate', 'another message');
    await r.flush();
    const evs = c.all<Event>(GVR.events, 'shop');
    expect(evs).toHaveLength(2);
    const agg = evs.find((e) => e.message === 'quota')!;
    expect(agg.count).toBe(3);
    expect(Date.parse(agg.lastTimestamp!) - Date.parse(agg.firstTimestamp!)).toBe(10_000);
  });

  it('starts a new Event when the aggregate was deleted, and puts cluster-scoped objects in default', async () => {
    const c = new FakeApiClient();
    const r = createEventRecorder(c, { component: 'node-controller', clock: new FakeClock() });
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'n' } };
    r.event(node, 'Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady');
    await r.flush();
    const [first] = c.all<Event>(GVR.events, 'default');
    await c.delete(GVR.events, 'default', first!.metadata.name!);
    r.event(node, 'Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady');
    await r.flush();
    const evs = c.all<Event>(GVR.events, 'default');
    expect(evs).toHaveLength(1);
    expect(evs[0]!.count).toBe(1);
  });
});
