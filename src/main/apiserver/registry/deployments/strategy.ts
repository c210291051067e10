/** Deployments (pkg/registry/apps/deployment/strategy.go). */
import type { Deployment } from '../../../../shared/api/apps';
import type { KubeObject } from '../../../../shared/api/meta';
import { invalidValue, notSupported, type FieldError } from '../../status';
import { deploymentPrinter } from '../../table/workloads';
import { defaultPodSpec, POD_TEMPLATE } from '../pods/pod-spec';
import { LABEL_SELECTOR, topLevel } from '../schema';
import { DEPLOYMENT_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { dns1123Subdomain } from '../validation';
import { validateSelectorImmutable, validateWorkloadSpec } from '../workload-validation';

function isZero(v: unknown): boolean {
  return v === 0 || v === '0' || v === '0%';
}

function validateStrategy(d: Deployment): FieldError[] {
  const s = d.spec?.strategy;
  if (!s) return [];
  const errs: FieldError[] = [];
  if (s.type !== undefined && s.type !== 'RollingUpdate' && s.type !== 'Recreate') {
    errs.push(notSupported('spec.strategy.type', s.type, ['Recreate', 'RollingUpdate']));
  }
  if (s.type === 'Recreate' && s.rollingUpdate) {
    errs.push({ type: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', body: "Forbidden: may not be specified when strategy `type` is 'Recreate'" });
  }
  const ru = s.rollingUpdate;
  if (ru && s.type === 'RollingUpdate') {
    for (const k of ['maxUnavailable', 'maxSurge'] as const) {
      const v = ru[k];
      if (v === undefined) continue;
      if (typeof v === 'number' ? v < 0 : !/^\d+%?$/.test(String(v))) {
        errs.push(invalidValue(`spec.strategy.rollingUpdate.${k}`, v, typeof v === 'number' ? 'must be greater than or equal to 0' : "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
      }
    }
    if (isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) {
      errs.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  return errs;
}

/** deploymentStrategy declares deployments. */
export const deploymentStrategy: Strategy = {
  schema: topLevel({
    spec: {
      replicas: 'int',
      selector: LABEL_SELECTOR,
      template: POD_TEMPLATE,
      strategy: { type: 'string', rollingUpdate: { maxUnavailable: 'intOrString', maxSurge: 'intOrString' } },
      minReadySeconds: 'int',
      revisionHistoryLimit: 'int',
      paused: 'bool',
      progressDeadlineSeconds: 'int',
    },
    status: DEPLOYMENT_STATUS,
  }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    const d = obj as Deployment;
    if (!d.spec || typeof d.spec !== 'object') return;
    d.spec.replicas ??= 1;
    const st = (d.spec.strategy ??= {});
    st.type ??= 'RollingUpdate';
    if (st.type === 'RollingUpdate') {
      const ru = (st.rollingUpdate ??= {});
      ru.maxUnavailable ??= '25%';
      ru.maxSurge ??= '25%';
    }
    d.spec.revisionHistoryLimit ??= 10;
    d.spec.progressDeadlineSeconds ??= 600;
    if (d.spec.template && typeof d.spec.template === 'object') defaultPodSpec(d.spec.template.spec);
  },
  validate(obj) {
    const errs = validateWorkloadSpec(obj, 'deployment');
    const d = obj as Deployment;
    errs.push(...validateStrategy(d));
    const pds = d.spec?.progressDeadlineSeconds;
    if (typeof pds === 'number' && typeof d.spec?.minReadySeconds === 'number' && pds <= d.spec.minReadySeconds) {
      errs.push(invalidValue('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
    }
    return errs;
  },
  validateUpdate: validateSelectorImmutable,
  // Annotation changes bump generation too: they are copied to replica sets (as in Kubernetes).
  specOf: (obj: KubeObject) => ({ spec: obj.spec, annotations: obj.metadata.annotations }),
  printer: deploymentPrinter,
};
