/**
 * Issue 15 A6: every kind the API serves round-trips through
 * `kubectl get -o yaml | kubectl apply -f -` unchanged. The kinds come from
 * `kubectl api-resources` (a kind added later is covered without editing
 * this file, and fails here when it has no sample); for each, `kubectl diff`
 * of what `get` printed finds nothing and the apply changes nothing but
 * kubectl's own bookkeeping. (A second apply of a fresh `get` says
 * "configured" against Kubernetes too: the resourceVersion in the recorded
 * last-applied configuration differs.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { endpointsControllerComponent } from '../../src/main/controller/endpoints/component';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;
const ns = 'roundtrip';

/** One object of each kind; the rest (endpoints, replicasets) the controllers make. */
const samples = `apiVersion: v1
kind: Node
metadata: {name: sample-node, labels: {zone: a}}
spec:
  taints: [{key: dedicated, value: tests, effect: NoSchedule}]
---
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {team: a}}
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: sample-lease, namespace: ${ns}}
spec: {holderIdentity: tester, leaseDurationSeconds: 40}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {mode: fast, list: "a,b"}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: ${ns}}
type: Opaque
stringData: {user: admin}
---
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: ${ns}, labels: {app: solo}}
spec:
  containers:
  - name: c
    image: busybox:latest
    command: [sleep, "3600"]
    ports: [{containerPort: 8080, name: http}]
    env: [{name: A, value: "1"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: c, image: busybox:latest, command: [sleep, "3600"], resources: {requests: {cpu: 100m}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: ${ns}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: ${ns}}
spec:
  completions: 2
  parallelism: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:latest, command: ["true"]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ${ns}}
spec:
  schedule: "0 3 * * *"
  timeZone: Europe/Paris
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: busybox:latest, command: ["true"]}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {zone: a}
      containers: [{name: c, image: busybox:latest, command: [sleep, "3600"]}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: sample-class, annotations: {ingressclass.kubernetes.io/is-default-class: "false"}}
spec: {controller: example.com/ingress}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: external-1, namespace: ${ns}, labels: {kubernetes.io/service-name: external}}
addressType: IPv4
endpoints:
- addresses: [192.0.2.10]
  conditions: {ready: true}
  nodeName: sample-node
ports: [{name: pg, port: 5432, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site, namespace: ${ns}}
spec:
  ingressClassName: sample-class
  defaultBackend: {service: {name: web, port: {number: 80}}}
  tls: [{hosts: [site.localhost], secretName: site-tls}]
  rules:
  - host: site.localhost
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
      - {path: /exact, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${ns}}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: c
        image: busybox:latest
        command: [sleep, "3600"]
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: ControllerRevision
metadata: {name: db-sample, namespace: ${ns}, labels: {app: db}}
data: {spec: {template: {metadata: {labels: {app: db}}}}}
revision: 1
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: slow}
provisioner: example.com/slow
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
parameters: {tier: cold}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: sample-pv, labels: {tier: cold}}
spec:
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: slow
  hostPath: {path: /tmp/sample-pv}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: sample-claim, namespace: ${ns}}
spec:
  storageClassName: slow
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Event
metadata: {name: solo.1, namespace: ${ns}}
involvedObject: {kind: Pod, name: solo, namespace: ${ns}, apiVersion: v1}
reason: Poked
message: a sample event
type: Normal
source: {component: tester}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
count: 1
`;

/** What the apply may change: kubectl's own record of what it applied, and the versions any write bumps. */
function comparable(o: Record<string, any>): Record<string, any> {
  const c = structuredClone(o);
  delete c.metadata.resourceVersion;
  // A Deployment's generation follows its annotations too, as in Kubernetes: the last-applied annotation bumps it.
  delete c.metadata.generation;
  delete c.metadata.managedFields;
  delete c.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  if (c.metadata.annotations && Object.keys(c.metadata.annotations).length === 0) delete c.metadata.annotations;
  return c;
}

