/**
 * PodSpec rules shared by pods and by the pod templates of deployments and
 * replicasets: the field schema, defaults (SetDefaults_PodSpec/_Container)
 * and validation (ValidatePodSpec), with Kubernetes' messages.
 */
import type { Container, PodSpec, Toleration, Volume } from '../../../../shared/api/core';
import { parseQuantity } from '../../../../shared/quantity';
import { labelKeyError } from '../../selectors';
import { duplicate, invalidValue, notSupported, required, type FieldError } from '../../status';
import { validateResources } from '../field-formats';
import { LABEL_SELECTOR, list, OBJECT_META, type FieldSchema } from '../schema';
import { DNS1123_LABEL_MSG, dns1123Label, dns1123Subdomain, isDns1123Label, validateAnnotations, validateLabels } from '../validation';
import { validateContainers } from './container-validation';

const HANDLER: FieldSchema = {
  exec: { command: 'strings' },
  httpGet: { path: 'string', port: 'intOrString', host: 'string', scheme: 'string', httpHeaders: list({ name: 'string', value: 'string' }) },
  tcpSocket: { port: 'intOrString', host: 'string' },
  grpc: { port: 'int', service: 'string' },
  sleep: { seconds: 'int' },
};

const PROBE: FieldSchema = {
  ...HANDLER,
  initialDelaySeconds: 'int',
  timeoutSeconds: 'int',
  periodSeconds: 'int',
  successThreshold: 'int',
  failureThreshold: 'int',
  terminationGracePeriodSeconds: 'int64',
};

const KEY_REF: FieldSchema = { name: 'string', key: 'string', optional: 'bool' };

/** CONTAINER is core/v1 Container's fields. */
export const CONTAINER: FieldSchema = {
  name: 'string',
  image: 'string',
  command: 'strings',
  args: 'strings',
  workingDir: 'string',
  ports: list({ name: 'string', hostPort: 'int', containerPort: 'int', protocol: 'string', hostIP: 'string' }),
  envFrom: list({ prefix: 'string', configMapRef: { name: 'string', optional: 'bool' }, secretRef: { name: 'string', optional: 'bool' } }),
  env: list({
    name: 'string',
    value: 'string',
    valueFrom: { fieldRef: { apiVersion: 'string', fieldPath: 'string' }, resourceFieldRef: true, configMapKeyRef: KEY_REF, secretKeyRef: KEY_REF, fileKeyRef: true },
  }),
  resources: { limits: 'quantities', requests: 'quantities', claims: true },
  resizePolicy: list({ resourceName: 'string', restartPolicy: 'string' }),
  restartPolicy: 'string',
  volumeMounts: list({
    name: 'string',
    readOnly: 'bool',
    recursiveReadOnly: 'string',
    mountPath: 'string',
    subPath: 'string',
    mountPropagation: 'string',
    subPathExpr: 'string',
  }),
  volumeDevices: list({ name: 'string', devicePath: 'string' }),
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
  lifecycle: { postStart: HANDLER, preStop: HANDLER, stopSignal: 'string' },
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
  imagePullPolicy: 'string',
  securityContext: true,
  stdin: 'bool',
  stdinOnce: 'bool',
  tty: 'bool',
};

const KEY_TO_PATH = list({ key: 'string', path: 'string', mode: 'int' });

const VOLUME: FieldSchema = {
  name: 'string',
  hostPath: { path: 'string', type: 'string' },
  emptyDir: { medium: 'string', sizeLimit: 'intOrString' },
  secret: { secretName: 'string', items: KEY_TO_PATH, defaultMode: 'int', optional: 'bool' },
  configMap: { name: 'string', items: KEY_TO_PATH, defaultMode: 'int', optional: 'bool' },
  persistentVolumeClaim: { claimName: 'string', readOnly: 'bool' },
  downwardAPI: true,
  projected: true,
  csi: true,
  ephemeral: true,
  image: true,
  nfs: true,
  iscsi: true,
  glusterfs: true,
  rbd: true,
  flexVolume: true,
  cinder: true,
  cephfs: true,
  flocker: true,
  fc: true,
  azureFile: true,
  azureDisk: true,
  vsphereVolume: true,
  quobyte: true,
  photonPersistentDisk: true,
  portworxVolume: true,
  scaleIO: true,
  storageos: true,
  gcePersistentDisk: true,
  awsElasticBlockStore: true,
  gitRepo: true,
};

