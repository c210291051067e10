import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api/batch';
import type { Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { formatIndexes, parseIndexes } from './indexes';
import { JobController, matchFailurePolicy } from './job-controller';

let h: Harness;
afterEach(() => h?.stop());

function jobObj(name: string, spec: Partial<Job['spec']> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': `uid-${name}` } },
      template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': `uid-${name}` } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
      ...spec,
    },
  };
}

async function setup(job: Job, backoffBaseMs = 0) {
  h = newHarness();
  h.client.seed(GVR.jobs, job);
  const ctrl = new JobController({
    client: h.client,
    jobInformer: h.informer<Job>(GVR.jobs),
    podInformer: h.informer<Pod>(GVR.pods),
    recorder: h.recorder,
    clock: h.clock,
    backoffBaseMs,
  });
  await h.start();
  return ctrl;
}

const livePods = () => h.client.all<Pod>(GVR.pods).filter((p) => !p.metadata.deletionTimestamp);
const active = () => livePods().filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');

/** finish marks a pod terminal as the kubelet would. */
async function finish(p: Pod, phase: 'Succeeded' | 'Failed', exitCode = phase === 'Succeeded' ? 0 : 1) {
  const cur = h.client.peek<Pod>(GVR.pods, p.metadata.namespace, p.metadata.name!)!;
  await h.client.updateStatus<Pod>(GVR.pods, 'default', {
    ...cur,
    status: { phase, containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'busybox', imageID: '', state: { terminated: { exitCode, finishedAt: new Date(h.clock.now()).toISOString() } } }] },
  } as Pod);
}

const job = (name: string) => h.client.peek<Job>(GVR.jobs, 'default', name)!;
const cond = (j: Job, type: string) => j.status?.conditions?.find((c) => c.type === type && c.status === 'True');

