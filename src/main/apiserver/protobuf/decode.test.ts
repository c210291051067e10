import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { decodeProtobufObject, PROTOBUF_CONTENT_TYPE } from './index';
import { PROTOBUF_MAGIC } from './decode';
import { buildRoot, MESSAGES } from './schema';

// An independent Root from the same table, used as the encoder (what a Go client would send).
const root = buildRoot();
const type = (name: string): protobuf.Type => root.lookupType(`kubedeck.${name}`);

function envelope(apiVersion: string, kind: string, raw: Uint8Array, extra: Record<string, unknown> = {}): Buffer {
  const unknown = type('Unknown').encode({ typeMeta: { apiVersion, kind }, raw, ...extra }).finish();
  return Buffer.concat([PROTOBUF_MAGIC, unknown]);
}

function encode(apiVersion: string, kind: string, message: string, obj: Record<string, unknown>): Buffer {
  const t = type(message);
  const err = t.verify(obj);
  if (err) throw new Error(`test object does not fit ${message}: ${err}`);
  return envelope(apiVersion, kind, t.encode(t.fromObject(obj)).finish());
}

function decodeError(body: Buffer): ApiError {
  try {
    decodeProtobufObject(body);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected decodeProtobufObject to throw');
}

// Gogo protobuf writes every plain (non-pointer) field, empty or not, as kubectl does.
const emptyMeta = { generateName: '', namespace: '', selfLink: '', uid: '', resourceVersion: '', generation: 0, creationTimestamp: {} };

describe('decodeProtobufObject', () => {
  it('exports the Kubernetes protobuf media type', () => {
    expect(PROTOBUF_CONTENT_TYPE).toBe('application/vnd.kubernetes.protobuf');
  });

  it('round-trips a ConfigMap: maps to objects, binaryData to base64, plain empty fields dropped, pointer false kept', () => {
    const body = encode('v1', 'ConfigMap', 'ConfigMap', {
      metadata: { ...emptyMeta, name: 'cm', namespace: 'ns1', labels: { app: 'web' }, annotations: { note: '' } },
      data: { a: 'b', empty: '' },
      binaryData: { bin: Buffer.from([0, 1, 2, 255]) },
      immutable: false,
    });
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'ns1', labels: { app: 'web' }, annotations: { note: '' } },
      data: { a: 'b', empty: '' },
      binaryData: { bin: Buffer.from([0, 1, 2, 255]).toString('base64') },
      immutable: false,
    });
  });

  it('round-trips a Secret: data bytes become base64, type kept', () => {
    const body = encode('v1', 'Secret', 'Secret', {
      metadata: { ...emptyMeta, name: 's' },
      data: { password: Buffer.from('hunter2') },
      type: 'Opaque',
    });
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    });
  });

  it('round-trips a Pod: times, quantities, int-or-string, inlined structs, env sources, affinity, tolerations', () => {
    const seconds = Date.UTC(2026, 10, 26, 12, 30, 5) / 1000;
    const body = encode('v1', 'Pod', 'Pod', {
      metadata: {
        ...emptyMeta,
        name: 'p',
        generation: 3,
        creationTimestamp: { seconds, nanos: 0 },
        deletionGracePeriodSeconds: 0,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true, blockOwnerDeletion: false }],
        finalizers: ['f1'],
      },
      spec: {
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        nodeSelector: { disk: 'ssd' },
        hostNetwork: false,
        volumes: [
          { name: 'cfg', volumeSource: { configMap: { localObjectReference: { name: 'cm' }, items: [{ key: 'a', path: 'a.txt', mode: 0o644 }], defaultMode: 420 } } },
          { name: 'tmp', volumeSource: { emptyDir: { medium: '', sizeLimit: { string: '1Gi' } } } },
          { name: 'host', volumeSource: { hostPath: { path: '/data', type: '' } } },
          { name: 'sec', volumeSource: { secret: { secretName: 's', optional: true } } },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c'],
            args: ['sleep 3600', ''],
            workingDir: '',
            ports: [{ name: '', hostPort: 0, containerPort: 80, protocol: 'TCP', hostIP: '' }],
            env: [
              { name: 'K', value: 'V' },
              { name: 'FROM_CM', value: '', valueFrom: { configMapKeyRef: { localObjectReference: { name: 'cm' }, key: 'a', optional: false } } },
              { name: 'FROM_SECRET', value: '', valueFrom: { secretKeyRef: { localObjectReference: { name: 's' }, key: 'password' } } },
              { name: 'POD', value: '', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            ],
            envFrom: [{ prefix: 'X_', configMapRef: { localObjectReference: { name: 'cm' } } }],
            resources: { limits: { cpu: { string: '500m' }, memory: { string: '128Mi' } }, requests: { cpu: { string: '100m' } } },
            volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/cfg', subPath: '', subPathExpr: '' }],
            livenessProbe: {
              handler: { httpGet: { path: '/healthz', port: { type: 0, intVal: 8080, strVal: '' }, host: '', scheme: 'HTTP' } },
              initialDelaySeconds: 5,
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 3,
            },
            readinessProbe: { handler: { tcpSocket: { port: { type: 1, intVal: 0, strVal: 'http' }, host: '' } }, periodSeconds: 2 },
            startupProbe: { handler: { exec: { command: ['true'] } } },
            lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
            imagePullPolicy: 'IfNotPresent',
            securityContext: { runAsUser: 0, privileged: false },
            stdin: false,
            tty: false,
          },
        ],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
          },
        },
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', value: '', effect: 'NoExecute', tolerationSeconds: 300 }],
      },
      status: {},
    });
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        generation: 3,
        creationTimestamp: '2026-11-26T12:30:05Z',
        deletionGracePeriodSeconds: 0,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true, blockOwnerDeletion: false }],
        finalizers: ['f1'],
      },
      spec: {
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        nodeSelector: { disk: 'ssd' },
        volumes: [
          { name: 'cfg', configMap: { name: 'cm', items: [{ key: 'a', path: 'a.txt', mode: 0o644 }], defaultMode: 420 } },
          { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
          { name: 'host', hostPath: { path: '/data', type: '' } },
          { name: 'sec', secret: { secretName: 's', optional: true } },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c'],
            args: ['sleep 3600', ''],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [
              { name: 'K', value: 'V' },
              { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a', optional: false } } },
              { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } },
              { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            ],
            envFrom: [{ prefix: 'X_', configMapRef: { name: 'cm' } }],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
            volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/cfg' }],
            livenessProbe: {
              httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
              initialDelaySeconds: 5,
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 3,
            },
            readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 2 },
            startupProbe: { exec: { command: ['true'] } },
            lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
            imagePullPolicy: 'IfNotPresent',
            securityContext: { runAsUser: 0, privileged: false },
          },
        ],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
          },
        },
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      },
      status: {},
    });
  });

  it('round-trips a CronJob with its job template (kubectl create cronjob / create job --from)', () => {
    const body = encode('batch/v1', 'CronJob', 'CronJob', {
      metadata: { ...emptyMeta, name: 'tick' },
      spec: {
        schedule: '*/5 * * * *',
        concurrencyPolicy: 'Forbid',
        suspend: false,
        timeZone: 'Europe/Paris',
        successfulJobsHistoryLimit: 0,
        jobTemplate: {
          metadata: { ...emptyMeta, name: 'tick' },
          spec: {
            completions: 3,
            backoffLimit: 0,
            completionMode: 'Indexed',
            podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42, 43] }, onPodConditions: [] }] },
            template: { metadata: { ...emptyMeta }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
          },
        },
      },
    });
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick' },
      spec: {
        schedule: '*/5 * * * *',
        concurrencyPolicy: 'Forbid',
        suspend: false,
        timeZone: 'Europe/Paris',
        successfulJobsHistoryLimit: 0,
        jobTemplate: {
          metadata: { name: 'tick' },
          spec: {
            completions: 3,
            backoffLimit: 0,
            completionMode: 'Indexed',
            podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42, 43] } }] },
            template: { metadata: {}, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
          },
        },
      },
    });
  });

  it('round-trips a Deployment: replicas 0 (a pointer) kept, selector, strategy with percent and int', () => {
    const body = encode('apps/v1', 'Deployment', 'Deployment', {
      metadata: { ...emptyMeta, name: 'web' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
        template: { metadata: { ...emptyMeta, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: { type: 1, strVal: '25%' }, maxSurge: { type: 0, intVal: 1 } } },
        minReadySeconds: 0,
        revisionHistoryLimit: 10,
        paused: false,
        progressDeadlineSeconds: 600,
      },
      status: { observedGeneration: 0, replicas: 0 },
    });
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {},
    });
  });

  it('round-trips a Lease with MicroTime (six fraction digits) and int64 beyond 32 bits', () => {
    const body = encode('coordination.k8s.io/v1', 'Lease', 'Lease', {
      metadata: { ...emptyMeta, name: 'node-1', namespace: 'kube-node-lease', generation: 2 ** 40 },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: { seconds: 1764160205, nanos: 123456789 }, leaseTransitions: 0 },
    });
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease', generation: 2 ** 40 },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2025-11-26T12:30:05.123456Z', leaseTransitions: 0 },
    });
  });

  it('round-trips a Service, a Scale to zero, a Binding, a Node and DeleteOptions', () => {
    const svc = encode('v1', 'Service', 'Service', {
      metadata: { ...emptyMeta, name: 'svc' },
      spec: {
        ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: { type: 1, strVal: 'web' }, nodePort: 30080 }],
        selector: { app: 'web' },
        type: 'NodePort',
        clusterIP: '',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
      },
    });
    expect(decodeProtobufObject(svc)).toMatchObject({
      spec: {
        ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web', nodePort: 30080 }],
        selector: { app: 'web' },
        type: 'NodePort',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
      },
    });
    expect(decodeProtobufObject(encode('autoscaling/v1', 'Scale', 'Scale', { metadata: { name: 'web' }, spec: { replicas: 0 } }))).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web' },
      spec: { replicas: 0 },
    });
    expect(
      decodeProtobufObject(encode('v1', 'Binding', 'Binding', { metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1', apiVersion: 'v1' } })),
    ).toEqual({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1', apiVersion: 'v1' } });
    const node = decodeProtobufObject(
      encode('v1', 'Node', 'Node', {
        metadata: { name: 'n1' },
        spec: { unschedulable: true, taints: [{ key: 'k', value: '', effect: 'NoSchedule' }] },
        status: {
          capacity: { cpu: { string: '4' }, pods: { string: '110' } },
          conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: { seconds: 1764160205 } }],
          addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: { kubeletVersion: 'v1.32.0', architecture: 'amd64' },
        },
      }),
    );
    expect(node).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }] },
      status: {
        capacity: { cpu: '4', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2025-11-26T12:30:05Z' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: { kubeletVersion: 'v1.32.0', architecture: 'amd64' },
      },
    });
    const del = encode('v1', 'DeleteOptions', 'DeleteOptions', {
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u1' },
      dryRun: ['All'],
    });
    expect(decodeProtobufObject(del)).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u1' },
      dryRun: ['All'],
    });
  });

  it('skips field numbers the schema does not know (varint, bytes, fixed64 and group wire types)', () => {
    const cm = type('ConfigMap');
    const known = cm.encode(cm.fromObject({ metadata: { name: 'x' }, data: { a: 'b' } })).finish();
    const w = protobuf.Writer.create();
    w.uint32((90 << 3) | 0).uint64(12345); // varint
    w.uint32((91 << 3) | 2).string('from a newer client'); // length-delimited
    w.uint32((92 << 3) | 1).fixed64(7); // 64-bit
    w.uint32((93 << 3) | 3).uint32((1 << 3) | 0).uint32(1).uint32((93 << 3) | 4); // group
    const raw = Buffer.concat([known, w.finish()]);
    expect(decodeProtobufObject(envelope('v1', 'ConfigMap', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: 'b' },
    });
  });

  it('answers 400 on a body without the k8s magic, on truncated data and on an invalid wire type', () => {
    const noMagic = decodeError(Buffer.from('{"kind":"ConfigMap"}'));
    expect(noMagic.code).toBe(400);
    expect(noMagic.message).toContain('k8s');

    const good = encode('v1', 'ConfigMap', 'ConfigMap', { metadata: { name: 'x' }, data: { a: 'b' } });
    const truncated = decodeError(good.subarray(0, good.length - 3));
    expect(truncated.code).toBe(400);
    expect(truncated.reason).toBe('BadRequest');

    const badWire = decodeError(envelope('v1', 'ConfigMap', Buffer.from([(5 << 3) | 7, 0])));
    expect(badWire.code).toBe(400);
    expect(badWire.message).toMatch(/malformed protobuf ConfigMap/);

    const noKind = decodeError(envelope('v1', '', new Uint8Array()));
    expect(noKind.code).toBe(400);
  });

  it('answers 415 naming the kind when the schema does not cover it', () => {
    const err = decodeError(envelope('rbac.authorization.k8s.io/v1', 'Role', new Uint8Array([0x0a, 0x00])));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toContain('rbac.authorization.k8s.io/v1, Kind=Role');
  });

  it('builds a schema whose every message type resolves and whose field numbers are unique per message', () => {
    for (const [name, rows] of Object.entries(MESSAGES)) {
      const ids = rows.map((r) => r[1]);
      expect(new Set(ids).size, name).toBe(ids.length);
      expect(type(name).fieldsArray.length, name).toBe(rows.length);
    }
  });
});

