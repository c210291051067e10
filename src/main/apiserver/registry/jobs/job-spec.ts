/**
 * JobSpec rules shared by jobs and by cronjobs' job templates: the field
 * schema, defaults (SetDefaults_Job) and validation (ValidateJobSpec), with
 * Kubernetes' messages.
 */
import type { JobSpec } from '../../../../shared/api/batch';
import { JOB_LABELS } from '../../../../shared/api/batch';
import type { KubeObject, LabelSelector } from '../../../../shared/api/meta';
import { labelSelectorFromObject } from '../../selectors';
import { invalidValue, notSupported, required, type FieldError } from '../../status';
import { validateLabelSelector } from '../field-formats';
import { defaultPodSpec, POD_TEMPLATE, validatePodSpec, validateTemplateMeta } from '../pods/pod-spec';
import { LABEL_SELECTOR, list, type FieldSchema } from '../schema';
import { validateNonNegative } from '../validation';

/** JOB_SPEC is batch/v1 JobSpec's known fields. */
export const JOB_SPEC: FieldSchema = {
  parallelism: 'int',
  completions: 'int',
  activeDeadlineSeconds: 'int64',
  backoffLimit: 'int',
  backoffLimitPerIndex: 'int',
  maxFailedIndexes: 'int',
  selector: LABEL_SELECTOR,
  manualSelector: 'bool',
  template: POD_TEMPLATE,
  ttlSecondsAfterFinished: 'int',
  completionMode: 'string',
  suspend: 'bool',
  podReplacementPolicy: 'string',
  managedBy: 'string',
  podFailurePolicy: {
    rules: list({
      action: 'string',
      onExitCodes: { containerName: 'string', operator: 'string', values: true },
      onPodConditions: list({ type: 'string', status: 'string' }),
    }),
  },
  successPolicy: { rules: list({ succeededIndexes: 'string', succeededCount: 'int' }) },
};

/** defaultJobSpec fills JobSpec defaults in place (SetDefaults_Job). */
export function defaultJobSpec(spec: JobSpec | undefined): void {
  if (!spec || typeof spec !== 'object') return;
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  if (spec.template && typeof spec.template === 'object') defaultPodSpec(spec.template.spec);
}

/** generateJobSelector sets the labels and selector Kubernetes gives a Job without manualSelector (its uid). */
export function generateJobSelector(job: KubeObject & { spec?: JobSpec }): void {
  const spec = job.spec;
  if (!spec || typeof spec !== 'object' || spec.manualSelector === true || !job.metadata.uid) return;
  const tpl = (spec.template ??= {} as JobSpec['template']);
  const meta = (tpl.metadata ??= {});
  const labels = (meta.labels ??= {});
  labels[JOB_LABELS.controllerUid] = job.metadata.uid;
  labels[JOB_LABELS.legacyControllerUid] = job.metadata.uid;
  if (job.metadata.name) {
    labels[JOB_LABELS.jobName] = job.metadata.name;
    labels[JOB_LABELS.legacyJobName] = job.metadata.name;
  }
  spec.selector ??= { matchLabels: { [JOB_LABELS.controllerUid]: job.metadata.uid } };
}

function selectorMatchesLabels(sel: LabelSelector, labels: Record<string, string>): boolean {
  return labelSelectorFromObject(sel).matches(labels);
}

/** validateJobSpec checks a JobSpec at `field` (spec, or spec.jobTemplate.spec); withSelector: the selector must be present (a stored Job). */
export function validateJobSpec(spec: JobSpec | undefined, field: string, withSelector: boolean): FieldError[] {
  if (!spec || typeof spec !== 'object') return [required(field)];
  const errs: FieldError[] = [];
  errs.push(...validateNonNegative(spec.parallelism, `${field}.parallelism`));
  errs.push(...validateNonNegative(spec.completions, `${field}.completions`));
  errs.push(...validateNonNegative(spec.backoffLimit, `${field}.backoffLimit`));
  errs.push(...validateNonNegative(spec.ttlSecondsAfterFinished, `${field}.ttlSecondsAfterFinished`));
  if (spec.activeDeadlineSeconds !== undefined && !(typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds > 0)) {
    errs.push(invalidValue(`${field}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be greater than 0'));
  }
  if (spec.completionMode !== undefined && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    errs.push(notSupported(`${field}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed']));
  }
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    errs.push(required(`${field}.completions`, 'when completion mode is Indexed'));
  }
  for (const [i, r] of (spec.podFailurePolicy?.rules ?? []).entries()) {
    if (!['FailJob', 'Ignore', 'Count', 'FailIndex'].includes(r.action)) errs.push(notSupported(`${field}.podFailurePolicy.rules[${i}].action`, r.action, ['Count', 'FailIndex', 'FailJob', 'Ignore']));
    if (!r.onExitCodes === !r.onPodConditions) errs.push(invalidValue(`${field}.podFailurePolicy.rules[${i}]`, 'specifying one of OnExitCodes and OnPodConditions is required', 'specifying one of OnExitCodes and OnPodConditions is required'));
  }
  let selectorOk = false;
  if (spec.selector) {
    const selErrs = validateLabelSelector(spec.selector, `${field}.selector`);
    errs.push(...selErrs);
    selectorOk = selErrs.length === 0;
  } else if (withSelector) {
    errs.push(required(`${field}.selector`));
  }
  const tpl = spec.template;
  if (!tpl) {
    errs.push(required(`${field}.template`));
    return errs;
  }
  errs.push(...validateTemplateMeta(tpl.metadata, `${field}.template.metadata`));
  if (spec.selector && selectorOk && !selectorMatchesLabels(spec.selector, tpl.metadata?.labels ?? {})) {
    errs.push(invalidValue(`${field}.template.metadata.labels`, tpl.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodSpec(tpl.spec, `${field}.template.spec`));
  const rp = tpl.spec?.restartPolicy;
  if (tpl.spec && rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(`${field}.template.spec.restartPolicy`, rp, ['OnFailure', 'Never']));
  return errs;
}