/** POD_SPEC is core/v1 PodSpec's fields. */
export const POD_SPEC: FieldSchema = {
  volumes: list(VOLUME),
  initContainers: list(CONTAINER),
  containers: list(CONTAINER),
  ephemeralContainers: list({ ...CONTAINER, targetContainerName: 'string' }),
  restartPolicy: 'string',
  terminationGracePeriodSeconds: 'int64',
  activeDeadlineSeconds: 'int64',
  dnsPolicy: 'string',
  nodeSelector: 'map',
  serviceAccountName: 'string',
  serviceAccount: 'string',
  automountServiceAccountToken: 'bool',
  nodeName: 'string',
  hostNetwork: 'bool',
  hostPID: 'bool',
  hostIPC: 'bool',
  shareProcessNamespace: 'bool',
  securityContext: true,
  imagePullSecrets: list({ name: 'string' }),
  hostname: 'string',
  subdomain: 'string',
  affinity: { nodeAffinity: true, podAffinity: true, podAntiAffinity: true },
  schedulerName: 'string',
  tolerations: list({ key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int64' }),
  hostAliases: list({ ip: 'string', hostnames: 'strings' }),
  priorityClassName: 'string',
  priority: 'int',
  dnsConfig: { nameservers: 'strings', searches: 'strings', options: list({ name: 'string', value: 'string' }) },
  readinessGates: list({ conditionType: 'string' }),
  runtimeClassName: 'string',
  enableServiceLinks: 'bool',
  preemptionPolicy: 'string',
  overhead: true,
  topologySpreadConstraints: list({
    maxSkew: 'int',
    topologyKey: 'string',
    whenUnsatisfiable: 'string',
    labelSelector: LABEL_SELECTOR,
    minDomains: 'int',
    nodeAffinityPolicy: 'string',
    nodeTaintsPolicy: 'string',
    matchLabelKeys: 'strings',
  }),
  setHostnameAsFQDN: 'bool',
  os: { name: 'string' },
  hostUsers: 'bool',
  schedulingGates: list({ name: 'string' }),
  resourceClaims: true,
  resources: { limits: 'quantities', requests: 'quantities', claims: true },
};

/** POD_TEMPLATE is core/v1 PodTemplateSpec's fields. */
export const POD_TEMPLATE: FieldSchema = { metadata: OBJECT_META, spec: POD_SPEC };

/** defaultPullPolicy is Always for an untagged or :latest image, else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon >= 0 ? last.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Record<string, unknown> | undefined): void {
  if (!p || typeof p !== 'object') return;
  // Go defaults a zero value too (0 cannot be told from unset there): periodSeconds 0 means 10.
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  const http = p.httpGet as Record<string, unknown> | undefined;
  if (http && typeof http === 'object') {
    http.path ??= '/';
    http.scheme ??= 'HTTP';
  }
}

function defaultContainer(c: Container): void {
  if (!c || typeof c !== 'object') return;
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  if (typeof c.resources !== 'object') return;
  // Requests default to limits, as SetDefaults_ResourceList does for containers.
  const lim = c.resources.limits;
  if (lim && typeof lim === 'object' && (c.resources.requests === undefined || (typeof c.resources.requests === 'object' && c.resources.requests !== null))) {
    const req = (c.resources.requests ??= {});
    for (const [k, v] of Object.entries(lim)) if (req[k] === undefined) req[k] = v;
  }
  for (const p of c.ports ?? []) if (p && typeof p === 'object') p.protocol ??= 'TCP';
  defaultProbe(c.livenessProbe as Record<string, unknown> | undefined);
  defaultProbe(c.readinessProbe as Record<string, unknown> | undefined);
  defaultProbe(c.startupProbe as Record<string, unknown> | undefined);
}

/** defaultPodSpec fills PodSpec defaults in place. */
export function defaultPodSpec(spec: PodSpec | undefined): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= 'default-scheduler';
  const s = spec as PodSpec & { securityContext?: unknown };
  s.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  if (Array.isArray(spec.containers)) spec.containers.forEach(defaultContainer);
  if (Array.isArray(spec.initContainers)) spec.initContainers.forEach(defaultContainer);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (!v || typeof v !== 'object') continue;
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.configMap) v.configMap.defaultMode ??= 420;
    const hasSource = Object.keys(v).some((k) => k !== 'name');
    if (!hasSource) v.emptyDir = {};
  }
}

