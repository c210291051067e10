/**
 * The CronJob controller (Kubernetes' cronjob_controllerv2): on each
 * schedule time it creates a Job from spec.jobTemplate named
 * `<cronjob>-<minutes since the epoch>`, honouring suspend,
 * startingDeadlineSeconds and concurrencyPolicy (Allow, Forbid skips while a
 * Job is active, Replace deletes the active ones); it keeps status.active,
 * lastScheduleTime and lastSuccessfulTime, and deletes finished Jobs beyond
 * the history limits. Handlers only enqueue; sync converges and requeues
 * itself for the next schedule time.
 */
import type { CronJob, CronJobStatus, Job, ObjectReference } from '../../../shared/api/batch';
import { CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION } from '../../../shared/api/batch';
import type { KubeObject } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { CronScheduleError, parseSchedule, type Schedule } from '../../../shared/cron/schedule';
import { isAlreadyExists, isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import { isNamespaceTerminating } from '../../client/api-errors';
import { controllerRef, newControllerRef } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import type { EventRecorder } from '../../client/event-recorder';
import { isJobFinished } from '../job/job-controller';
import { scheduleClock, type ScheduleClock } from './schedule-clock';

/** MAX_MISSED is how many missed schedule times are walked before giving up on counting (Kubernetes warns at 100). */
const MAX_MISSED = 100;

export interface CronJobControllerDeps {
  client: ApiClient;
  cronJobInformer: Informer<CronJob>;
  jobInformer: Informer<Job>;
  recorder: EventRecorder;
  clock?: Clock;
  /** Real seconds a schedule minute lasts (default 60; tests shorten it through config.yaml). */
  secondsPerMinute?: number;
  onError?: (key: string, err: unknown) => void;
}

const rfc3339 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function jobCondition(job: Readonly<Job>): 'Complete' | 'Failed' | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
}

/** CronJobController reconciles CronJobs. */
export class CronJobController {
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly time: ScheduleClock;

  constructor(private readonly deps: CronJobControllerDeps) {
    this.clock = deps.clock ?? realClock;
    this.time = scheduleClock(deps.secondsPerMinute ?? 60, this.clock.now());
    this.queue = new WorkQueue<string>({ name: 'cronjob', clock: this.clock });
    deps.cronJobInformer.addEventHandler({
      onAdd: (c) => this.enqueue(c),
      onUpdate: (_o, c) => this.enqueue(c),
      onDelete: (c) => this.enqueue(c),
    });
    deps.jobInformer.addEventHandler({
      onAdd: (j) => this.jobChanged(j),
      onUpdate: (_o, j) => this.jobChanged(j),
      onDelete: (j) => this.jobChanged(j),
    });
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 2): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(obj: Readonly<KubeObject>): void {
    this.queue.add(objectKey(obj));
  }

  private jobChanged(job: Readonly<Job>): void {
    const ref = controllerRef(job);
    if (ref?.kind !== 'CronJob') return;
    const cj = this.deps.cronJobInformer.lister.get(job.metadata.namespace, ref.name);
    if (cj && cj.metadata.uid === ref.uid) this.enqueue(cj);
  }

  /** nextRun is the next real time the CronJob's schedule fires after now (undefined if the schedule is invalid or never fires). */
  nextRun(cj: Readonly<CronJob>): Date | undefined {
    try {
      const next = parseSchedule(cj.spec.schedule, cj.spec.timeZone).next(new Date(this.time.toSchedule(this.clock.now())));
      return next ? new Date(this.time.toReal(next.getTime())) : undefined;
    } catch {
      return undefined;
    }
  }

