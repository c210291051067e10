/**
 * Issue 16 A1 and A2 on real Docker with the real kubectl: Jobs (completions
 * with bounded parallelism checked over a watch, Indexed Jobs' indexes, a
 * failing Job stopping at backoffLimit) and CronJobs (Jobs on schedule,
 * history limits, Forbid). The CronJob schedule and the failure back-off are
 * shortened in config.yaml, as a user would shorten them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CronJob, Job } from '../../src/shared/api/batch';
import type { Event, Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { jobOptionsOf } from '../../src/main/cluster/components';
import { loadClusterConfig } from '../../src/main/cluster/config';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-batch-${run}`;
const busybox = { image: 'busybox:latest', imagePullPolicy: 'IfNotPresent' as const };
let tc: TestCluster;
let rt: DockerRuntime;

beforeAll(async () => {
  rt = await connectTestRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-batch-'));
  // A schedule minute lasts 2 s; a failed pod is replaced after 1 s (then 2 s, …).
  writeFileSync(join(dataDir, 'config.yaml'), 'jobs:\n  cronSecondsPerMinute: 2\n  podFailureBackoffSeconds: 1\n');
  const cfg = await loadClusterConfig(dataDir);
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', heartbeatIntervalMs: 500, extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({ dataDir, components: [controllerManagerComponent({ jobs: jobOptionsOf(cfg.jobs!) }), schedulerComponent(), ...k.components], podStreams: k.podStreams });
  await waitFor(async () => (await tc.cluster.client.get<Node>(GVR.nodes, undefined, node)).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'), {
    timeoutMs: 30_000,
    what: 'node Ready',
  });
}, 60_000);

afterAll(async () => {
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
}, 60_000);

const apply = (obj: object) => tc.kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(obj) });
const podsOf = async (selector: string) => (await tc.cluster.client.list<Pod>(GVR.pods, 'default', { labelSelector: selector })).items;

function job(name: string, spec: Partial<Job['spec']>, command: string[]): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', ...busybox, command }] } }, ...spec },
  };
}

describe('Jobs (A1)', () => {
  it('completions 5 / parallelism 2: 5 succeeded pods, never more than 2 running at once (over a watch), kubectl wait and get', { timeout: 120_000 }, async () => {
    // Watch before creating, so every pod transition is seen.
    const phases = new Map<string, string>();
    let maxRunning = 0;
    const sub = await tc.cluster.client.watch<Pod>(GVR.pods, 'default', { labelSelector: 'batch.kubernetes.io/job-name=par' }, {
      onEvent(ev) {
        if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return;
        const p = ev.object as Pod;
        if (ev.type === 'DELETED') phases.delete(p.metadata.name!);
        else phases.set(p.metadata.name!, p.metadata.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending'));
        maxRunning = Math.max(maxRunning, [...phases.values()].filter((x) => x === 'Running').length);
      },
    });
    try {
      await apply(job('par', { completions: 5, parallelism: 2 }, ['sh', '-c', 'sleep 1']));
      await tc.kubectl.ok(['wait', '--for=condition=complete', 'job/par', '--timeout=100s'], { timeoutMs: 110_000 });
    } finally {
      sub.stop();
    }
    expect(maxRunning).toBeGreaterThan(0);
    expect(maxRunning).toBeLessThanOrEqual(2);
    const j = await tc.kubectl.json<Job>(['get', 'job', 'par']);
    expect(j.status).toMatchObject({ succeeded: 5 });
    expect(j.status?.failed ?? 0).toBe(0);
    expect(j.status?.conditions?.find((c) => c.type === 'Complete')).toMatchObject({ status: 'True' });
    const pods = await podsOf('batch.kubernetes.io/job-name=par');
    expect(pods.filter((p) => p.status?.phase === 'Succeeded')).toHaveLength(5);
    const table = await tc.kubectl.ok(['get', 'jobs', 'par']);
    expect(table.split('\n')[0]!.trim().split(/\s+/)).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(table).toMatch(/par\s+Complete\s+5\/5\s+/);
    expect(await tc.kubectl.ok(['describe', 'job', 'par'])).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 5 Succeeded \/ 0 Failed/);
  });

  it('an Indexed Job\'s pods see JOB_COMPLETION_INDEX 0–4', { timeout: 120_000 }, async () => {
    await apply(job('idx', { completions: 5, parallelism: 3, completionMode: 'Indexed' }, ['sh', '-c', 'echo index=$JOB_COMPLETION_INDEX']));
    await tc.kubectl.ok(['wait', '--for=condition=complete', 'job/idx', '--timeout=100s'], { timeoutMs: 110_000 });
    const pods = (await podsOf('batch.kubernetes.io/job-name=idx')).filter((p) => p.status?.phase === 'Succeeded');
    const seen: string[] = [];
    for (const p of pods) seen.push((await tc.kubectl.ok(['logs', p.metadata.name!])).trim());
    expect(seen.sort()).toEqual(['index=0', 'index=1', 'index=2', 'index=3', 'index=4']);
    expect((await tc.kubectl.json<Job>(['get', 'job', 'idx'])).status?.completedIndexes).toBe('0-4');
  });

  it('a failing Job stops at backoffLimit with condition Failed; kubectl create job is accepted', { timeout: 120_000 }, async () => {
    await apply(job('fail', { backoffLimit: 1 }, ['sh', '-c', 'exit 3']));
    await tc.kubectl.ok(['wait', '--for=condition=failed', 'job/fail', '--timeout=100s'], { timeoutMs: 110_000 });
    const j = await tc.kubectl.json<Job>(['get', 'job', 'fail']);
    expect(j.status?.conditions?.find((c) => c.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(j.status?.failed).toBe(2);
    expect(await tc.kubectl.ok(['get', 'job', 'fail'])).toMatch(/fail\s+Failed\s+0\/1\s+/);
    const pods = await podsOf('batch.kubernetes.io/job-name=fail');
    expect(pods.filter((p) => p.status?.phase === 'Failed')).toHaveLength(2);
    expect(pods.filter((p) => p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp)).toHaveLength(0);

    // kubectl create job (a typed client: protobuf body) gets the generated selector and labels.
    await tc.kubectl.ok(['create', 'job', 'plain', '--image=busybox:latest', '--', 'true']);
    const plain = await tc.kubectl.json<Job>(['get', 'job', 'plain']);
    expect(plain.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': plain.metadata.uid } });
    expect(plain.spec.template.metadata?.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'plain', 'job-name': 'plain' });
    expect(plain.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed' });
    await tc.kubectl.ok(['delete', 'job', 'plain', '--wait=false']);
  });
});

describe('CronJobs (A2)', () => {
  const cronJob = (name: string, spec: Partial<CronJob['spec']>, command: string[]): CronJob => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '* * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', ...busybox, command }] } } } },
      ...spec,
    },
  });
  const ownedJobs = async (cj: string) => (await tc.cluster.client.list<Job>(GVR.jobs, 'default')).items.filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === cj));
  const complete = (j: Job) => j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True');

  it('an every-minute CronJob creates Jobs on schedule and keeps the history limit; kubectl create job --from works', { timeout: 120_000 }, async () => {
    await apply(cronJob('tick', { successfulJobsHistoryLimit: 2 }, ['true']));
    const created = new Set<string>();
    // Jobs keep coming (one per 2-s minute); the completed ones are trimmed to 2.
    await waitFor(async () => {
      for (const j of await ownedJobs('tick')) created.add(j.metadata.name!);
      return created.size >= 5;
    }, { timeoutMs: 90_000, intervalMs: 250, what: '5 Jobs created by the CronJob' });
    const names = [...created].map((n) => Number(n.replace('tick-', '')));
    expect(names.every((n) => Number.isInteger(n))).toBe(true);
    await tc.kubectl.ok(['patch', 'cronjob', 'tick', '--type=merge', '-p', '{"spec":{"suspend":true}}']);
    await waitFor(async () => {
      const jobs = await ownedJobs('tick');
      return jobs.every(complete) && jobs.filter(complete).length <= 2 ? jobs : undefined;
    }, { timeoutMs: 60_000, what: 'history trimmed to 2 complete Jobs' });
    const cj = await tc.kubectl.json<CronJob>(['get', 'cronjob', 'tick']);
    expect(cj.status?.lastScheduleTime).toBeDefined();
    expect(cj.status?.lastSuccessfulTime).toBeDefined();
    const table = await tc.kubectl.ok(['get', 'cronjobs', 'tick']);
    expect(table.split('\n')[0]!.trim().split(/\s+/)).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST', 'SCHEDULE', 'AGE']);
    expect(table).toMatch(/tick\s+\* \* \* \* \*\s+<none>\s+True\s+0\s+/);

    expect(await tc.kubectl.ok(['describe', 'cronjob', 'tick'])).toMatch(/Concurrency Policy:\s+Allow/);
    expect(await tc.kubectl.ok(['explain', 'cronjob.spec.concurrencyPolicy'])).toMatch(/FIELD: concurrencyPolicy <string>/);
    await tc.kubectl.ok(['create', 'job', 'manual', '--from=cronjob/tick']);
    const manual = await tc.kubectl.json<Job>(['get', 'job', 'manual']);
    expect(manual.metadata.annotations?.['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(manual.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick' });
    await tc.kubectl.ok(['wait', '--for=condition=complete', 'job/manual', '--timeout=60s'], { timeoutMs: 70_000 });

    // kubectl create cronjob (protobuf) is decoded and defaulted.
    await tc.kubectl.ok(['create', 'cronjob', 'made', '--image=busybox:latest', '--schedule=0 3 * * *', '--', 'true']);
    const made = await tc.kubectl.json<CronJob>(['get', 'cronjob', 'made']);
    expect(made.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Allow', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(made.spec.jobTemplate.spec.template.spec?.restartPolicy).toBe('OnFailure');
    await tc.kubectl.ok(['delete', 'cronjob', 'made']);
  });

  it('Forbid skips a run while one is active', { timeout: 120_000 }, async () => {
    // Each run lasts about 3 schedule minutes.
    await apply(cronJob('solo', { concurrencyPolicy: 'Forbid' }, ['sleep', '6']));
    let maxActive = 0;
    const skipped = await waitFor(async () => {
      const jobs = await ownedJobs('solo');
      maxActive = Math.max(maxActive, jobs.filter((j) => !j.status?.conditions?.some((c) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed'))).length);
      const events = (await tc.cluster.client.list<Event>(GVR.events, 'default')).items.filter((e) => e.involvedObject.name === 'solo' && e.reason === 'JobAlreadyActive');
      return events.length > 0 && jobs.some(complete) ? events : undefined;
    }, { timeoutMs: 90_000, intervalMs: 250, what: 'a skipped run and a completed Job' });
    expect(skipped[0]!.message).toBe('Not starting job because prior execution is running and concurrency policy is Forbid');
    expect(maxActive).toBe(1);
    await tc.kubectl.ok(['delete', 'cronjob', 'solo']);
  });
});
