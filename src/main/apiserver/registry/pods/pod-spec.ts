/**
 * PodSpec rules shared by pods and by the pod templates of deployments and
 * replicasets: the field schema, defaults (SetDefaults_PodSpec/_Container)
 * and validation (ValidatePodSpec), with Kubernetes' messages.
 */
import type { Container, PodSpec, Volume } from '../../../../shared/api/core';
import { parseQuantity } from '../../../../shared/quantity';
import { duplicate, invalidValue, notSupported, required, type FieldError } from '../../status';
import { LABEL_SELECTOR, list, OBJECT_META, type FieldSchema } from '../schema';
import { DNS1123_LABEL_MSG, isDns1123Label, validateLabels, validateAnnotations, validatePortNumber } from '../validation';

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
  terminationGracePeriodSeconds: 'int',
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
  resources: { limits: true, requests: true, claims: true },
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
  emptyDir: { medium: 'string', sizeLimit: true },
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
  terminationGracePeriodSeconds: 'int',
  activeDeadlineSeconds: 'int',
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
  tolerations: list({ key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int' }),
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
  resources: { limits: true, requests: true, claims: true },
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
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
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
  // Requests default to limits, as SetDefaults_ResourceList does for containers.
  const lim = c.resources.limits;
  if (lim && typeof lim === 'object') {
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
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const CONTAINER_NAME_MSG = DNS1123_LABEL_MSG;

function validateContainers(list: unknown, field: string, volumes: Set<string>, names: Set<string>, requireOne: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    if (requireOne) errs.push(required(field));
    return errs;
  }
  if (!Array.isArray(list)) return [invalidValue(field, list, 'must be a list of containers')];
  list.forEach((c: Container, i) => {
    const f = `${field}[${i}]`;
    if (!c || typeof c !== 'object') {
      errs.push(invalidValue(f, c, 'must be an object'));
      return;
    }
    if (!c.name) errs.push(required(`${f}.name`));
    else if (typeof c.name !== 'string' || !isDns1123Label(c.name)) errs.push(invalidValue(`${f}.name`, c.name, CONTAINER_NAME_MSG));
    else if (names.has(c.name)) errs.push(duplicate(`${f}.name`, c.name));
    else names.add(c.name);
    if (!c.image || (typeof c.image === 'string' && !c.image.trim())) errs.push(required(`${f}.image`));
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) {
      errs.push(notSupported(`${f}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    }
    (Array.isArray(c.ports) ? c.ports : []).forEach((p, j) => {
      const pf = `${f}.ports[${j}]`;
      if (p.containerPort === undefined) errs.push(required(`${pf}.containerPort`));
      else errs.push(...validatePortNumber(p.containerPort, `${pf}.containerPort`));
      if (p.hostPort !== undefined && p.hostPort !== 0) errs.push(...validatePortNumber(p.hostPort, `${pf}.hostPort`));
      if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${pf}.protocol`, p.protocol, PROTOCOLS));
    });
    (Array.isArray(c.env) ? c.env : []).forEach((e, j) => {
      if (!e?.name) errs.push(required(`${f}.env[${j}].name`));
    });
    (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).forEach((m, j) => {
      const mf = `${f}.volumeMounts[${j}]`;
      if (!m?.name) errs.push(required(`${mf}.name`));
      else if (!volumes.has(m.name)) errs.push({ type: 'FieldValueNotFound', field: `${mf}.name`, body: `Not found: ${JSON.stringify(m.name)}` });
      if (!m?.mountPath) errs.push(required(`${mf}.mountPath`));
    });
    for (const [kind, res] of Object.entries(c.resources ?? {})) {
      if (kind === 'claims' || !res || typeof res !== 'object') continue;
      for (const [rname, q] of Object.entries(res as Record<string, unknown>)) {
        try {
          parseQuantity(q as string);
        } catch {
          errs.push(invalidValue(`${f}.resources.${kind}[${rname}]`, q, 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''));
        }
      }
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
    else if (!isDns1123Label(v.name)) errs.push(invalidValue(`${vf}.name`, v.name, CONTAINER_NAME_MSG));
    else if (volumes.has(v.name)) errs.push(duplicate(`${vf}.name`, v.name));
    else volumes.add(v.name);
  });
  const names = new Set<string>();
  errs.push(...validateContainers(spec.initContainers, `${field}.initContainers`, volumes, names, false));
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
  return errs;
}

/** validateTemplateMeta checks a pod template's labels and annotations. */
export function validateTemplateMeta(meta: unknown, field: string): FieldError[] {
  if (!meta || typeof meta !== 'object') return [];
  const m = meta as { labels?: unknown; annotations?: unknown };
  return [...validateLabels(m.labels, `${field}.labels`), ...validateAnnotations(m.annotations, `${field}.annotations`)];
}
