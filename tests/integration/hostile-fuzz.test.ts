/**
 * Issue 9 acceptance A6, property-based: valid objects of every served kind,
 * mutated (wrong types, deep nesting, huge strings, odd unicode, whitespace,
 * negative and huge numbers, unknown fields, removed fields), odd query
 * parameters and methods, sent over HTTPS as creates, updates and patches.
 * Every answer must arrive, must not be a 5xx, a 4xx must be a Status and
 * must leave the store untouched (its revision does not move), anything
 * stored must read back (JSON and Table), and /readyz must stay healthy.
 *
 * Requests run one at a time on one keep-alive agent: with no controllers
 * running, the store revision only moves when a request wrote, which makes
 * "nothing stored on a 4xx" exact.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawApiClient, type ApiResponse, type RawApiClient } from './helpers/api-http';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;
let api: RawApiClient;
let cases = 0;
/** How many answers of each status code the run saw (printed with HOSTILE_FUZZ_STATS=1). */
const codes = new Map<number, number>();

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
/** Runs per property; the properties below add up to well over 2,000 cases. */
const RUNS = Number(process.env.HOSTILE_FUZZ_RUNS ?? 600);
const SEED = Number(process.env.HOSTILE_FUZZ_SEED ?? Date.now() % 2 ** 31);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Kind {
  collection: string;
  /** A valid object named `name`. */
  seed(name: string): { [k: string]: Json };
}

const podSpec = (): { [k: string]: Json } => ({
  containers: [
    {
      name: 'web',
      image: 'kubedeck/busybox:latest',
      command: ['sh', '-c', 'sleep 3600'],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'MODE', value: 'fuzz' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      resources: { requests: { cpu: '100m', memory: '16Mi' }, limits: { cpu: '200m', memory: '32Mi' } },
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 3 },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 1 },
      volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'cfg', mountPath: '/etc/cfg', readOnly: true, subPath: 'a.conf' }],
      startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30, periodSeconds: 1 },
      lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 1'] } }, postStart: { httpGet: { path: '/', port: 8080, scheme: 'HTTP' } } },
      imagePullPolicy: 'IfNotPresent',
      workingDir: '/data',
      stdin: false,
      tty: false,
      terminationMessagePolicy: 'FallbackToLogsOnError',
    },
  ],
  initContainers: [
    {
      name: 'init',
      image: 'kubedeck/busybox:latest',
      args: ['true'],
      envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cfg', optional: true } }, { secretRef: { name: 'sec' } }],
      securityContext: { runAsUser: 1000, readOnlyRootFilesystem: true },
    },
  ],
  volumes: [
    { name: 'data', emptyDir: { sizeLimit: '64Mi' } },
    { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.conf', mode: 420 }], defaultMode: 420 } },
    { name: 'sec', secret: { secretName: 'sec', optional: true } },
  ],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 10,
  activeDeadlineSeconds: 3600,
  dnsPolicy: 'ClusterFirst',
  hostname: 'web',
  subdomain: 'fuzz',
  serviceAccountName: 'default',
  priority: 0,
  hostAliases: [{ ip: '10.0.0.1', hostnames: ['db.local'] }],
  dnsConfig: { nameservers: ['1.1.1.1'], searches: ['svc.local'], options: [{ name: 'ndots', value: '2' }] },
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'fuzz' } } }],
  imagePullSecrets: [{ name: 'registry' }],
  nodeSelector: { disk: 'ssd' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'fuzz', effect: 'NoSchedule' }],
});

const labels = { app: 'fuzz', tier: 'web' };

