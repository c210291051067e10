/** CronJobs: schedule, next run, and the history of Jobs they created. */
import type { CronJob, Job } from '../../../../shared/api/batch';
import { jobCompletions, jobStatusWord } from '../../../../shared/api/job-status';
import type { Schedule } from '../../../../shared/cron/schedule';
import { GVR } from '../../../../shared/api/resources';
import { AGE } from './common';
import { isOwnedBy, type KindDescriptor } from './kind';

/**
 * The cron parser (the croner library), handed in by ./cron-schedules, which
 * the screens that show a CronJob's columns or facts import: the registry of
 * kinds is part of the first screen, croner need not be.
 */
let parseSchedule: ((expr: string, timeZone?: string) => Schedule) | undefined;

/** setScheduleParser sets the parser cronJobNextRun uses (see ./cron-schedules). */
export function setScheduleParser(parse: (expr: string, timeZone?: string) => Schedule): void {
  parseSchedule = parse;
}

/** cronJobNextRun is the next time the schedule fires after now, as an ISO time ("" if suspended, invalid, or no parser was handed in). */
export function cronJobNextRun(cj: CronJob, now: number): string {
  if (cj.spec?.suspend || !parseSchedule) return '';
  try {
    return parseSchedule(cj.spec.schedule, cj.spec.timeZone).next(new Date(now))?.toISOString() ?? '';
  } catch {
    return '';
  }
}

export const cronJobKind: KindDescriptor = {
  kind: 'CronJob',
  resource: 'cronjobs',
  kubectlName: 'cronjob.batch',
  title: 'CronJobs',
  gvr: GVR.cronjobs,
  namespaced: true,
  status: (o) => ((o as CronJob).spec?.suspend ? 'Suspended' : 'Scheduled'),
  columns: [
    { header: 'Schedule', value: (o) => (o as CronJob).spec?.schedule ?? '' },
    { header: 'Suspend', value: (o) => ((o as CronJob).spec?.suspend ? 'True' : 'False') },
    { header: 'Active', value: (o) => String((o as CronJob).status?.active?.length ?? 0), numeric: (o) => (o as CronJob).status?.active?.length ?? 0 },
    { header: 'Last schedule', value: (o) => (o as CronJob).status?.lastScheduleTime ?? '<none>' },
    { header: 'Next run', value: (o, now) => cronJobNextRun(o as CronJob, now) || '<none>', wide: true },
    AGE,
  ],
  facts: (o) => {
    const cj = o as CronJob;
    return [
      { term: 'Schedule', value: cj.spec?.schedule ?? '' },
      { term: 'Time zone', value: cj.spec?.timeZone ?? 'UTC (controller)' },
      { term: 'Next run', value: cronJobNextRun(cj, Date.now()) || '<none>' },
      { term: 'Concurrency policy', value: cj.spec?.concurrencyPolicy ?? 'Allow' },
      { term: 'Suspended', value: cj.spec?.suspend ? 'yes' : 'no' },
      { term: 'History kept', value: `${cj.spec?.successfulJobsHistoryLimit ?? 3} succeeded, ${cj.spec?.failedJobsHistoryLimit ?? 1} failed` },
      { term: 'Last schedule', value: cj.status?.lastScheduleTime ?? '<none>' },
      { term: 'Last successful', value: cj.status?.lastSuccessfulTime ?? '<none>' },
      { term: 'Active jobs', value: (cj.status?.active ?? []).map((r) => r.name).join(', ') || '<none>' },
    ];
  },
  related: [
    {
      title: 'Jobs (history)',
      resource: 'jobs',
      select: (cj, j) => isOwnedBy(j, cj),
      note: (j) => `${jobStatusWord(j as Job)} ${jobCompletions(j as Job)}`,
    },
  ],
};
