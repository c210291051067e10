import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { RESOURCES } from '../../../shared/api/resources';
import { newFixture, type Fixture } from './testing/registry-fixture';

let f: Fixture;
beforeAll(async () => {
  f = await newFixture();
});
afterAll(async () => {
  await f.close();
});

// Mistyped values a client may send in any field: each must end in an ApiError (4xx) or a stored object, never a crash.
const WEIRD: unknown[] = ['x', 0, -1, true, [], ['a'], {}, { a: 1 }, [1, 2], [{}], [null], 1.5];

function* mutations(base: Record<string, unknown>): Generator<Record<string, unknown>> {
  const paths: string[][] = [];
  const walk = (v: unknown, p: string[]) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, c] of Object.entries(v)) {
      paths.push([...p, k]);
      walk(c, [...p, k]);
    }
    if (Array.isArray(v) && v.length) walk(v[0], [...p, '0']);
  };
  walk(base, []);
  for (const path of paths) {
    if (path[0] === 'apiVersion' || path[0] === 'kind') continue;
    for (const w of WEIRD) {
      const copy = structuredClone(base);
      let cur: Record<string, unknown> = copy;
      for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
      cur[path[path.length - 1]!] = w;
      yield copy;
    }
  }
}

const SAMPLES: Record<string, Record<string, unknown>> = {
  horizontalpodautoscalers: { metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }], behavior: { scaleDown: { stabilizationWindowSeconds: 10, policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] } } } },
  pods: { metadata: { name: 'p', labels: { a: 'b' }, finalizers: ['x/y'] }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], env: [{ name: 'E', value: 'v' }], resources: { limits: { cpu: '1' } }, volumeMounts: [{ name: 'v', mountPath: '/v' }] }], volumes: [{ name: 'v', emptyDir: {} }], tolerations: [{ key: 'k' }] } },
  deployments: { metadata: { name: 'd' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
  services: { metadata: { name: 's' }, spec: { type: 'NodePort', selector: { a: 'b' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30001 }] } },
  secrets: { metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'c' }, type: 'Opaque' },
  configmaps: { metadata: { name: 'c' }, data: { a: 'b' }, binaryData: { c: 'YQ==' } },
  namespaces: { metadata: { name: 'n' }, spec: { finalizers: ['kubernetes'] } },
  nodes: { metadata: { name: 'n' }, spec: { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }] }, status: { conditions: [] } },
  endpointslices: { metadata: { name: 'es' }, addressType: 'IPv4', endpoints: [{ addresses: ['1.2.3.4'], conditions: { ready: true }, nodeName: 'n', targetRef: { kind: 'Pod', name: 'p' } }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
  endpoints: { metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '1.2.3.4' }], ports: [{ port: 80 }] }] },
  events: { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, type: 'Normal', count: 1 },
  leases: { metadata: { name: 'l' }, spec: { holderIdentity: 'h', leaseDurationSeconds: 10 } },
  daemonsets: { metadata: { name: 'ds' }, spec: { selector: { matchLabels: { a: 'b' } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, template: { metadata: { labels: { a: 'b' } }, spec: { nodeSelector: { d: 'e' }, containers: [{ name: 'c', image: 'i' }] } } } },
  jobs: { metadata: { name: 'j' }, spec: { completions: 2, parallelism: 1, backoffLimit: 1, completionMode: 'Indexed', podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] }, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } },
  cronjobs: { metadata: { name: 'cj' }, spec: { schedule: '* * * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 10, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'i' }] } } } } } },
  ingresses: { metadata: { name: 'i' }, spec: { ingressClassName: 'kubedeck', defaultBackend: { service: { name: 's', port: { number: 80 } } }, tls: [{ hosts: ['a.localhost'], secretName: 't' }], rules: [{ host: 'a.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { name: 'http' } } } }] } }] } },
  ingressclasses: { metadata: { name: 'ic' }, spec: { controller: 'example.com/x', parameters: { kind: 'K', name: 'n' } } },
  statefulsets: { metadata: { name: 'st' }, spec: { replicas: 2, serviceName: 'svc', selector: { matchLabels: { a: 'b' } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'd', mountPath: '/d' }] }] } }, volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } },
  controllerrevisions: { metadata: { name: 'cr' }, data: { spec: { template: {} } }, revision: 1 },
  persistentvolumeclaims: { metadata: { name: 'pvc' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'x', resources: { requests: { storage: '1Gi' } } } },
  persistentvolumes: { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' }, claimRef: { name: 'c', namespace: 'default' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }] } } } },
  storageclasses: { metadata: { name: 'sc' }, provisioner: 'p', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', parameters: { a: 'b' } },
  replicasets: { metadata: { name: 'r' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
};

describe('robustness', () => {
  for (const info of RESOURCES) {
    it(`${info.resource}: mistyped fields end in an ApiError or a stored object, never a crash`, async () => {
      const r = f.r(info.resource);
      const ns = info.namespaced ? 'default' : undefined;
      let n = 0;
      for (const body of mutations(SAMPLES[info.resource]!)) {
        const name = `x${n++}`;
        const meta = body.metadata;
        if (meta && typeof meta === 'object' && !Array.isArray(meta)) (meta as Record<string, unknown>).name = name;
        for (const op of ['create', 'update'] as const) {
          try {
            if (op === 'create') await r.create(ns, body, {});
            else await r.update(ns, name, body, {});
          } catch (err) {
            if (!(err instanceof ApiError)) throw new Error(`${op} ${JSON.stringify(body)} crashed: ${String(err)}`);
            expect(err.code, `${op} ${JSON.stringify(body)}: ${err.message}`).toBeLessThan(500);
          }
        }
      }
    });
  }
});