/** KINDS are every kind the registry serves, each with a valid object. */
const KINDS: Record<string, Kind> = {
  Pod: { collection: '/api/v1/namespaces/default/pods', seed: (name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: podSpec() }) },
  Deployment: {
    collection: '/apis/apps/v1/namespaces/default/deployments',
    seed: (name) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        template: { metadata: { labels }, spec: podSpec() },
      },
    }),
  },
  ReplicaSet: {
    collection: '/apis/apps/v1/namespaces/default/replicasets',
    seed: (name) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, labels }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } } }),
  },
  Service: {
    collection: '/api/v1/namespaces/default/services',
    seed: (name) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'alt', port: 8081, targetPort: 8081 }] as Json[], type: 'ClusterIP' },
    }),
  },
  ConfigMap: { collection: '/api/v1/namespaces/default/configmaps', seed: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, annotations: { note: 'fuzz' } }, data: { 'app.conf': 'a=b', key: 'v' }, binaryData: { bin: 'AAEC' } }) },
  Secret: { collection: '/api/v1/namespaces/default/secrets', seed: (name) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', data: { password: 'cGFzcw==' }, stringData: { user: 'admin' } }) },
  Namespace: { collection: '/api/v1/namespaces', seed: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }) },
  Endpoints: {
    collection: '/api/v1/namespaces/default/endpoints',
    seed: (name) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name }, subsets: [{ addresses: [{ ip: '10.0.0.5', targetRef: { kind: 'Pod', name: 'p', namespace: 'default' } }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }] }),
  },
  Event: {
    collection: '/api/v1/namespaces/default/events',
    seed: (name) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'p', apiVersion: 'v1' },
      reason: 'Fuzzed',
      message: 'a fuzzed event',
      type: 'Normal',
      count: 1,
      source: { component: 'fuzzer' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
    }),
  },
  Node: {
    collection: '/api/v1/nodes',
    seed: (name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { podCIDR: '10.1.0.0/24', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] } }),
  },
  DaemonSet: {
    collection: '/apis/apps/v1/namespaces/default/daemonsets',
    seed: (name) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, labels },
      spec: { selector: { matchLabels: labels }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, template: { metadata: { labels }, spec: podSpec() } },
    }),
  },
  StatefulSet: {
    collection: '/apis/apps/v1/namespaces/default/statefulsets',
    seed: (name) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, labels },
      spec: {
        replicas: 2,
        serviceName: 'fuzz',
        podManagementPolicy: 'OrderedReady',
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: podSpec() },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    }),
  },
  ControllerRevision: {
    collection: '/apis/apps/v1/namespaces/default/controllerrevisions',
    seed: (name) => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, labels }, revision: 1, data: { spec: { template: { metadata: { labels } } } } }),
  },
  Job: {
    collection: '/apis/batch/v1/namespaces/default/jobs',
    seed: (name) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, labels },
      spec: { completions: 2, parallelism: 1, backoffLimit: 3, activeDeadlineSeconds: 600, template: { metadata: { labels }, spec: { ...podSpec(), restartPolicy: 'Never' } } },
    }),
  },
  CronJob: {
    collection: '/apis/batch/v1/namespaces/default/cronjobs',
    seed: (name) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, labels },
      spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', suspend: true, jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } },
    }),
  },
  PersistentVolumeClaim: {
    collection: '/api/v1/namespaces/default/persistentvolumeclaims',
    seed: (name) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, labels }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'fuzz-none' } }),
  },
  PersistentVolume: {
    collection: '/api/v1/persistentvolumes',
    seed: (name) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, labels },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'fuzz-none', hostPath: { path: '/tmp/fuzz' } },
    }),
  },
  StorageClass: {
    collection: '/apis/storage.k8s.io/v1/storageclasses',
    seed: (name) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, labels }, provisioner: 'fuzz.example/none', reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate' }),
  },
  Ingress: {
    collection: '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    seed: (name) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, labels },
      spec: { ingressClassName: 'fuzz', rules: [{ host: 'web.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] as Json[] },
    }),
  },
  IngressClass: {
    collection: '/apis/networking.k8s.io/v1/ingressclasses',
    seed: (name) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name, labels }, spec: { controller: 'fuzz.example/none' } }),
  },
  EndpointSlice: {
    collection: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
    seed: (name) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, labels: { ...labels, 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.0.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1' } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }),
  },
  HorizontalPodAutoscaler: {
    collection: '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers',
    seed: (name) => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] as Json[],
      },
    }),
  },
  Lease: {
    collection: '/apis/coordination.k8s.io/v1/namespaces/default/leases',
    seed: (name) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: 'fuzzer', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z', leaseTransitions: 0 } }),
  },
};
const KIND_NAMES = Object.keys(KINDS);

