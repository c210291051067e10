/** Jobs (pkg/registry/batch/job/strategy.go). */
import type { Job } from '../../../../shared/api/batch';
import { JOB_LABELS } from '../../../../shared/api/batch';
import type { KubeObject } from '../../../../shared/api/meta';
import { invalidValue, type FieldError } from '../../status';
import { jobPrinter } from '../../table/batch';
import { topLevel } from '../schema';
import { JOB_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { deepEqual, dns1123Subdomain, validateImmutable } from '../validation';
import { defaultJobSpec, generateJobSelector, JOB_SPEC, validateJobSpec } from './job-spec';

/** validateGeneratedSelector: without manualSelector the selector must be the generated one (`selector` not auto-generated). */
function validateGeneratedSelector(job: Job): FieldError[] {
  if (job.spec?.manualSelector === true || !job.spec?.selector) return [];
  const want = { matchLabels: { [JOB_LABELS.controllerUid]: job.metadata.uid } };
  const labels = job.spec.template?.metadata?.labels ?? {};
  if (!deepEqual(job.spec.selector, want) || labels[JOB_LABELS.controllerUid] !== job.metadata.uid) {
    return [invalidValue('spec.selector', job.spec.selector, '`selector` not auto-generated')];
  }
  return [];
}

/** jobStrategy declares jobs. */
export const jobStrategy: Strategy = {
  schema: topLevel({ spec: JOB_SPEC, status: JOB_STATUS }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    defaultJobSpec((obj as Job).spec);
  },
  prepareForCreate(obj) {
    generateJobSelector(obj as Job);
  },
  validate(obj) {
    const job = obj as Job;
    return [...validateJobSpec(job.spec, 'spec', true), ...validateGeneratedSelector(job)];
  },
  validateUpdate(obj: KubeObject, old: KubeObject) {
    const a = (obj as Job).spec;
    const b = (old as Job).spec;
    return [
      ...validateImmutable(a?.selector, b?.selector, 'spec.selector'),
      ...validateImmutable(a?.completionMode, b?.completionMode, 'spec.completionMode'),
      ...validateImmutable(a?.completions, b?.completions, 'spec.completions'),
      ...validateImmutable(a?.template, b?.template, 'spec.template'),
    ];
  },
  fieldSelectors: {
    'status.successful': (o) => String((o as Job).status?.succeeded ?? 0),
  },
  printer: jobPrinter,
};
