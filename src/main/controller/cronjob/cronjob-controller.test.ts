import { afterEach, describe, expect, it } from 'vitest';
import type { CronJob, Job } from '../../../shared/api/batch';
import { GVR } from '../../../shared/api/resources';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { CronJobController } from './cronjob-controller';
import { scheduleClock } from './schedule-clock';

let h: Harness;
afterEach(() => h?.stop());

// 2026-01-01T00:00:30Z: half a minute past a schedule time.
const START = Date.UTC(2026, 0, 1, 0, 0, 30);

function cjObj(name: string, spec: Partial<CronJob['spec']> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default', creationTimestamp: new Date(START).toISOString() },
    spec: {
      schedule: '* * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 2,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { team: 'a' } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

async function setup(cj: CronJob, secondsPerMinute = 60) {
  h = newHarness();
  h.clock.advance(START - h.clock.now());
  h.client.seed(GVR.cronjobs, cj);
  const ctrl = new CronJobController({
    client: h.client,
    cronJobInformer: h.informer<CronJob>(GVR.cronjobs),
    jobInformer: h.informer<Job>(GVR.jobs),
    recorder: h.recorder,
    clock: h.clock,
    secondsPerMinute,
  });
  await h.start();
  return ctrl;
}

const jobs = () => h.client.all<Job>(GVR.jobs);
const cronJob = (name: string) => h.client.peek<CronJob>(GVR.cronjobs, 'default', name)!;

async function finishAll(type: 'Complete' | 'Failed') {
  for (const j of jobs()) {
    if (j.status?.conditions?.length) continue;
    const t = new Date(h.clock.now()).toISOString();
    await h.client.updateStatus<Job>(GVR.jobs, 'default', { ...j, status: { startTime: t, ...(type === 'Complete' ? { completionTime: t } : {}), conditions: [{ type, status: 'True', lastTransitionTime: t }] } });
  }
}

describe('CronJob controller', () => {
  it('creates one Job per schedule time, named by the minute, owned, annotated, and records lastScheduleTime', async () => {
    const ctrl = await setup(cjObj('tick'));
    await converge(h, [ctrl]);
    expect(jobs()).toHaveLength(0);
    h.clock.advance(30_000);
    await converge(h, [ctrl]);
    expect(jobs()).toHaveLength(1);
    const j = jobs()[0]!;
    const minute = Date.UTC(2026, 0, 1, 0, 1);
    expect(j.metadata.name).toBe(`tick-${minute / 60_000}`);
    expect(j.metadata.labels).toEqual({ team: 'a' });
    expect(j.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:01:00Z' });
    expect(j.metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', controller: true });
    expect(cronJob('tick').status).toMatchObject({ lastScheduleTime: '2026-01-01T00:01:00Z', active: [{ kind: 'Job', name: j.metadata.name }] });
    expect(h.recorder.events).toContain(`Normal SuccessfulCreate Created job ${j.metadata.name}`);
    // A second sync in the same minute does not create again.
    await ctrl.sync('default/tick');
    expect(jobs()).toHaveLength(1);
  });

  it('keeps successfulJobsHistoryLimit complete Jobs and sets lastSuccessfulTime', async () => {
    const ctrl = await setup(cjObj('hist'));
    for (let i = 0; i < 4; i++) {
      h.clock.advance(60_000);
      await converge(h, [ctrl]);
      await finishAll('Complete');
      await converge(h, [ctrl]);
    }
    expect(jobs()).toHaveLength(2);
    const cj = cronJob('hist');
    expect(cj.status?.active).toBeUndefined();
    expect(cj.status?.lastSuccessfulTime).toBeDefined();
    expect(h.recorder.events.filter((e) => e.startsWith('Normal SuccessfulDelete Deleted job hist-'))).toHaveLength(2);
  });

  it('Forbid skips a run while a Job is active; Replace deletes the active one; suspend stops it', async () => {
    const ctrl = await setup(cjObj('solo', { concurrencyPolicy: 'Forbid' }));
    h.clock.advance(30_000);
    await converge(h, [ctrl]);
    h.clock.advance(60_000);
    await converge(h, [ctrl]);
    expect(jobs()).toHaveLength(1);
    expect(h.recorder.events).toContain('Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid');

    const cj = cronJob('solo');
    await h.client.update<CronJob>(GVR.cronjobs, 'default', { ...cj, spec: { ...cj.spec, concurrencyPolicy: 'Replace' } });
    h.clock.advance(60_000);
    await converge(h, [ctrl]);
    const live = jobs().filter((j) => !j.metadata.deletionTimestamp);
    expect(live).toHaveLength(1);
    expect(h.recorder.events.some((e) => e.startsWith('Normal SuccessfulDelete Deleted job solo-'))).toBe(true);

    const cj2 = cronJob('solo');
    await h.client.update<CronJob>(GVR.cronjobs, 'default', { ...cj2, spec: { ...cj2.spec, suspend: true, concurrencyPolicy: 'Allow' } });
    h.clock.advance(120_000);
    await converge(h, [ctrl]);
    expect(jobs().filter((j) => !j.metadata.deletionTimestamp)).toHaveLength(1);
  });

  it('startingDeadlineSeconds skips a schedule time missed by more than the deadline', async () => {
    const ctrl = await setup(cjObj('late', { startingDeadlineSeconds: 10 }));
    // The controller was away for 50 s past the 00:01 time.
    h.clock.advance(80_000);
    await ctrl.sync('default/late');
    expect(jobs()).toHaveLength(0);
  });

  it('a shortened minute (secondsPerMinute 2) runs an every-minute schedule every 2 s', async () => {
    const ctrl = await setup(cjObj('fast'), 2);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(2_000);
      await converge(h, [ctrl]);
    }
    expect(jobs()).toHaveLength(3);
    expect(new Set(jobs().map((j) => j.metadata.name)).size).toBe(3);
  });

  it('the schedule clock maps schedule minutes to whole real seconds and back', () => {
    const c = scheduleClock(2, START + 123);
    const t = c.toSchedule(START + 4_000);
    expect(c.toReal(t)).toBe(START + 4_000);
    expect(c.toReal(Math.ceil(c.toSchedule(START) / 60_000) * 60_000) % 1000).toBe(0);
    expect(scheduleClock(60, START).toSchedule(START)).toBe(START);
  });
});
