/**
 * Scheduler throughput (issue 4 A6): 1,000 hollow nodes, 10,000 pending pods,
 * pods bound per second, beside Kubernetes' scheduler_perf figure (680 pods/s
 * at 5,000 nodes / 10,000 pods). Goal ≥ 1,000 pods/s.
 *
 * Two clients, both in this process: the in-memory FakeApiClient (the
 * scheduler's own cost: filter, score, assume, bind call, watch confirm) and
 * the real in-process ApiClient over the registry on SQLite ':memory:' (adds
 * validation, storage CAS and watch fan-out). Nodes are registered by the
 * hollow kubelet (which here does not run pods, as scheduler_perf has no
 * kubelets). Pods are created before the scheduler starts; the clock runs from
 * the scheduler's start (its informers listing 10,000 pods) until the last
 * binding is written. Events (Scheduled) are written as in production.
 */
import { createRegistry } from '../../src/main/apiserver/registry';
import { SharedInformerFactory } from '../../src/main/client/informer';
import { createInProcessClient } from '../../src/main/client/in-process';
import { FakeApiClient } from '../../src/main/client/testing/fake-client';
import type { ApiClient } from '../../src/main/client/types';
import { createEventRecorder } from '../../src/main/controller/events/recorder';
import { HollowKubelet } from '../../src/main/kubelet-hollow/hollow-kubelet';
import { createScheduler } from '../../src/main/scheduler/scheduler';
import { openSqliteStore } from '../../src/main/storage';
import type { Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import type { BenchReporter } from './reporter';

const NODES = 1000;
const PODS = 10_000;
const OWNERS = 100;
const REFERENCE = 680;

async function createPods(client: ApiClient, ns: string): Promise<void> {
  for (let i = 0; i < PODS; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, PODS - i) }, (_, j) => {
        const n = i + j;
        const owner = n % OWNERS;
        const pod: Pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `pod-${n}`,
            namespace: ns,
            labels: { app: `app-${owner}` },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${owner}`, uid: `00000000-0000-0000-0000-${String(owner).padStart(12, '0')}`, controller: true }],
          },
          spec: { containers: [{ name: 'c', image: 'kubedeck/pause:3.10', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
        };
        return client.create(GVR.pods, ns, pod);
      }),
    );
  }
}

async function measure(client: ApiClient, ns: string): Promise<{ rate: number; seconds: number; bound: number }> {
  const kubelet = new HollowKubelet(client, { nodes: NODES, leaseRenewMs: 0, runPods: false });
  await kubelet.start();
  await createPods(client, ns);
  const factory = new SharedInformerFactory(client);
  const recorder = createEventRecorder(client, { component: 'default-scheduler' });
  const scheduler = createScheduler(client, factory, recorder);
  const t0 = performance.now();
  factory.start();
  await factory.waitForCacheSync();
  const run = scheduler.run();
  const deadline = Date.now() + 120_000;
  while (scheduler.bound < PODS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - t0) / 1000;
  const bound = scheduler.bound;
  scheduler.stop();
  await run;
  await scheduler.idle();
  factory.stop();
  await recorder.flush();
  await kubelet.stop();
  return { rate: bound / seconds, seconds, bound };
}

/** Scheduler throughput section. */
export default async function schedulerBench(r: BenchReporter): Promise<void> {
  r.section(`Scheduler throughput: ${NODES} hollow nodes, ${PODS} pods (issue 4 A6, goal ≥ 1000 pods/s)`);
  const fake = await measure(new FakeApiClient(), 'default');
  r.row('pods/s, FakeApiClient (in-memory)', fake.rate, REFERENCE, 'pods/s', 'k8s scheduler_perf 5k nodes');
  r.note(`${fake.bound} pods bound in ${fake.seconds.toFixed(2)} s`);

  const store = await openSqliteStore(':memory:');
  try {
    const registry = createRegistry(store);
    await registry.ready();
    const real = await measure(createInProcessClient(registry), 'default');
    r.row("pods/s, in-process client, SQLite ':memory:'", real.rate, REFERENCE, 'pods/s', 'k8s scheduler_perf 5k nodes');
    r.note(`${real.bound} pods bound in ${real.seconds.toFixed(2)} s (includes registry validation, CAS writes, watch fan-out, Scheduled events)`);
  } finally {
    await store.close();
  }
}
