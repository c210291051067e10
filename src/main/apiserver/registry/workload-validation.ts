/**
 * Rules shared by deployments and replicasets: selector/template agreement,
 * replicas, the immutable selector (apps/v1), pod template defaults.
 */
import type { PodTemplateSpec } from '../../../shared/api/core';
import type { KubeObject, LabelSelector } from '../../../shared/api/meta';
import { labelSelectorFromObject } from '../selectors';
import { invalidValue, notSupported, required, type FieldError } from '../status';
import { validatePodSpec, validateTemplateMeta } from './pods/pod-spec';
import { validateLabelSelector } from './field-formats';
import { deepEqual, validateNonNegative } from './validation';

interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  minReadySeconds?: number;
}

/** formatLabelSelectorGo renders a LabelSelector as Go's %#v does in Kubernetes' messages. */
export function formatLabelSelectorGo(sel: LabelSelector | undefined): string {
  if (!sel) return '(*v1.LabelSelector)(nil)';
  const ml = sel.matchLabels
    ? `map[string]string{${Object.keys(sel.matchLabels)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${JSON.stringify(sel.matchLabels![k])}`)
        .join(', ')}}`
    : 'map[string]string(nil)';
  const me = sel.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:[]string{${(e.values ?? []).map((v) => JSON.stringify(v)).join(', ')}}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

function selectorInvalid(field: string, sel: LabelSelector, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, body: `Invalid value: ${formatLabelSelectorGo(sel)}: ${detail}` };
}

/** validateWorkloadSpec checks selector, template and replicas of a deployment or replicaset spec. */
export function validateWorkloadSpec(obj: KubeObject, kindLower: string): FieldError[] {
  const spec = obj.spec as WorkloadSpec | undefined;
  if (!spec || typeof spec !== 'object') return [required('spec')];
  const errs: FieldError[] = [];
  errs.push(...validateNonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const sel = spec.selector;
  let selectorErrs: FieldError[] = [];
  if (!sel) {
    errs.push(required('spec.selector'));
  } else {
    selectorErrs = validateLabelSelector(sel, 'spec.selector');
    errs.push(...selectorErrs);
    if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      errs.push(selectorInvalid('spec.selector', sel, `empty selector is invalid for ${kindLower}`));
    }
  }
  const tpl = spec.template;
  if (!tpl) {
    errs.push(required('spec.template'));
    return errs;
  }
  errs.push(...validateTemplateMeta(tpl.metadata, 'spec.template.metadata'));
  const labels = tpl.metadata?.labels ?? {};
  if (sel && !selectorErrs.length && (Object.keys(sel.matchLabels ?? {}).length || (sel.matchExpressions ?? []).length)) {
    if (!labelSelectorFromObject(sel).matches(labels)) {
      errs.push(invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    }
  }
  errs.push(...validatePodSpec(tpl.spec, 'spec.template.spec'));
  if (tpl.spec && tpl.spec.restartPolicy !== undefined && tpl.spec.restartPolicy !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', tpl.spec.restartPolicy, ['Always']));
  }
  return errs;
}

/** validateSelectorImmutable refuses a changed spec.selector (apps/v1). */
export function validateSelectorImmutable(obj: KubeObject, old: KubeObject): FieldError[] {
  const a = (obj.spec as WorkloadSpec | undefined)?.selector;
  const b = (old.spec as WorkloadSpec | undefined)?.selector;
  if (deepEqual(a, b)) return [];
  return [selectorInvalid('spec.selector', a ?? {}, 'field is immutable')];
}