const time = '2026-01-01T00:00:00Z';
const condition = (type: string): Json => ({ type, status: 'True', lastTransitionTime: time, reason: 'Fuzz', message: 'fuzzed' });

/** STATUSES are valid status stanzas of the kinds with a status subresource. */
const STATUSES: Record<string, Json> = {
  Pod: {
    phase: 'Running',
    conditions: [condition('Ready'), condition('PodScheduled')],
    hostIP: '10.0.0.1',
    podIP: '10.1.0.5',
    podIPs: [{ ip: '10.1.0.5' }],
    startTime: time,
    qosClass: 'Burstable',
    containerStatuses: [
      { name: 'web', ready: true, restartCount: 2, image: 'kubedeck/busybox:latest', imageID: 'sha256:abc', containerID: 'docker://abc', started: true, state: { running: { startedAt: time } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: time, finishedAt: time } } },
    ],
  },
  Deployment: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 1, conditions: [condition('Available'), condition('Progressing')] },
  ReplicaSet: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 },
  Service: { loadBalancer: { ingress: [{ ip: '10.0.0.9' }] } },
  Namespace: { phase: 'Active' },
  DaemonSet: { currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1, observedGeneration: 1 },
  StatefulSet: { replicas: 2, readyReplicas: 1, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 1, currentRevision: 'fuzz-1', updateRevision: 'fuzz-1', collisionCount: 0, observedGeneration: 1 },
  Job: { active: 1, succeeded: 1, failed: 0, ready: 1, startTime: time, conditions: [] },
  PersistentVolumeClaim: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
  HorizontalPodAutoscaler: { currentReplicas: 2, desiredReplicas: 3, lastScaleTime: time, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '150m' } } }], conditions: [condition('AbleToScale')] },
  Node: {
    capacity: { cpu: '2', memory: '2Gi', pods: '110' },
    allocatable: { cpu: '2', memory: '2Gi', pods: '110' },
    conditions: [{ ...(condition('Ready') as object), lastHeartbeatTime: time }],
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'node' }],
    nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian', containerRuntimeVersion: 'docker://20.10', kernelVersion: '6.1', architecture: 'amd64', operatingSystem: 'linux' },
    images: [{ names: ['kubedeck/busybox:latest'], sizeBytes: 1000 }],
  },
};

// ---- mutations ----