  /** sync converges one CronJob (key `namespace/name`): status from its Jobs, a new Job if a schedule time came, history trimmed. */
  async sync(key: string): Promise<void> {
    const cj = this.deps.cronJobInformer.lister.getByKey(key);
    if (!cj) return;
    const now = this.clock.now();
    const jobs = this.deps.jobInformer.lister.list(cj.metadata.namespace, (j) => controllerRef(j)?.uid === cj.metadata.uid);
    const status: CronJobStatus = structuredClone(cj.status ?? {});

    // status.active: the owned Jobs not finished yet.
    const activeJobs = jobs.filter((j) => !isJobFinished(j) && !j.metadata.deletionTimestamp);
    const before = new Set((status.active ?? []).map((r) => r.uid));
    for (const j of jobs) {
      const done = jobCondition(j);
      if (!done || !before.has(j.metadata.uid)) continue;
      this.deps.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${done}`);
      if (done === 'Complete' && j.status?.completionTime && (!status.lastSuccessfulTime || status.lastSuccessfulTime < j.status.completionTime)) status.lastSuccessfulTime = j.status.completionTime;
    }
    status.active = activeJobs.map(jobRef);

    let requeueMs: number | undefined;
    if (!cj.metadata.deletionTimestamp && !cj.spec.suspend) {
      let schedule: Schedule | undefined;
      try {
        schedule = parseSchedule(cj.spec.schedule, cj.spec.timeZone);
      } catch (err) {
        if (!(err instanceof CronScheduleError)) throw err;
        this.deps.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${err.message}`);
      }
      if (schedule) requeueMs = await this.runSchedule(cj, schedule, status, activeJobs, now);
    }
    await this.trimHistory(cj, jobs);
    await this.updateStatus(cj, status);
    if (requeueMs !== undefined) this.queue.addAfter(key, Math.max(requeueMs, 1));
  }

  /** runSchedule starts the Job of the most recent unmet schedule time, if any; returns the delay until the next one. */
  private async runSchedule(cj: Readonly<CronJob>, schedule: Schedule, status: CronJobStatus, activeJobs: readonly Readonly<Job>[], now: number): Promise<number | undefined> {
    const nowS = this.time.toSchedule(now);
    const sds = cj.spec.startingDeadlineSeconds;
    const last = status.lastScheduleTime ?? cj.metadata.creationTimestamp;
    let earliest = last ? this.time.toSchedule(Date.parse(last)) : nowS;
    if (sds !== undefined) earliest = Math.max(earliest, nowS - sds * 1000 * (this.time.toSchedule(1000) - this.time.toSchedule(0)) / 1000);
    // The most recent schedule time in (earliest, now].
    let missed: number | undefined;
    let count = 0;
    for (let t = schedule.next(new Date(earliest)); t && t.getTime() <= nowS; t = schedule.next(t)) {
      missed = t.getTime();
      if (++count > MAX_MISSED) {
        // Too many to walk: jump to the latest one before now.
        const prev = this.latestBefore(schedule, nowS);
        if (prev !== undefined) missed = prev;
        this.deps.recorder.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
        break;
      }
    }
    const next = schedule.next(new Date(nowS));
    const untilNext = next ? this.time.toReal(next.getTime()) - now : undefined;
    if (missed === undefined) return untilNext;

    const policy = cj.spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && activeJobs.length > 0) {
      this.deps.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return untilNext;
    }
    if (policy === 'Replace') {
      for (const j of activeJobs) {
        try {
          await this.deps.client.delete(GVR.jobs, j.metadata.namespace, j.metadata.name!, { propagationPolicy: 'Background' });
          this.deps.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      status.active = [];
    }
    const scheduledReal = this.time.toReal(missed);
    const created = await this.createJob(cj, missed, scheduledReal);
    if (created) status.active = [...(status.active ?? []).filter((r) => r.uid !== created.metadata.uid), jobRef(created)];
    status.lastScheduleTime = rfc3339(scheduledReal);
    return untilNext;
  }

  private latestBefore(schedule: Schedule, nowS: number): number | undefined {
    // Walk forward from a day before now; schedules that fire less often than daily were walked in full already.
    let latest: number | undefined;
    for (let t = schedule.next(new Date(nowS - 86_400_000)); t && t.getTime() <= nowS; t = schedule.next(t)) latest = t.getTime();
    return latest;
  }

  private async createJob(cj: Readonly<CronJob>, scheduleMs: number, scheduledReal: number): Promise<Job | undefined> {
    const tpl = cj.spec.jobTemplate;
    const name = `${cj.metadata.name}-${Math.floor(scheduleMs / 60_000)}`;
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}) },
        annotations: { ...(tpl.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339(scheduledReal) },
        ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
      },
      spec: structuredClone(tpl.spec),
    };
    try {
      const created = await this.deps.client.create<Job>(GVR.jobs, cj.metadata.namespace, job);
      this.deps.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return created;
    } catch (err) {
      if (isAlreadyExists(err)) return undefined; // created by an earlier sync whose status write was lost
      if (isNamespaceTerminating(err)) return undefined;
      this.deps.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
  }

  /** trimHistory deletes the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit. */
  private async trimHistory(cj: Readonly<CronJob>, jobs: readonly Readonly<Job>[]): Promise<void> {
    const byStart = (a: Readonly<Job>, b: Readonly<Job>) => Date.parse(a.status?.startTime ?? a.metadata.creationTimestamp ?? '') - Date.parse(b.status?.startTime ?? b.metadata.creationTimestamp ?? '') || (a.metadata.name! < b.metadata.name! ? -1 : 1);
    const live = jobs.filter((j) => !j.metadata.deletionTimestamp);
    for (const [cond, limit] of [
      ['Complete', cj.spec.successfulJobsHistoryLimit],
      ['Failed', cj.spec.failedJobsHistoryLimit],
    ] as const) {
      if (limit === undefined) continue;
      const done = live.filter((j) => jobCondition(j) === cond).sort(byStart);
      for (const j of done.slice(0, Math.max(0, done.length - limit))) {
        try {
          await this.deps.client.delete(GVR.jobs, j.metadata.namespace, j.metadata.name!, { propagationPolicy: 'Background' });
          this.deps.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
  }

  private async updateStatus(cj: Readonly<CronJob>, status: CronJobStatus): Promise<void> {
    const norm = (s: CronJobStatus) => JSON.stringify({ a: (s.active ?? []).map((r) => r.uid), l: s.lastScheduleTime, s: s.lastSuccessfulTime });
    if (norm(cj.status ?? {}) === norm(status)) return;
    const out: CronJobStatus = { ...status, ...(status.active?.length ? {} : { active: undefined }) };
    if (!out.active) delete out.active;
    let base: Readonly<CronJob> = cj;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.client.updateStatus<CronJob>(GVR.cronjobs, cj.metadata.namespace, { ...(base as CronJob), status: out });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt > 0) throw err;
        base = await this.deps.client.get<CronJob>(GVR.cronjobs, cj.metadata.namespace, cj.metadata.name!);
      }
    }
  }
}

function jobRef(j: Readonly<Job>): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: j.metadata.namespace, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion };
}
