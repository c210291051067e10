import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../../../shared/api/apps';
import { restartPatch, rolloutHistory, undoPlan } from './rollout';

const dep = (image: string, extra: Partial<Deployment['metadata']> = {}, paused = false): Deployment =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, ...extra },
    spec: { paused, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } },
  }) as Deployment;

const rs = (name: string, revision: number, image: string, cause?: string): ReplicaSet =>
  ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }],
      annotations: { 'deployment.kubernetes.io/revision': String(revision), ...(cause ? { 'kubernetes.io/change-cause': cause } : {}) },
    },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'c', image }] } } },
    status: { replicas: revision === 2 ? 3 : 0 },
  }) as ReplicaSet;

const sets = [rs('web-b', 2, 'busybox:2', 'set image'), rs('web-a', 1, 'busybox:1')];

describe('rolloutHistory', () => {
  it('lists revisions oldest first with change-cause and images', () => {
    expect(rolloutHistory(dep('busybox:2'), sets)).toEqual([
      { revision: 1, replicaSet: 'web-a', changeCause: '', images: ['busybox:1'], replicas: 0 },
      { revision: 2, replicaSet: 'web-b', changeCause: 'set image', images: ['busybox:2'], replicas: 3 },
    ]);
  });
});

describe('undoPlan', () => {
  it('copies the revision\'s template without pod-template-hash, and its annotations minus the skipped ones', () => {
    const plan = undoPlan(dep('busybox:2'), sets, 1);
    expect(plan).toEqual({
      revision: 1,
      patch: [
        { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } } },
        // the Deployment keeps its own revision and last-applied; the RS's revision is not copied
        { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      ],
    });
  });

  it('defaults to the previous revision', () => {
    expect(undoPlan(dep('busybox:2'), sets)).toMatchObject({ revision: 1 });
  });

  it('copies the change-cause of the revision rolled back to', () => {
    const plan = undoPlan(dep('busybox:1'), sets, 2) as { patch: { value: Record<string, string> }[] };
    expect(plan.patch[1]!.value['kubernetes.io/change-cause']).toBe('set image');
  });

  it('skips when the template already matches, and refuses paused Deployments and unknown revisions as kubectl does', () => {
    expect(undoPlan(dep('busybox:1'), sets, 1)).toEqual({ skipped: 'skipped rollback (current template already matches revision 1)' });
    expect(undoPlan(dep('busybox:2', {}, true), sets, 1)).toMatchObject({ error: expect.stringContaining('you cannot rollback a paused deployment') });
    expect(undoPlan(dep('busybox:2'), sets, 7)).toEqual({ error: 'unable to find specified revision 7 in history' });
  });
});

describe('restartPatch', () => {
  it('sets kubectl.kubernetes.io/restartedAt on the pod template, RFC 3339 to the second', () => {
    expect(restartPatch(new Date('2026-01-02T03:04:05.678Z'))).toEqual({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-02T03:04:05Z' } } } } });
  });
});
