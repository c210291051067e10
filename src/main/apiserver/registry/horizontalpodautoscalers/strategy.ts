/** autoscaling/v2 HorizontalPodAutoscalers (pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go, pkg/apis/autoscaling/validation). */
import type { HorizontalPodAutoscaler, HPAScalingRules } from '../../../../shared/api/autoscaling';
import { invalidValue, required, type FieldError } from '../../status';
import { hpaPrinter } from '../../table/autoscaling';
import { list, topLevel, type FieldSchema } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain } from '../validation';

const TARGET: FieldSchema = { type: 'string', averageUtilization: 'int', averageValue: true, value: true };
const RULES: FieldSchema = { stabilizationWindowSeconds: 'int', selectPolicy: 'string', policies: list({ type: 'string', value: 'int', periodSeconds: 'int' }) };
const CURRENT: FieldSchema = { value: true, averageValue: true, averageUtilization: 'int' };

function validateRules(r: HPAScalingRules | undefined, path: string): FieldError[] {
  if (!r) return [];
  const errs: FieldError[] = [];
  const w = r.stabilizationWindowSeconds;
  if (w !== undefined && !(w >= 0 && w <= 3600)) errs.push(invalidValue(`${path}.stabilizationWindowSeconds`, w, 'must be between 0 and 3600'));
  if (r.selectPolicy !== undefined && !['Max', 'Min', 'Disabled'].includes(r.selectPolicy)) errs.push(invalidValue(`${path}.selectPolicy`, r.selectPolicy, 'supported values: "Disabled", "Max", "Min"'));
  (r.policies ?? []).forEach((p, i) => {
    if (p.type !== 'Pods' && p.type !== 'Percent') errs.push(invalidValue(`${path}.policies[${i}].type`, p.type, 'supported values: "Percent", "Pods"'));
    if (!(p.value > 0)) errs.push(invalidValue(`${path}.policies[${i}].value`, p.value, 'must be greater than zero'));
    if (!(p.periodSeconds > 0 && p.periodSeconds <= 1800)) errs.push(invalidValue(`${path}.policies[${i}].periodSeconds`, p.periodSeconds, 'must be greater than zero and less than or equal to 1800'));
  });
  if (r.policies && r.policies.length === 0) errs.push(required(`${path}.policies`, 'must specify at least one Policy'));
  return errs;
}

/** validateHPA checks the spec as Kubernetes' validation does (the parts Kubedeck acts on). */
export function validateHPA(h: HorizontalPodAutoscaler): FieldError[] {
  const errs: FieldError[] = [];
  const spec = h.spec;
  if (!spec || typeof spec !== 'object') return [required('spec', '')];
  const ref = spec.scaleTargetRef;
  if (!ref?.kind) errs.push(required('spec.scaleTargetRef.kind', ''));
  if (!ref?.name) errs.push(required('spec.scaleTargetRef.name', ''));
  const min = spec.minReplicas ?? 1;
  if (!(min >= 1)) errs.push(invalidValue('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  if (!(spec.maxReplicas >= 1)) errs.push(invalidValue('spec.maxReplicas', spec.maxReplicas, 'must be greater than 0'));
  else if (spec.maxReplicas < min) errs.push(invalidValue('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  (spec.metrics ?? []).forEach((m, i) => {
    const p = `spec.metrics[${i}]`;
    if (m.type !== 'Resource') return;
    if (!m.resource) return errs.push(required(`${p}.resource`, 'must populate information for the given metric source'));
    if (!m.resource.name) errs.push(required(`${p}.resource.name`, ''));
    const t = m.resource.target;
    if (!t) return errs.push(required(`${p}.resource.target`, ''));
    if (t.type === 'Utilization' && !(t.averageUtilization !== undefined && t.averageUtilization > 0)) errs.push(invalidValue(`${p}.resource.target.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
    if (t.type === 'AverageValue' && !t.averageValue) errs.push(required(`${p}.resource.target.averageValue`, 'must set either a target raw value or a target utilization'));
    if (t.type !== 'Utilization' && t.type !== 'AverageValue') errs.push(invalidValue(`${p}.resource.target.type`, t.type, 'must be either Utilization or AverageValue'));
    return undefined;
  });
  errs.push(...validateRules(spec.behavior?.scaleUp, 'spec.behavior.scaleUp'), ...validateRules(spec.behavior?.scaleDown, 'spec.behavior.scaleDown'));
  return errs;
}

/** hpaStrategy declares horizontalpodautoscalers. */
export const hpaStrategy: Strategy = {
  schema: topLevel({
    spec: {
      scaleTargetRef: { apiVersion: 'string', kind: 'string', name: 'string' },
      minReplicas: 'int',
      maxReplicas: 'int',
      metrics: list({
        type: 'string',
        resource: { name: 'string', target: TARGET },
        containerResource: true,
        pods: true,
        object: true,
        external: true,
      }),
      behavior: { scaleUp: RULES, scaleDown: RULES },
    },
    status: {
      observedGeneration: 'int64',
      lastScaleTime: 'time',
      currentReplicas: 'int',
      desiredReplicas: 'int',
      currentMetrics: list({ type: 'string', resource: { name: 'string', current: CURRENT }, containerResource: true, pods: true, object: true, external: true }),
      conditions: list({ type: 'string', status: 'string', lastTransitionTime: 'time', reason: 'string', message: 'string' }),
    },
  }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    const h = obj as HorizontalPodAutoscaler;
    if (!h.spec || typeof h.spec !== 'object') return;
    h.spec.minReplicas ??= 1;
    // v2 defaults an HPA without metrics to 80 % CPU (as SetDefaults_HorizontalPodAutoscaler).
    if (!h.spec.metrics || h.spec.metrics.length === 0) h.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  },
  validate: (obj) => validateHPA(obj as HorizontalPodAutoscaler),
  printer: hpaPrinter,
};