describe('Job controller', () => {
  it('runs completions 5 with parallelism 2: never more than 2 active, then Complete with 5 succeeded', async () => {
    const ctrl = await setup(jobObj('pi', { completions: 5, parallelism: 2 }));
    let maxActive = 0;
    for (let round = 0; round < 10 && !cond(job('pi'), 'Complete'); round++) {
      await converge(h, [ctrl]);
      maxActive = Math.max(maxActive, active().length);
      const a = active();
      if (a.length) await finish(a[0]!, 'Succeeded');
    }
    await converge(h, [ctrl]);
    const j = job('pi');
    expect(maxActive).toBe(2);
    expect(cond(j, 'Complete')).toMatchObject({ reason: 'CompletionsReached' });
    expect(j.status).toMatchObject({ succeeded: 5, ready: 0 });
    expect(j.status?.active).toBeUndefined();
    expect(j.status?.completionTime).toBeDefined();
    expect(h.client.all<Pod>(GVR.pods)).toHaveLength(5);
    for (const p of h.client.all<Pod>(GVR.pods)) {
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.metadata.name).toMatch(/^pi-/);
    }
    expect(h.recorder.events).toContain('Normal Completed Job completed');
  });

  it('gives an Indexed Job one pod per index with JOB_COMPLETION_INDEX from the annotation, and tracks completedIndexes', async () => {
    const ctrl = await setup(jobObj('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    await converge(h, [ctrl]);
    const pods = active();
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    for (const p of pods) {
      const i = p.metadata.labels?.['batch.kubernetes.io/job-completion-index'];
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${i}-`));
      expect(p.spec.containers[0]!.env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } });
    }
    // Index 1 fails: it is re-created with the same index.
    const one = pods.find((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === '1')!;
    await finish(one, 'Failed');
    await finish(pods.find((p) => p !== one)!, 'Succeeded');
    await converge(h, [ctrl]);
    expect(active().map((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).sort()).toHaveLength(2);
    expect(job('idx').status?.failed).toBe(1);
    for (const p of active()) await finish(p, 'Succeeded');
    await converge(h, [ctrl]);
    expect(job('idx').status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    expect(cond(job('idx'), 'Complete')).toBeDefined();
  });

  it('stops at backoffLimit with condition Failed (BackoffLimitExceeded) and waits the back-off between attempts', async () => {
    const ctrl = await setup(jobObj('bad', { backoffLimit: 1 }), 10_000);
    await converge(h, [ctrl]);
    await finish(active()[0]!, 'Failed');
    await converge(h, [ctrl]);
    // Back-off: no new pod before 10 s.
    expect(active()).toHaveLength(0);
    h.clock.advance(10_001);
    await converge(h, [ctrl]);
    expect(active()).toHaveLength(1);
    await finish(active()[0]!, 'Failed');
    await converge(h, [ctrl]);
    const j = job('bad');
    expect(cond(j, 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(j.status?.failed).toBe(2);
    expect(active()).toHaveLength(0);
  });

  it('a FailJob podFailurePolicy rule fails the Job at once; an Ignore rule does not count', async () => {
    const rules = [
      { action: 'Ignore' as const, onExitCodes: { operator: 'In' as const, values: [3] } },
      { action: 'FailJob' as const, onExitCodes: { containerName: 'c', operator: 'In' as const, values: [42] } },
    ];
    const ctrl = await setup(jobObj('pfp', { backoffLimit: 6, podFailurePolicy: { rules } }));
    await converge(h, [ctrl]);
    await finish(active()[0]!, 'Failed', 3);
    await converge(h, [ctrl]);
    expect(job('pfp').status?.failed).toBeUndefined();
    expect(active()).toHaveLength(1);
    const p = active()[0]!;
    await finish(p, 'Failed', 42);
    await converge(h, [ctrl]);
    expect(cond(job('pfp'), 'Failed')).toMatchObject({ reason: 'PodFailurePolicy', message: `Container c for pod default/${p.metadata.name} failed with exit code 42 matching FailJob rule at index 1` });
    expect(matchFailurePolicy(rules, { metadata: { name: 'x', namespace: 'd' }, spec: { containers: [] }, status: { phase: 'Failed' } })).toBeUndefined();
  });

  it('expectations stop a second sync from creating again before the watch shows the pods', async () => {
    const ctrl = await setup(jobObj('e', { completions: 4, parallelism: 3 }));
    h.client.holdWatches();
    await ctrl.sync('default/e');
    await ctrl.sync('default/e');
    expect(h.client.actions.filter((a) => a.verb === 'create' && a.resource === 'pods')).toHaveLength(3);
    h.client.releaseWatches();
    await converge(h, [ctrl]);
    expect(active()).toHaveLength(3);
  });

  it('suspend deletes the active pods and sets Suspended; activeDeadlineSeconds fails the Job', async () => {
    const ctrl = await setup(jobObj('s', { completions: 2, parallelism: 2, activeDeadlineSeconds: 30 }));
    await converge(h, [ctrl]);
    expect(active()).toHaveLength(2);
    h.clock.advance(30_001);
    await converge(h, [ctrl]);
    expect(cond(job('s'), 'Failed')).toMatchObject({ reason: 'DeadlineExceeded' });
    expect(livePods()).toHaveLength(0);

    h.client.seed(GVR.jobs, jobObj('sus', { suspend: true }));
    await converge(h, [ctrl]);
    expect(cond(job('sus'), 'Suspended')).toMatchObject({ reason: 'JobSuspended' });
    expect(livePods()).toHaveLength(0);
  });

  it('deletes a finished Job after ttlSecondsAfterFinished', async () => {
    const ctrl = await setup(jobObj('ttl', { ttlSecondsAfterFinished: 5 }));
    await converge(h, [ctrl]);
    await finish(active()[0]!, 'Succeeded');
    await converge(h, [ctrl]);
    expect(cond(job('ttl'), 'Complete')).toBeDefined();
    h.clock.advance(5_001);
    await converge(h, [ctrl]);
    expect(h.client.peek<Job>(GVR.jobs, 'default', 'ttl')).toBeUndefined();
  });

  it('formats completion indexes as intervals', () => {
    expect(formatIndexes([4, 0, 1, 2])).toBe('0-2,4');
    expect(parseIndexes('0-2,4')).toEqual([0, 1, 2, 4]);
  });
});
