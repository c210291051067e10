import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DaemonSet } from '../../../../shared/api/apps';
import type { CronJob, Job } from '../../../../shared/api/batch';
import type { KubeObject } from '../../../../shared/api/meta';
import { rejects } from '../testing/expect-error';
import { newFixture, type Fixture } from '../testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

const podSpec = (restartPolicy?: string) => ({ ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'c', image: 'busybox:1.36' }] });

function job(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template: { spec: podSpec('Never') }, ...spec } };
}

describe('job strategy', () => {
  it('defaults completions, parallelism, backoffLimit and mode, and generates the selector and labels from the uid', async () => {
    const j = (await f.r('jobs').create('default', job('pi'), {})) as Job;
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false });
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': j.metadata.uid } });
    expect(j.spec.template.metadata?.labels).toEqual({
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'controller-uid': j.metadata.uid,
      'batch.kubernetes.io/job-name': 'pi',
      'job-name': 'pi',
    });
    // A work queue: parallelism only, completions stay unset.
    const q = (await f.r('jobs').create('default', job('queue', { parallelism: 3 }), {})) as Job;
    expect(q.spec.completions).toBeUndefined();
  });

  it('refuses restartPolicy Always, an Indexed Job without completions, and a hand-written selector', async () => {
    const always = await rejects(f.r('jobs').create('default', { ...job('a'), spec: { template: { spec: podSpec() } } }, {}));
    expect(always.status.message).toBe('Job.batch "a" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
    const idx = await rejects(f.r('jobs').create('default', job('i', { completionMode: 'Indexed', parallelism: 2 }), {}));
    expect(idx.status.message).toContain('spec.completions: Required value: when completion mode is Indexed');
    const sel = await rejects(f.r('jobs').create('default', job('s', { selector: { matchLabels: { x: 'y' } } }), {}));
    expect(sel.status.message).toContain('`selector` not auto-generated');
  });

  it('keeps the template immutable', async () => {
    const j = (await f.r('jobs').create('default', job('pi'), {})) as Job;
    const changed = structuredClone(j);
    changed.spec.template.spec!.containers[0]!.image = 'other';
    const e = await rejects(f.r('jobs').update('default', 'pi', changed, {}));
    expect(e.status.message).toContain('spec.template: Invalid value');
    expect(e.status.message).toContain('field is immutable');
  });
});

describe('cronjob strategy', () => {
  const cj = (name: string, schedule: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule, jobTemplate: { spec: { template: { spec: podSpec('OnFailure') } } }, ...extra },
  });

  it('defaults concurrency policy and history limits', async () => {
    const c = (await f.r('cronjobs').create('default', cj('tick', '* * * * *'), {})) as CronJob;
    expect(c.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
  });

  it('refuses a bad schedule, TZ in the schedule, an unknown time zone and a name over 52 characters', async () => {
    expect((await rejects(f.r('cronjobs').create('default', cj('a', '* * *'), {}))).status.message).toContain('spec.schedule: Invalid value: "* * *"');
    expect((await rejects(f.r('cronjobs').create('default', cj('b', 'TZ=UTC * * * * *'), {}))).status.message).toContain('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    expect((await rejects(f.r('cronjobs').create('default', cj('c', '* * * * *', { timeZone: 'Mars/Olympus' }), {}))).status.message).toContain('spec.timeZone: Invalid value: "Mars/Olympus"');
    expect((await rejects(f.r('cronjobs').create('default', cj('x'.repeat(53), '* * * * *'), {}))).status.message).toContain('must be no more than 52 characters');
  });
});

describe('daemonset strategy', () => {
  it('defaults the update strategy and refuses restartPolicy Never', async () => {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: podSpec() } },
    };
    const ds = (await f.r('daemonsets').create('default', body, {})) as DaemonSet;
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    const bad = structuredClone(body);
    bad.metadata.name = 'bad';
    (bad.spec.template.spec as Record<string, unknown>).restartPolicy = 'Never';
    expect((await rejects(f.r('daemonsets').create('default', bad, {}))).status.message).toContain('spec.template.spec.restartPolicy: Unsupported value: "Never"');
  });
});
