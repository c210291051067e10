/** Demo objects for the stub API: a node, a deployment converging, a crash-looping pod. */
import type { KubeObject } from '../../../src/shared/api/meta';

const t = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

function pod(name: string, opts: { owner?: { kind: string; name: string; uid: string }; phase: string; ready: boolean; waiting?: string; ip?: string; restarts?: number; labels?: Record<string, string>; node?: string; cpu?: string; mem?: string; age: number; terminating?: boolean }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: opts.labels ?? { app: 'web' },
      creationTimestamp: t(opts.age),
      ...(opts.terminating ? { deletionTimestamp: t(1) } : {}),
      ownerReferences: opts.owner ? [{ apiVersion: 'apps/v1', controller: true, ...opts.owner }] : undefined,
    },
    spec: {
      nodeName: opts.node,
      containers: [{ name: 'app', image: 'busybox:latest', resources: { requests: { cpu: opts.cpu ?? '250m', memory: opts.mem ?? '128Mi' } }, ports: [{ containerPort: 8080 }] }],
    },
    status: {
      phase: opts.phase,
      podIP: opts.ip,
      conditions: [
        { type: 'PodScheduled', status: opts.node ? 'True' : 'False', lastTransitionTime: t(opts.age) },
        { type: 'Ready', status: opts.ready ? 'True' : 'False', lastTransitionTime: t(opts.age - 2) },
      ],
      containerStatuses: opts.node
        ? [
            {
              name: 'app',
              image: 'busybox:latest',
              imageID: 'docker://sha256:1',
              ready: opts.ready,
              restartCount: opts.restarts ?? 0,
              state: opts.waiting ? { waiting: { reason: opts.waiting } } : { running: { startedAt: t(opts.age - 1) } },
            },
          ]
        : undefined,
    },
  };
}

/** demoObjects returns a small, varied cluster state. */
export function demoObjects(): KubeObject[] {
  const dep = { kind: 'Deployment', name: 'web', uid: 'uid-dep-web' };
  const rs = { kind: 'ReplicaSet', name: 'web-7d9f8', uid: 'uid-rs-web' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'uid-ns-default', creationTimestamp: t(4000) } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', uid: 'uid-ns-ks', creationTimestamp: t(4000) } },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'kubedeck-node', uid: 'uid-node-1', creationTimestamp: t(4000), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      status: {
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.28.0.1' }],
        nodeInfo: { kubeletVersion: 'v1.32.0-kubedeck' },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', uid: dep.uid, creationTimestamp: t(300) },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app' }] } } },
      status: { replicas: 4, updatedReplicas: 4, readyReplicas: 3, availableReplicas: 3 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rs.name, namespace: 'default', uid: rs.uid, creationTimestamp: t(300), ownerReferences: [{ apiVersion: 'apps/v1', controller: true, ...dep }] },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } } },
      status: { replicas: 4, readyReplicas: 3, availableReplicas: 3 },
    },
    pod('web-7d9f8-abcde', { owner: rs, phase: 'Running', ready: true, ip: '172.28.1.2', node: 'kubedeck-node', age: 290 }),
    pod('web-7d9f8-fghij', { owner: rs, phase: 'Running', ready: true, ip: '172.28.1.3', node: 'kubedeck-node', age: 290 }),
    pod('web-7d9f8-klmno', { owner: rs, phase: 'Running', ready: true, ip: '172.28.1.4', node: 'kubedeck-node', age: 280 }),
    pod('web-7d9f8-pqrst', { owner: rs, phase: 'Pending', ready: false, waiting: 'ContainerCreating', node: 'kubedeck-node', age: 3 }),
    pod('crasher', { phase: 'Running', ready: false, waiting: 'CrashLoopBackOff', ip: '172.28.1.9', restarts: 5, node: 'kubedeck-node', labels: { app: 'crasher' }, age: 600, cpu: '500m', mem: '1Gi' }),
    pod('old-web', { phase: 'Running', ready: true, ip: '172.28.1.8', node: 'kubedeck-node', labels: { app: 'old' }, age: 900, terminating: true }),
    pod('waiting', { phase: 'Pending', ready: false, labels: { app: 'batch' }, age: 20 }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', uid: 'uid-svc-web', creationTimestamp: t(300) },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'crasher.1', namespace: 'default', uid: 'uid-ev-1', creationTimestamp: t(30) },
      involvedObject: { kind: 'Pod', name: 'crasher', namespace: 'default' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod crasher',
      type: 'Warning',
      count: 5,
      lastTimestamp: t(30),
      source: { component: 'kubelet' },
    },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default', uid: 'uid-ev-2', creationTimestamp: t(290) },
      involvedObject: { kind: 'Pod', name: 'web-7d9f8-abcde', namespace: 'default' },
      reason: 'Started',
      message: 'Started container app',
      type: 'Normal',
      count: 1,
      lastTimestamp: t(288),
      source: { component: 'kubelet' },
    },
  ];
}