/** qosClass computes a pod's QoS class (Guaranteed, Burstable or BestEffort). */
export function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined || req[r] === undefined) {
        guaranteed = false;
        continue;
      }
      try {
        if (parseQuantity(req[r]!) !== parseQuantity(lim[r]!)) guaranteed = false;
      } catch {
        guaranteed = false;
      }
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTolerations(list: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(list) ? list : []).forEach((t: Toleration | null, i) => {
    const f = `${field}[${i}]`;
    if (!t || typeof t !== 'object') {
      errs.push(invalidValue(f, t, 'must be an object'));
      return;
    }
    if (t.key) {
      const kerr = labelKeyError(t.key);
      if (kerr) errs.push(invalidValue(`${f}.key`, t.key, kerr));
    } else if (t.operator !== 'Exists') {
      errs.push(invalidValue(`${f}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.operator !== undefined && t.operator !== null && (t.operator as string) !== '' && !TOLERATION_OPERATORS.includes(t.operator)) {
      errs.push(notSupported(`${f}.operator`, t.operator, TOLERATION_OPERATORS));
    }
    if (t.operator === 'Exists' && t.value) errs.push(invalidValue(`${f}.operator`, t.operator, 'value must be empty when `operator` is \'Exists\''));
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${f}.effect`, t.effect, TAINT_EFFECTS));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalidValue(`${f}.effect`, t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
    }
  });
  return errs;
}

/** validatePodSpec checks a PodSpec at field path `field` (e.g. "spec" or "spec.template.spec"). */
export function validatePodSpec(spec: PodSpec | undefined, field: string): FieldError[] {
  if (!spec || typeof spec !== 'object') return [required(field)];
  const errs: FieldError[] = [];
  const volumes = new Set<string>();
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: Volume, i) => {
    const vf = `${field}.volumes[${i}]`;
    if (!v?.name) errs.push(required(`${vf}.name`));
    else if (!isDns1123Label(v.name)) errs.push(invalidValue(`${vf}.name`, v.name, DNS1123_LABEL_MSG));
    else if (volumes.has(v.name)) errs.push(duplicate(`${vf}.name`, v.name));
    else volumes.add(v.name);
  });
  const names = new Set<string>();
  errs.push(...validateContainers(spec.initContainers, `${field}.initContainers`, volumes, names, false, true));
  errs.push(...validateContainers(spec.containers, `${field}.containers`, volumes, names, true));
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(notSupported(`${field}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(notSupported(`${field}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.terminationGracePeriodSeconds !== undefined && (typeof spec.terminationGracePeriodSeconds !== 'number' || spec.terminationGracePeriodSeconds < 0)) {
    errs.push(invalidValue(`${field}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  if (spec.activeDeadlineSeconds !== undefined && (typeof spec.activeDeadlineSeconds !== 'number' || spec.activeDeadlineSeconds <= 0)) {
    errs.push(invalidValue(`${field}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  errs.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`));
  errs.push(...validateTolerations(spec.tolerations, `${field}.tolerations`));
  const s = spec as PodSpec & { hostname?: unknown; subdomain?: unknown; serviceAccountName?: unknown; imagePullSecrets?: unknown; resources?: unknown };
  for (const k of ['hostname', 'subdomain'] as const) {
    const v = s[k];
    if (typeof v === 'string' && v !== '') for (const m of dns1123Label(v, false)) errs.push(invalidValue(`${field}.${k}`, v, m));
  }
  for (const k of ['serviceAccountName', 'nodeName'] as const) {
    const v = s[k];
    if (typeof v === 'string' && v !== '') for (const m of dns1123Subdomain(v, false)) errs.push(invalidValue(`${field}.${k}`, v, m));
  }
  (Array.isArray(s.imagePullSecrets) ? s.imagePullSecrets : []).forEach((r: unknown, i) => {
    if (!r || typeof r !== 'object') errs.push(invalidValue(`${field}.imagePullSecrets[${i}]`, r, 'must be an object'));
  });
  errs.push(...validateResources(s.resources, `${field}.resources`));
  return errs;
}

/** validateTemplateMeta checks a pod template's labels and annotations. */
export function validateTemplateMeta(meta: unknown, field: string): FieldError[] {
  if (!meta || typeof meta !== 'object') return [];
  const m = meta as { labels?: unknown; annotations?: unknown };
  return [...validateLabels(m.labels, `${field}.labels`), ...validateAnnotations(m.annotations, `${field}.annotations`)];
}
