/** StatefulSets (pkg/registry/apps/statefulset/strategy.go). */
import type { StatefulSet } from '../../../../shared/api/apps';
import { forbiddenField, invalidValue, notSupported, required, type FieldError } from '../../status';
import { statefulSetPrinter } from '../../table/stateful';
import { defaultPodSpec, POD_TEMPLATE } from '../pods/pod-spec';
import { defaultClaimSpec, PVC_TEMPLATE, validateClaimSpec } from '../persistentvolumeclaims/claim-spec';
import { LABEL_SELECTOR, list, topLevel, type FieldSchema } from '../schema';
import type { Strategy } from '../strategy';
import { deepEqual, dns1123Subdomain, isDns1123Label } from '../validation';
import { validateSelectorImmutable, validateWorkloadSpec } from '../workload-validation';

const CONDITION: FieldSchema = { type: 'string', status: 'string', lastTransitionTime: 'time', reason: 'string', message: 'string' };

/** STATEFUL_SET_STATUS is apps/v1 StatefulSetStatus. */
export const STATEFUL_SET_STATUS: FieldSchema = {
  observedGeneration: 'int64',
  replicas: 'int',
  readyReplicas: 'int',
  currentReplicas: 'int',
  updatedReplicas: 'int',
  currentRevision: 'string',
  updateRevision: 'string',
  collisionCount: 'int',
  conditions: list(CONDITION),
  availableReplicas: 'int',
};

function validateStatefulSpec(s: StatefulSet): FieldError[] {
  const spec = s.spec;
  if (!spec || typeof spec !== 'object') return [];
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(notSupported('spec.podManagementPolicy', pmp, ['OrderedReady', 'Parallel']));
  const t = spec.updateStrategy?.type;
  if (t !== 'RollingUpdate' && t !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', t, ['OnDelete', 'RollingUpdate']));
  const partition = spec.updateStrategy?.rollingUpdate?.partition;
  if (partition !== undefined && !(Number.isInteger(partition) && partition >= 0)) errs.push(invalidValue('spec.updateStrategy.rollingUpdate.partition', partition, 'must be greater than or equal to 0'));
  if (spec.serviceName !== undefined && spec.serviceName !== '' && !isDns1123Label(spec.serviceName)) errs.push(invalidValue('spec.serviceName', spec.serviceName, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\''));
  for (const [i, t] of (spec.volumeClaimTemplates ?? []).entries()) {
    if (!t.metadata?.name) errs.push(required(`spec.volumeClaimTemplates[${i}].metadata.name`));
    errs.push(...validateClaimSpec(t.spec, `spec.volumeClaimTemplates[${i}].spec`));
  }
  return errs;
}

/** withClaimVolumes is the set with its claim templates as pod volumes, so mounts of them validate (as the pods will have them). */
function withClaimVolumes(s: StatefulSet): StatefulSet {
  const tpl = s.spec?.template;
  const claims = s.spec?.volumeClaimTemplates;
  if (!tpl?.spec || typeof tpl.spec !== 'object' || !Array.isArray(claims) || !claims.length) return s;
  const names = new Set(claims.map((c) => c?.metadata?.name));
  const volumes = [...(tpl.spec.volumes ?? []).filter((v) => !names.has(v.name)), ...claims.filter((c) => c?.metadata?.name).map((c) => ({ name: c.metadata.name!, persistentVolumeClaim: { claimName: c.metadata.name! } }))];
  return { ...s, spec: { ...s.spec, template: { ...tpl, spec: { ...tpl.spec, volumes } } } };
}

/** The fields a StatefulSet update may change (ValidateStatefulSetUpdate). */
const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

/** statefulSetStrategy declares statefulsets. */
export const statefulSetStrategy: Strategy = {
  schema: topLevel({
    spec: {
      replicas: 'int',
      selector: LABEL_SELECTOR,
      template: POD_TEMPLATE,
      volumeClaimTemplates: list(PVC_TEMPLATE),
      serviceName: 'string',
      podManagementPolicy: 'string',
      updateStrategy: { type: 'string', rollingUpdate: { partition: 'int', maxUnavailable: 'intOrString' } },
      revisionHistoryLimit: 'int',
      minReadySeconds: 'int',
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'string', whenScaled: 'string' },
      ordinals: { start: 'int' },
    },
    status: STATEFUL_SET_STATUS,
  }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    const s = obj as StatefulSet;
    if (!s.spec || typeof s.spec !== 'object') return;
    s.spec.replicas ??= 1;
    s.spec.podManagementPolicy ??= 'OrderedReady';
    const st = (s.spec.updateStrategy ??= {});
    st.type ??= 'RollingUpdate';
    if (st.type === 'RollingUpdate') (st.rollingUpdate ??= {}).partition ??= 0;
    s.spec.revisionHistoryLimit ??= 10;
    s.spec.persistentVolumeClaimRetentionPolicy ??= {};
    s.spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
    s.spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
    for (const t of s.spec.volumeClaimTemplates ?? []) {
      if (t && typeof t === 'object') {
        t.apiVersion ??= 'v1';
        t.kind ??= 'PersistentVolumeClaim';
        defaultClaimSpec(t.spec);
        t.status ??= { phase: 'Pending' };
      }
    }
    if (s.spec.template && typeof s.spec.template === 'object') defaultPodSpec(s.spec.template.spec);
  },
  prepareForCreate(obj) {
    (obj as StatefulSet).status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (obj) => [...validateWorkloadSpec(withClaimVolumes(obj as StatefulSet), 'statefulset'), ...validateStatefulSpec(obj as StatefulSet)],
  validateUpdate(obj, old) {
    const a = (obj as StatefulSet).spec as unknown as Record<string, unknown>;
    const b = (old as StatefulSet).spec as unknown as Record<string, unknown>;
    const strip = (s: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !(MUTABLE as readonly string[]).includes(k)));
    if (!deepEqual(strip(a), strip(b))) {
      return [
        forbiddenField(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      ];
    }
    return validateSelectorImmutable(obj, old);
  },
  printer: statefulSetPrinter,
};