/** paths lists every path in a value (object keys and array indexes), the root excluded. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push([...prefix, i], ...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...paths(x, [...prefix, k]));
  return out;
}

function nest(depth: number): Json {
  let v: Json = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

const oddStrings = fc.oneof(
  fc.constantFrom('', ' ', ' busybox', 'busybox ', '\tname\n', '\u0000', '\uffff', '\ud800', '\u202eevil', '💥', 'a'.repeat(254), 'UPPER', '-lead', 'trail-', 'a..b', '../etc', '%2f', '/', 'x=y', '1e999', 'NaN', '-1', '0x10', 'true', 'null', '{}', '[]', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', '$patch', '$retainKeys', '$setElementOrder/containers', '$deleteFromPrimitiveList/args'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 20 }).map((s) => ` ${s} `),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

const oddNumbers = fc.oneof(fc.constantFrom(0, -1, 1, 65535, 65536, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 1e-7), fc.integer({ min: -100_000, max: 100_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }));

const oddValues: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, -0, 1.5, -2147483649, 2 ** 53 + 1, 1e308, -1e308, 65536, 70000, [], {}, [null], [1, 'a'], { '': '' }, JSON.parse('{"__proto__":"x"}') as Json, { constructor: 'x' }) },
  { weight: 2, arbitrary: oddNumbers },
  // Around the nesting limit (100): some pass, some are refused before decoding.
  { weight: 1, arbitrary: fc.integer({ min: 80, max: 300 }).map(nest) },
  { weight: 1, arbitrary: fc.array(oddStrings, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(oddStrings, oddStrings, { maxKeys: 3 }) },
);

type Mutation =
  | { op: 'set'; at: number; value: Json }
  | { op: 'tweak'; at: number; str: string; num: number }
  | { op: 'delete'; at: number }
  | { op: 'unknown'; at: number; key: string; value: Json };


const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A value of the same JSON type, so the object still decodes and validation has to judge it.
  { weight: 5, arbitrary: fc.record({ op: fc.constant('tweak' as const), at: fc.nat(), str: oddStrings, num: oddNumbers }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: oddValues }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unknown' as const), at: fc.nat(), key: oddStrings, value: oddValues }) },
);

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** mutate applies mutations to a copy of obj (a path is picked by index among the current paths). */
function mutate(obj: { [k: string]: Json }, muts: Mutation[]): { [k: string]: Json } {
  const out = clone(obj);
  for (const m of muts) {
    const all = paths(out);
    if (!all.length) break;
    const path = all[m.at % all.length]!;
    let parent: Json = out;
    for (const p of path.slice(0, -1)) parent = (parent as Record<string, Json>)[p as string]!;
    const last = path[path.length - 1]!;
    const container = parent as Record<string | number, Json>;
    // Values are cloned: fast-check hands out the same constant objects to many cases.
    if (m.op === 'set') container[last] = clone(m.value);
    else if (m.op === 'tweak') {
      const cur = container[last];
      if (typeof cur === 'string') container[last] = m.str;
      else if (typeof cur === 'number') container[last] = m.num;
      else if (typeof cur === 'boolean') container[last] = !cur;
      else if (Array.isArray(cur)) cur.push(clone(cur[0] ?? m.str));
      else if (cur && typeof cur === 'object') cur[m.str] = m.str;
    }
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete container[last];
    } else {
      const target = container[last];
      const value = clone(m.value);
      if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value, enumerable: true, writable: true, configurable: true });
      else container[last] = { [m.key]: value };
    }
  }
  return out;
}

const QUERY_PARAMS: [string, fc.Arbitrary<string>][] = [
  ['dryRun', fc.constantFrom('All', 'all', '', 'Maybe')],
  ['fieldValidation', fc.constantFrom('Strict', 'Warn', 'Ignore', 'strict', '')],
  ['fieldManager', fc.oneof(fc.constantFrom('kubectl', '', 'x'.repeat(200), '\u0001'), fc.string({ maxLength: 10 }))],
  ['pretty', fc.constantFrom('true', 'x')],
  ['force', fc.constantFrom('true', 'false', 'x')],
  ['resourceVersion', fc.constantFrom('0', '1', 'abc', '-1', '99999999999999999999')],
  ['gracePeriodSeconds', fc.constantFrom('0', '-1', 'x', '30')],
];

const oddQuery = fc
  .subarray(QUERY_PARAMS, { maxLength: 3 })
  .chain((ps) => (ps.length ? fc.tuple(...ps.map(([k, v]) => v.map((x) => `${k}=${encodeURIComponent(x)}`))) : fc.constant([] as string[])))
  .map((parts) => (parts.length ? `?${parts.join('&')}` : ''));

/** Most writes go without parameters, so the body is what gets judged; one in four carries odd ones. */
const queryString = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: oddQuery });

// ---- the checks every case goes through ----

