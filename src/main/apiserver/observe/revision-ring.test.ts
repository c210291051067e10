import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../audit/event';
import { RevisionRing } from './revision-ring';

function auditEv(rv: string, user: string, extra: Partial<AuditEvent['objectRef']> = {}, code = 201): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `id-${rv}-${user}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'create',
    user: { username: user },
    sourceIPs: ['127.0.0.1'],
    objectRef: { resource: 'pods', namespace: 'default', name: 'p', apiVersion: 'v1', resourceVersion: rv, ...extra },
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: '2026-01-01T00:00:00.100Z',
    stageTimestamp: '2026-01-01T00:00:00.200Z',
  };
}

describe('RevisionRing', () => {
  it('records commits and deliveries per revision, whichever comes first', () => {
    const ring = new RevisionRing(10, () => 0);
    ring.delivered(5, 'kube-controller-manager', 103);
    ring.committed(5, { key: '/registry/core/pods/default/p', type: 'create', at: 100, writer: 'replicaset-controller' });
    ring.delivered(5, 'kubelet/node-1', 104.5);
    const e = ring.get(5)!;
    expect(e).toMatchObject({ revision: 5, key: '/registry/core/pods/default/p', type: 'create', committedAt: 100, writer: 'replicaset-controller' });
    expect(e.deliveries).toEqual([
      { watcher: 'kube-controller-manager', at: 103 },
      { watcher: 'kubelet/node-1', at: 104.5 },
    ]);
  });

  it('keeps at most capacity revisions, dropping the oldest, and refuses evicted ones', () => {
    const ring = new RevisionRing(3, () => 0);
    for (let rev = 1; rev <= 5; rev++) ring.committed(rev, { key: `/k/${rev}`, type: 'create', at: rev });
    expect(ring.size).toBe(3);
    expect(ring.oldest).toBe(3);
    expect(ring.get(2)).toBeUndefined();
    ring.delivered(1, 'late'); // an old revision replayed to a new watch: not held, not added
    expect(ring.get(1)).toBeUndefined();
    expect(ring.size).toBe(3);
    expect(ring.since(3).map((e) => e.revision)).toEqual([4, 5]);
    expect(ring.since(0, 2).map((e) => e.revision)).toEqual([3, 4]);
  });

  it('takes verb, subresource, arrival and user from the audit Event of the write that made the revision', () => {
    const ring = new RevisionRing(10, () => 0);
    ring.committed(7, { key: '/registry/core/pods/default/p', type: 'update', at: 1, writer: 'default-scheduler' });
    ring.write({ ...auditEv('7', 'default-scheduler', { subresource: 'binding' }), verb: 'create' });
    // A no-op write answers with the object's existing revision: it must not overwrite the first.
    ring.write({ ...auditEv('7', 'kubectl'), verb: 'patch' });
    // Failures and revisions never stored add nothing.
    ring.write(auditEv('8', 'kubectl', {}, 409));
    expect(ring.get(7)).toMatchObject({ verb: 'create', subresource: 'binding', writer: 'default-scheduler', requestReceivedAt: Date.parse('2026-01-01T00:00:00.100Z') });
    expect(ring.get(8)).toBeUndefined();
  });

  it('bounds the deliveries of one revision', () => {
    const ring = new RevisionRing(10, () => 0);
    for (let i = 0; i < 100; i++) ring.delivered(1, `w${i}`, i);
    expect(ring.get(1)!.deliveries.length).toBe(64);
  });
});
