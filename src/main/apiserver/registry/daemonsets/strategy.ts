/** DaemonSets (pkg/registry/apps/daemonset/strategy.go). */
import type { DaemonSet } from '../../../../shared/api/apps';
import { notSupported, type FieldError } from '../../status';
import { daemonSetPrinter } from '../../table/workloads';
import { defaultPodSpec, POD_TEMPLATE } from '../pods/pod-spec';
import { LABEL_SELECTOR, topLevel } from '../schema';
import { DAEMON_SET_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { dns1123Subdomain } from '../validation';
import { validateSelectorImmutable, validateWorkloadSpec } from '../workload-validation';

function validateUpdateStrategy(ds: DaemonSet): FieldError[] {
  const t = ds.spec?.updateStrategy?.type;
  if (t !== undefined && t !== 'RollingUpdate' && t !== 'OnDelete') return [notSupported('spec.updateStrategy.type', t, ['OnDelete', 'RollingUpdate'])];
  return [];
}

/** daemonSetStrategy declares daemonsets. */
export const daemonSetStrategy: Strategy = {
  schema: topLevel({
    spec: {
      selector: LABEL_SELECTOR,
      template: POD_TEMPLATE,
      updateStrategy: { type: 'string', rollingUpdate: { maxUnavailable: 'intOrString', maxSurge: 'intOrString' } },
      minReadySeconds: 'int',
      revisionHistoryLimit: 'int',
    },
    status: DAEMON_SET_STATUS,
  }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    const ds = obj as DaemonSet;
    if (!ds.spec || typeof ds.spec !== 'object') return;
    const st = (ds.spec.updateStrategy ??= {});
    st.type ??= 'RollingUpdate';
    if (st.type === 'RollingUpdate') {
      const ru = (st.rollingUpdate ??= {});
      ru.maxUnavailable ??= 1;
      ru.maxSurge ??= 0;
    }
    ds.spec.revisionHistoryLimit ??= 10;
    if (ds.spec.template && typeof ds.spec.template === 'object') defaultPodSpec(ds.spec.template.spec);
  },
  prepareForCreate(obj) {
    (obj as DaemonSet).status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  validate: (obj) => [...validateWorkloadSpec(obj, 'daemonset'), ...validateUpdateStrategy(obj as DaemonSet)],
  validateUpdate: validateSelectorImmutable,
  printer: daemonSetPrinter,
};