async function revision(): Promise<string> {
  const res = await api.call('GET', '/api/v1/namespaces?limit=1');
  expect(res.status).toBe(200);
  return (res.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
}

let lastRevision = '';

/** check asserts one answer: never 5xx; a 4xx is a Status and moved nothing; a 2xx object reads back. */
async function check(what: string, res: ApiResponse, readBack?: string): Promise<void> {
  cases++;
  codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
  const label = `${what} → ${res.status} ${res.text.slice(0, 300)}`;
  const before = lastRevision;
  // Always move on to the new revision, so one failure does not cascade into the next case.
  const now = (lastRevision = await revision());
  expect(res.status, label).toBeGreaterThanOrEqual(200);
  // A list not older than a revision the store never reached: after its wait the watch cache answers 504 Timeout, as Kubernetes' cacher does.
  const tooLarge = res.status === 504 && (res.json as { details?: { causes?: { reason?: string }[] } } | undefined)?.details?.causes?.[0]?.reason === 'ResourceVersionTooLarge';
  if (!tooLarge) expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    // A HEAD answer has no body to carry the Status.
    if (!what.startsWith('HEAD ')) expect((res.json as { kind?: string } | undefined)?.kind, label).toBe('Status');
    expect(now, `${label}: a refused request changed the store`).toBe(before);
  } else if (readBack) {
    for (const accept of ['application/json', TABLE]) {
      const back = await api.call('GET', readBack, undefined, undefined, accept);
      expect(back.status, `${label}: read back ${readBack} as ${accept}: ${back.text.slice(0, 300)}`).toBeLessThan(500);
    }
  }
}

