/** The jobs and cronjobs tables, as kubectl's printJob/printCronJob. */
import type { CronJob, Job } from '../../../shared/api/batch';
import { jobCompletions, jobStatusWord } from '../../../shared/api/job-status';
import type { KubeObject } from '../../../shared/api/meta';
import { formatLabelSelector } from '../selectors';
import { ageColumn, col, humanDuration, nameColumn, translateTimestampSince, type TablePrinter } from './printer';
import { CONTAINERS_DESC, containersAndImages, IMAGES_DESC } from './workloads';

function jobDuration(j: Job, now: Date): string {
  const start = j.status?.startTime ? Date.parse(j.status.startTime) : NaN;
  if (!Number.isFinite(start)) return '';
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now.getTime();
  return humanDuration(end - start);
}

/** jobPrinter is the jobs table. */
export const jobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The completion status of the job.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DESC, 1),
    col('Images', 'string', IMAGES_DESC, 1),
    col('Selector', 'string', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const j = obj as Job;
    const [containers, images] = containersAndImages(j.spec?.template);
    return [
      j.metadata.name ?? '',
      jobStatusWord(j),
      jobCompletions(j),
      jobDuration(j, now),
      translateTimestampSince(j.metadata.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(j.spec?.selector),
    ];
  },
};

/** cronJobPrinter is the cronjobs table. */
export const cronJobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DESC, 1),
    col('Images', 'string', IMAGES_DESC, 1),
    col('Selector', 'string', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const cj = obj as CronJob;
    const [containers, images] = containersAndImages(cj.spec?.jobTemplate?.spec?.template);
    const suspend = cj.spec?.suspend;
    return [
      cj.metadata.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      suspend === undefined ? '<unset>' : suspend ? 'True' : 'False',
      (cj.status?.active ?? []).length,
      cj.status?.lastScheduleTime ? translateTimestampSince(cj.status.lastScheduleTime, now) : '<none>',
      translateTimestampSince(cj.metadata.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    ];
  },
};