beforeAll(async () => {
  // No scheduler, node lifecycle or HPA: they would change the Node and Pod samples (binding, taints) while the test reads them.
  tc = await startTestCluster({ components: [controllerManagerComponent({ controllers: ['replicaset', 'deployment', 'garbagecollector', 'namespace']}), endpointsControllerComponent()] });
  await tc.kubectl.ok(['apply', '-f', '-'], { input: samples });
  // The controllers' objects exist before the round trips start.
  for (let i = 0; ; i++) {
    const rs = await tc.kubectl.run(['get', 'replicasets', '-n', ns, '-o', 'name']);
    const ep = await tc.kubectl.run(['get', 'endpoints', 'web', '-n', ns, '-o', 'name']);
    if (rs.stdout.trim() && ep.code === 0) break;
    if (i > 200) throw new Error('no ReplicaSet or Endpoints after 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(async () => {
  await tc?.stop();
});

describe('kubectl get -o yaml | kubectl apply -f - (A6)', () => {
  it('covers every kind kubectl can get, create and patch, each with an object to try', async () => {
    const kinds = (await tc.kubectl.ok(['api-resources', '--verbs=get,list,create,patch', '-o', 'name'])).split('\n').filter(Boolean);
    expect(kinds.length).toBeGreaterThanOrEqual(13);
    const missing: string[] = [];
    for (const kind of kinds) {
      const list = await tc.kubectl.json<{ items: unknown[] }>(['get', kind, '-A']);
      if (list.items.length === 0) missing.push(kind);
    }
    expect(missing, 'kinds without an object to round-trip: add a sample').toEqual([]);
  });

  it('every object of every kind comes back unchanged, and kubectl diff sees nothing', async () => {
    const kinds = (await tc.kubectl.ok(['api-resources', '--verbs=get,list,create,patch', '-o', 'name'])).split('\n').filter(Boolean);
    const failures: string[] = [];
    let tried = 0;
    for (const kind of kinds) {
      const namespaced = (await tc.kubectl.run(['get', kind, '-n', ns, '-o', 'name'])).stdout.split('\n').filter(Boolean);
      const names = namespaced.length > 0 ? namespaced.slice(0, 2).map((n) => ['-n', ns, n]) : (await tc.kubectl.ok(['get', kind, '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.kind}/{.metadata.name}{"\\n"}{end}'])).split('\n').filter(Boolean).slice(0, 2).map((l) => {
        const [nsPart, , name] = l.split('/');
        return nsPart ? ['-n', nsPart, `${kind}/${name}`] : [`${kind}/${name}`];
      });
      for (const ref of names) {
        tried++;
        const what = ref.join(' ');
        const yaml = await tc.kubectl.ok(['get', ...ref, '-o', 'yaml']);
        const before = comparable(await tc.kubectl.json(['get', ...ref]));
        const diff = await tc.kubectl.run(['diff', '-f', '-'], { input: yaml });
        if (diff.code !== 0) failures.push(`${what}: kubectl diff exited ${diff.code}: ${(diff.stdout + diff.stderr).slice(0, 600)}`);
        const applied = await tc.kubectl.run(['apply', '-f', '-'], { input: yaml });
        if (applied.code !== 0) {
          failures.push(`${what}: apply exited ${applied.code}: ${applied.stderr.slice(0, 300)}`);
          continue;
        }
        const after = comparable(await tc.kubectl.json(['get', ...ref]));
        // Status may move on its own (a pod's conditions, a controller's counts): the round trip is about what the user wrote.
        delete before.status;
        delete after.status;
        if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${what}: changed by the apply:\n  before ${JSON.stringify(before).slice(0, 400)}\n  after  ${JSON.stringify(after).slice(0, 400)}`);
      }
    }
    expect(tried).toBeGreaterThanOrEqual(13);
    if (failures.length) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
  }, 180_000);
});
