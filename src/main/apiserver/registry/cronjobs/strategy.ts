/** CronJobs (pkg/registry/batch/cronjob/strategy.go). */
import type { CronJob } from '../../../../shared/api/batch';
import { CronScheduleError, isValidTimeZone, parseSchedule } from '../../../../shared/cron/schedule';
import { invalidValue, notSupported, required, type FieldError } from '../../status';
import { cronJobPrinter } from '../../table/batch';
import { JOB_SPEC, validateJobSpec } from '../jobs/job-spec';
import { defaultPodSpec, validateTemplateMeta } from '../pods/pod-spec';
import { OBJECT_META, topLevel } from '../schema';
import { CRON_JOB_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { dns1123Subdomain, validateNonNegative, type NameValidator } from '../validation';

/** CRONJOB_NAME_MAX: a Job's name is the CronJob's plus an 11-character suffix, within 63. */
const CRONJOB_NAME_MAX = 52;

const cronJobName: NameValidator = (name, prefix) => {
  const errs = dns1123Subdomain(name, prefix);
  if (!prefix && name.length > CRONJOB_NAME_MAX) errs.push(`must be no more than ${CRONJOB_NAME_MAX} characters`);
  return errs;
};

function validateCronJobSpec(cj: CronJob): FieldError[] {
  const spec = cj.spec;
  if (!spec || typeof spec !== 'object') return [required('spec')];
  const errs: FieldError[] = [];
  if (!spec.schedule) {
    errs.push(required('spec.schedule'));
  } else {
    try {
      parseSchedule(spec.schedule);
    } catch (err) {
      if (!(err instanceof CronScheduleError)) throw err;
      errs.push(invalidValue('spec.schedule', spec.schedule, err.message));
    }
  }
  if (spec.timeZone !== undefined && !isValidTimeZone(spec.timeZone)) errs.push(invalidValue('spec.timeZone', spec.timeZone, 'unknown time zone ' + spec.timeZone));
  if (spec.concurrencyPolicy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy)) {
    errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  }
  errs.push(...validateNonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errs.push(...validateNonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  if (!spec.jobTemplate) {
    errs.push(required('spec.jobTemplate'));
    return errs;
  }
  errs.push(...validateTemplateMeta(spec.jobTemplate.metadata, 'spec.jobTemplate.metadata'));
  errs.push(...validateJobSpec(spec.jobTemplate.spec, 'spec.jobTemplate.spec', false));
  return errs;
}

/** cronJobStrategy declares cronjobs. */
export const cronJobStrategy: Strategy = {
  schema: topLevel({
    spec: {
      schedule: 'string',
      timeZone: 'string',
      startingDeadlineSeconds: 'int64',
      concurrencyPolicy: 'string',
      suspend: 'bool',
      jobTemplate: { metadata: OBJECT_META, spec: JOB_SPEC },
      successfulJobsHistoryLimit: 'int',
      failedJobsHistoryLimit: 'int',
    },
    status: CRON_JOB_STATUS,
  }),
  nameValidator: cronJobName,
  applyDefaults(obj) {
    const cj = obj as CronJob;
    if (!cj.spec || typeof cj.spec !== 'object') return;
    cj.spec.concurrencyPolicy ??= 'Allow';
    cj.spec.suspend ??= false;
    cj.spec.successfulJobsHistoryLimit ??= 3;
    cj.spec.failedJobsHistoryLimit ??= 1;
    const tpl = cj.spec.jobTemplate?.spec?.template;
    if (tpl && typeof tpl === 'object') defaultPodSpec(tpl.spec);
  },
  validate: (obj) => validateCronJobSpec(obj as CronJob),
  printer: cronJobPrinter,
};