describe('policy/v1 Eviction (kubectl drain)', () => {
  it('decodes the Eviction with its DeleteOptions, in v1 and v1beta1', () => {
    for (const apiVersion of ['policy/v1', 'policy/v1beta1']) {
      const obj = decodeProtobufObject(
        encode(apiVersion, 'Eviction', 'Eviction', { metadata: { name: 'web-1', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 5, dryRun: ['All'] } }),
      );
      expect(obj).toEqual({ apiVersion, kind: 'Eviction', metadata: { name: 'web-1', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 5, dryRun: ['All'] } });
    }
  });
});

describe('discovery.k8s.io/v1 EndpointSlice (client-go writers)', () => {
  it('decodes endpoints with their pointer conditions (false kept) and ports with discovery field numbers', () => {
    const obj = decodeProtobufObject(
      encode('discovery.k8s.io/v1', 'EndpointSlice', 'EndpointSlice', {
        metadata: { ...emptyMeta, name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['10.1.0.2'], conditions: { ready: false, serving: true, terminating: false }, nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' } }],
        ports: [{ name: '', protocol: 'TCP', port: 8080 }],
      }),
    );
    expect(obj).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.0.2'], conditions: { ready: false, serving: true, terminating: false }, nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' } }],
      ports: [{ name: '', protocol: 'TCP', port: 8080 }],
    });
  });
});