function nameOf(obj: { [k: string]: Json }): string | undefined {
  const m = obj.metadata;
  const n = m && typeof m === 'object' && !Array.isArray(m) ? m.name : undefined;
  return typeof n === 'string' && n !== '' && !/[/%?#]/.test(n) && n !== '.' && n !== '..' ? n : undefined;
}

function serialise(obj: unknown, yaml: boolean): { body: string; type: string } {
  if (!yaml) return { body: JSON.stringify(obj), type: 'application/json' };
  // JSON is YAML: a flow document exercises the YAML decoder with the same tree.
  return { body: JSON.stringify(obj, null, 1), type: 'application/yaml' };
}

beforeAll(async () => {
  tc = await startTestCluster();
  api = rawApiClient(tc.cluster.apiUrl, tc.cluster.token, tc.cluster.caPem);
  // One valid object of every kind to update and patch.
  for (const kind of KIND_NAMES) {
    const k = KINDS[kind]!;
    const res = await api.call('POST', k.collection, JSON.stringify(k.seed('target')));
    expect(res.status, `${kind}: ${res.text}`).toBe(201);
  }
  lastRevision = await revision();
});
afterAll(async () => {
  api?.close();
  await tc?.stop();
});

const fcParams = { numRuns: RUNS, seed: SEED, endOnFailure: true } as const;
/** A property's time budget grows with the runs asked for (HOSTILE_FUZZ_RUNS), never below vitest's default. */
const PROPERTY_TIMEOUT_MS = Math.max(60_000, RUNS * 100);

describe(`hostile fuzz (seed ${SEED}, ${RUNS} runs per property)`, () => {
  it('every seed object is valid as it is', async () => {
    for (const kind of KIND_NAMES) {
      const k = KINDS[kind]!;
      const res = await api.call('POST', `${k.collection}?dryRun=All`, JSON.stringify(k.seed('seed-check')));
      expect(res.status, `${kind}: ${res.text}`).toBe(201);
    }
  });

  it('creates of mutated objects', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KIND_NAMES), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), queryString, fc.nat(), async (kind, muts, yaml, query, n) => {
        const k = KINDS[kind]!;
        const obj = mutate(k.seed(`fz-${n}`), muts);
        const { body, type } = serialise(obj, yaml && n % 4 === 0);
        const res = await api.call('POST', `${k.collection}${query}`, body, type);
        const name = nameOf(obj);
        await check(`POST ${kind} ${body.slice(0, 200)}`, res, res.status < 300 && name && !query.includes('dryRun') ? `${k.collection}/${name}` : undefined);
      }),
      fcParams,
    );
  }, PROPERTY_TIMEOUT_MS);

  it('updates (PUT) of the stored objects with mutated bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KIND_NAMES), fc.array(mutation, { minLength: 1, maxLength: 3 }), queryString, async (kind, muts, query) => {
        const k = KINDS[kind]!;
        const obj = mutate(k.seed('target'), muts);
        const res = await api.call('PUT', `${k.collection}/target${query}`, JSON.stringify(obj));
        await check(`PUT ${kind} ${JSON.stringify(obj).slice(0, 200)}`, res, res.status < 300 ? `${k.collection}/target` : undefined);
      }),
      fcParams,
    );
  }, PROPERTY_TIMEOUT_MS);

  it('status writes (PUT and merge patch on /status) with mutated status', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(STATUSES)), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (kind, muts, put) => {
        const k = KINDS[kind]!;
        const status = mutate({ status: STATUSES[kind]! }, muts);
        const path = `${k.collection}/target/status`;
        const res = put
          ? await api.call('PUT', path, JSON.stringify({ ...k.seed('target'), ...status }))
          : await api.call('PATCH', path, JSON.stringify(status), 'application/merge-patch+json');
        await check(`${put ? 'PUT' : 'PATCH'} ${kind} status ${JSON.stringify(status).slice(0, 200)}`, res, res.status < 300 ? `${k.collection}/target` : undefined);
      }),
      fcParams,
    );
  }, PROPERTY_TIMEOUT_MS);

  it('patches (merge, strategic, JSON patch, apply) with mutated content', async () => {
    const patchKinds = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KIND_NAMES),
        fc.constantFrom(...patchKinds),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('add', 'replace', 'remove', 'test', 'move', 'copy', 'bogus'),
        fc.nat(),
        oddValues,
        async (kind, type, muts, op, at, value) => {
          const k = KINDS[kind]!;
          let body: string;
          if (type === 'application/json-patch+json') {
            const all = paths(k.seed('target'));
            const path = `/${all[at % all.length]!.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
            body = JSON.stringify([{ op, path, value, from: '/metadata/labels' }]);
          } else {
            const full = mutate(k.seed('target'), muts);
            // A partial patch: the mutated object without its identity, or all of it.
            body = JSON.stringify(at % 3 === 0 ? full : { ...full, apiVersion: undefined, kind: undefined });
          }
          const query = type === 'application/apply-patch+yaml' ? '?fieldManager=fuzz' : '';
          const res = await api.call('PATCH', `${k.collection}/target${query}`, body, type);
          await check(`PATCH ${type} ${kind} ${body.slice(0, 200)}`, res, res.status < 300 ? `${k.collection}/target` : undefined);
        },
      ),
      fcParams,
    );
  }, PROPERTY_TIMEOUT_MS);

  it('protobuf bodies with flipped, cut and inserted bytes', async () => {
    // What kubectl 1.32 sends for `kubectl create` (as in protobuf/kubectl-golden.test.ts).
    const bodies: [string, string][] = [
      ['/api/v1/namespaces/default/configmaps', 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEhsKEQoBeBIAGgAiACoAMgA4AEIAEgYKAWESAWIaACIA'],
      [
        '/apis/apps/v1/namespaces/default/deployments',
        'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEosBCAISDAoKCgNhcHASA3dlYhpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViElESMwoHYnVzeWJveBIHYnVzeWJveCoAMgsKABAAGJA/IgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
      ],
      [
        '/api/v1/namespaces/default/services',
        'azhzAAoNCgJ2MRIHU2VydmljZRJjChsKAXMSABoAIgAqADIAOABCAFoICgNhcHASAXMSQAobCgc4MC04MDgwEgNUQ1AYUCIHCAAQkD8aACgAEggKA2FwcBIBcxoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
      ],
    ];
    const edit = fc.oneof(
      fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodies), fc.array(edit, { minLength: 1, maxLength: 4 }), async ([collection, b64], edits) => {
        let bytes = Buffer.from(b64, 'base64');
        for (const e of edits) {
          const at = e.at % (bytes.length + 1);
          if (e.op === 'flip' && at < bytes.length) bytes[at] = e.byte;
          else if (e.op === 'cut') bytes = bytes.subarray(0, at);
          else if (e.op === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
        }
        const res = await api.call('POST', collection, Buffer.from(bytes), 'application/vnd.kubernetes.protobuf');
        await check(`POST protobuf ${collection} ${bytes.toString('base64')}`, res);
      }),
      fcParams,
    );
  }, PROPERTY_TIMEOUT_MS);

  it('odd methods, paths, parameters and raw bodies', async () => {
    const collections = KIND_NAMES.map((n) => KINDS[n]!.collection);
    const listParams = fc.constantFrom(
      'limit=1',
      'limit=-1',
      'limit=1.5',
      'limit=99999999999999999999',
      'continue=abc',
      'continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6OTk5OTk5LCJzdGFydCI6IngifQ',
      'resourceVersion=abc',
      'resourceVersion=0',
      'resourceVersion=99999999',
      'resourceVersion=1&resourceVersionMatch=Exact',
      'resourceVersion=99999999&resourceVersionMatch=Exact',
      'resourceVersionMatch=NotOlderThan',
      'labelSelector=a%20in%20(b',
      'labelSelector=!!a',
      'labelSelector=a%3D%3Db%2C%2C',
      'fieldSelector=metadata.name%3Dx%2Cspec.x%3Dy',
      'fieldSelector=%3D',
      'watch=true&resourceVersion=abc',
      'watch=true&timeoutSeconds=1&resourceVersion=99999999',
      // Any value but 0/false watches, as in Kubernetes: bounded, like every accepted watch here.
      'watch=x&timeoutSeconds=1',
      'timeoutSeconds=-1&watch=true',
      'includeObject=Banana',
      'includeObject=Metadata',
      'includeObject=Object&limit=1',
      'propagationPolicy=Nope',
      'dryRun=All&propagationPolicy=Orphan',
    );
    const rawBodies = fc.oneof(
      fc.constantFrom('', 'null', '[]', '"str"', '42', '{', '{"a":', '[1,2', '\u0000\u0001', '{"metadata":null}', '{"metadata":[]}', '{"apiVersion":5}', '{"kind":{}}', '---\n- a\n- b', 'a: [b', '&a [*a]', '!!binary AAAA'),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')),
    );
    const contentTypes = fc.constantFrom('application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'text/plain', 'application/xml', 'application/merge-patch+json', 'multipart/form-data', '');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        fc.constantFrom(...collections, '/api', '/apis', '/api/v1', '/apis/apps/v1', '/apis/nope/v1', '/api/v2/pods', '/version', '/openapi/v2'),
        // No pods/log: without a kubelet its honest answer is 503 ServiceUnavailable.
        fc.constantFrom('', '/target', '/target/status', '/target/scale', '/target/binding', '/target/a/b/c', '/%E2%82', '/..', '/nope'),
        listParams,
        rawBodies,
        contentTypes,
        fc.constantFrom('application/json', TABLE, 'application/json;as=Table;v=v1beta1;g=meta.k8s.io', 'application/vnd.kubernetes.protobuf', 'application/yaml', '*/*', 'text/html', ';;;', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'),
        async (method, base, suffix, params, body, type, accept) => {
          const path = `${base}${suffix}?${params}`;
          // A watch that is accepted streams until its timeout; only short ones are sent.
          if (params.startsWith('watch=true&timeoutSeconds=1') && method !== 'GET') return;
          const sendBody = method === 'GET' || method === 'HEAD' ? undefined : body;
          const res = await api.call(method, path, sendBody, type || 'application/json', accept);
          await check(`${method} ${path} ${JSON.stringify(body).slice(0, 100)} (${type}, accept ${accept})`, res);
        },
      ),
      fcParams,
    );
  }, PROPERTY_TIMEOUT_MS);

  it(`ran at least 2,000 cases and the server is healthy afterwards`, async () => {
    if (process.env.HOSTILE_FUZZ_STATS) console.log(`hostile fuzz: ${cases} cases, answers by code: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
    expect(cases).toBeGreaterThanOrEqual(Math.min(2_000, RUNS * 4));
    for (const kind of KIND_NAMES) {
      const k = KINDS[kind]!;
      for (const accept of ['application/json', TABLE]) {
        const res = await api.call('GET', k.collection, undefined, undefined, accept);
        expect(res.status, `${kind} list as ${accept}: ${res.text.slice(0, 300)}`).toBe(200);
      }
    }
    const ready = await api.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.text).toBe('ok');
  });
});
