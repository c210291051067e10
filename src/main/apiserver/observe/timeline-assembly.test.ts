import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { actorOf, assembleTimeline, boundRevisions, fieldChanges, MAX_REVISIONS_PER_OBJECT, namesObject } from './timeline-assembly';
import { RevisionRing } from './revision-ring';

const cm = (rv: string, data: Record<string, string>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'default', uid: 'u1', resourceVersion: rv, ...extra },
  data,
} as KubeObject);

describe('fieldChanges', () => {
  it('lists added, removed and replaced fields with their values, ignoring resourceVersion and managedFields', () => {
    const before = cm('5', { a: '1', b: '2' }, { managedFields: [{ manager: 'x' }] });
    const after = cm('9', { a: '3', c: '4' }, { managedFields: [{ manager: 'y' }] });
    expect(fieldChanges(before, after)).toEqual([
      { path: '/data/a', op: 'replace', from: '1', to: '3' },
      { path: '/data/b', op: 'remove', from: '2' },
      { path: '/data/c', op: 'add', to: '4' },
    ]);
  });
});

describe('fieldChanges of lists', () => {
  it('matches conditions by type and containers by name, other lists by index', () => {
    const pod = (conditions: { type: string; status: string }[], args: string[]) =>
      ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i', args }] }, status: { conditions } }) as unknown as KubeObject;
    const before = pod([{ type: 'PodScheduled', status: 'True' }], ['a']);
    const after = pod(
      [
        { type: 'Initialized', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'False' },
      ],
      ['b'],
    );
    expect(fieldChanges(before, after)).toEqual([
      { path: '/spec/containers/c/args/0', op: 'replace', from: 'a', to: 'b' },
      { path: '/status/conditions/Initialized', op: 'add', to: { type: 'Initialized', status: 'True' } },
      { path: '/status/conditions/Ready', op: 'add', to: { type: 'Ready', status: 'False' } },
    ]);
    // A whole list added shows as the list it is.
    const bare = { ...before, status: {} } as KubeObject;
    expect(fieldChanges(bare, after)).toContainEqual({ path: '/status/conditions', op: 'add', to: (after as unknown as { status: { conditions: unknown } }).status.conditions });
  });
});

describe('namesObject', () => {
  it('finds a name as a whole word', () => {
    expect(namesObject('Created pod: web-abc-1', 'web-abc-1')).toBe(true);
    expect(namesObject('Created pod: web-abc-10', 'web-abc-1')).toBe(false);
    expect(namesObject('Scaled up replica set web-abc from 0 to 2', 'web-abc')).toBe(true);
    expect(namesObject('Scaled up replica set web-abcd from 0 to 2', 'web-abc')).toBe(false);
  });
});

describe('actorOf', () => {
  it('places users on the flow diagram', () => {
    expect(['kubectl', 'replicaset-controller', 'kube-controller-manager', 'default-scheduler', 'kubelet/node-1', 'kubedeck-app'].map(actorOf)).toEqual([
      'client',
      'controllers',
      'controllers',
      'scheduler',
      'kubelet',
      'client',
    ]);
  });
});

