import { describe, expect, it } from 'vitest';
import type { TimelineStep } from '../../../../shared/api/timeline';
import { parseRoute, timelineHref } from '../../hooks/use-route';
import { flowFrame, formatMs, groupDeliveries, watcherComponent } from './timeline';

const step: TimelineStep = {
  revision: 42,
  source: 'write',
  object: { group: '', resource: 'pods', kind: 'Pod', namespace: 'default', name: 'web-1' },
  component: 'default-scheduler',
  actor: 'scheduler',
  stage: 6,
  title: 'default-scheduler bound Pod web-1 to node n1',
  verb: 'create',
  subresource: 'binding',
  type: 'update',
  at: 0,
  sinceStartMs: 12,
  deliveries: [
    { watcher: 'kube-controller-manager', latencyMs: 0.3 },
    { watcher: 'kubelet/n1', latencyMs: 0.5 },
    { watcher: 'kubedeck-app', latencyMs: 1 },
  ],
};

describe('flowFrame', () => {
  it('plays a write as the request, the store write, then the watch deliveries', () => {
    expect(flowFrame(step, 0)).toMatchObject({ lit: ['scheduler', 'apiserver'], arrows: [{ from: 'scheduler', to: 'apiserver', label: 'create Pod/binding' }] });
    expect(flowFrame(step, 1)).toMatchObject({ lit: ['apiserver', 'store'], arrows: [{ from: 'apiserver', to: 'store', label: 'rev 42' }], caption: 'stored at revision 42' });
    const f = flowFrame(step, 2);
    // The scheduler shares the controller manager's pod informer.
    expect(f.arrows.map((a) => a.to)).toEqual(['controllers', 'scheduler', 'kubelet', 'client']);
    expect(f.caption).toBe('watch delivered to kube-controller-manager, kubelet/n1, kubedeck-app');
  });

  it('places watchers on the diagram', () => {
    expect(watcherComponent('kube-controller-manager', 'ReplicaSet')).toEqual(['controllers']);
    expect(watcherComponent('endpoint-controller', 'Pod')).toEqual(['controllers']);
    expect(watcherComponent('kubectl', 'Pod')).toEqual(['client']);
  });
});

describe('timeline routes', () => {
  it('round-trips the timeline and flow hashes', () => {
    expect(parseRoute(timelineHref('deployments', 'default', 'web'))).toEqual({ view: 'timeline', resource: 'deployments', namespace: 'default', name: 'web', flow: false });
    expect(parseRoute(timelineHref('pods', 'ns', 'web-1', true))).toEqual({ view: 'timeline', resource: 'pods', namespace: 'ns', name: 'web-1', flow: true });
    expect(parseRoute('#/flow')).toEqual({ view: 'flow' });
  });

  it('formats durations', () => {
    expect([formatMs(0.42), formatMs(12.4), formatMs(1250)]).toEqual(['0.4 ms', '12 ms', '1.25 s']);
  });
});

describe('groupDeliveries', () => {
  it("folds one holder's watches into one entry with the first delay", () => {
    expect(groupDeliveries([{ watcher: 'a', latencyMs: 2 }, { watcher: 'b', latencyMs: 1 }, { watcher: 'a', latencyMs: 1.5 }])).toEqual([
      { watcher: 'a', latencyMs: 1.5, watches: 2 },
      { watcher: 'b', latencyMs: 1, watches: 1 },
    ]);
  });
});