describe('assembleTimeline', () => {
  it('measures time from the first request, keeps owners up to their limit and only Events about the objects', () => {
    const ring = new RevisionRing(100, () => 0);
    ring.committed(5, { key: '/registry/core/configmaps/default/c', type: 'create', at: 1_000, writer: 'kubectl' });
    ring.committed(6, { key: '/registry/core/configmaps/default/c', type: 'update', at: 1_050, writer: 'kubectl' });
    ring.delivered(6, 'kubedeck-app', 1_052);
    ring.committed(7, { key: '/registry/core/configmaps/default/c', type: 'update', at: 1_090, writer: 'kubectl' });
    // The request of revision 5 arrived 10 ms before its write.
    ring.write({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: 'a',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/default/configmaps',
      verb: 'create',
      user: { username: 'kubectl' },
      sourceIPs: [],
      objectRef: { resource: 'configmaps', apiVersion: 'v1', resourceVersion: '5' },
      responseStatus: { metadata: {}, code: 201 },
      requestReceivedTimestamp: new Date(990).toISOString(),
      stageTimestamp: new Date(1_001).toISOString(),
    });
    const ref = { group: '', resource: 'configmaps', kind: 'ConfigMap', namespace: 'default', name: 'c', uid: 'u1' };
    const ev = (uid: string, rv: string): Event => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: `e${rv}`, resourceVersion: rv }, involvedObject: { uid }, reason: 'Noticed', source: { component: 'someone' } }) as Event;
    const t = assembleTimeline({
      subject: ref,
      histories: [
        {
          ref,
          upTo: 6,
          revisions: [
            { revision: 5, type: 'create', object: cm('5', { a: '1' }) },
            { revision: 6, type: 'update', object: cm('6', { a: '2' }) },
            { revision: 7, type: 'update', object: cm('7', { a: '3' }) },
          ],
        },
      ],
      events: [ev('u1', '8'), ev('other', '9')],
      ring,
      revision: 9,
    });
    expect(t.start).toBe(990);
    expect(t.steps.map((s) => [s.revision, s.source, s.sinceStartMs])).toEqual([
      [5, 'write', 10],
      [6, 'write', 60],
      // The Event has no ring entry: its time is its own timestamps (none here), so 0 since start.
      [8, 'event', 0],
    ]);
    expect(t.steps[1]!.changes).toEqual([{ path: '/data/a', op: 'replace', from: '1', to: '2' }]);
    expect(t.steps[1]!.deliveries).toEqual([{ watcher: 'kubedeck-app', latencyMs: 2 }]);
    expect(t.steps[2]).toMatchObject({ component: 'someone', reason: 'Noticed', stage: 3 });
  });

  it("keeps an owner's Events only when they name its dependent on the timeline", () => {
    const ring = new RevisionRing(100, () => 0);
    const rs = { group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', namespace: 'default', name: 'web-abc', uid: 'rs' };
    const ev = (rv: string, message: string): Event => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: `e${rv}`, resourceVersion: rv }, involvedObject: { uid: 'rs' }, reason: 'SuccessfulCreate', message, source: { component: 'replicaset-controller' } }) as Event;
    const t = assembleTimeline({
      subject: { ...rs, resource: 'pods', kind: 'Pod', name: 'web-abc-1', uid: 'p1' },
      histories: [{ ref: rs, revisions: [], dependent: 'web-abc-1' }],
      events: [ev('3', 'Created pod: web-abc-2'), ev('4', 'Created pod: web-abc-1')],
      ring,
      revision: 5,
    });
    expect(t.steps.map((s) => s.message)).toEqual(['Created pod: web-abc-1']);
  });

  it("keeps an often-written object's first write and its latest, with no diff across the gap", () => {
    const ring = new RevisionRing(1000, () => 0);
    const all = Array.from({ length: 250 }, (_, i) => ({ revision: i + 1, type: (i === 0 ? 'create' : 'update') as 'create' | 'update', object: cm(String(i + 1), { n: String(i) }) }));
    const { revisions, omitted } = boundRevisions(all);
    expect(revisions).toHaveLength(MAX_REVISIONS_PER_OBJECT);
    expect(omitted).toBe(50);
    expect(revisions.map((r) => r.revision).slice(0, 3)).toEqual([1, 52, 53]);
    const ref = { group: '', resource: 'configmaps', kind: 'ConfigMap', namespace: 'default', name: 'c', uid: 'u1' };
    const t = assembleTimeline({ subject: ref, histories: [{ ref, revisions, omitted }], events: [], ring, revision: 250 });
    expect(t.omittedWrites).toBe(50);
    expect(t.steps[1]!.changes).toBeUndefined();
    expect(t.steps[2]!.changes).toEqual([{ path: '/data/n', op: 'replace', from: '51', to: '52' }]);
  });
});
