/**
 * Scheduler throughput (issue 4 A6): 1,000 hollow nodes, 10,000 pending pods,
 * pods bound per second. Goal ≥ 1,000 pods/s (Kubernetes' scheduler_perf
 * publishes 680 pods/s at 5,000 nodes, printed as context only).
 *
 * Reference, measured here in the same run (issue 14 A5): the same
 * filter/score loop over plain arrays with no API, informers, queue or
 * events: for each pod, the adaptive node sample (numFeasibleNodesToFind),
 * the NodeResourcesFit filter (cpu, memory, pod count), the LeastAllocated,
 * BalancedAllocation and default-spread scores with the scheduler's weights,
 * then "assume" (add the pod's requests to the chosen node). It runs before
 * and after each subject (B A B A' B) and each subject is compared with the
 * mean of the two runs beside it, so drift of the shared machine cancels.
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
import { createEventRecorder } from '../../src/main/client/event-recorder';
import { HollowKubelet } from '../../src/main/kubelet-hollow/hollow-kubelet';
import { createScheduler, numFeasibleNodesToFind } from '../../src/main/scheduler/scheduler';
import { openSqliteStore } from '../../src/main/storage';
import type { Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import type { BenchReporter } from './reporter';

const NODES = 1000;
const PODS = 10_000;
const OWNERS = 100;
const SCHEDULER_PERF_5K = 680;

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

/**
 * plainArrayBaseline schedules PODS pods on NODES nodes with the scheduler's
 * filter and score arithmetic over plain arrays (no API): pods/s.
 */
function plainArrayBaseline(): number {
  const cpuAlloc = 4000;
  const memAlloc = 16 * 1024 ** 3;
  const podCap = 110;
  const cpuReq = 100;
  const memReq = 128 * 1024 ** 2;
  const cpu = new Float64Array(NODES);
  const mem = new Float64Array(NODES);
  const pods = new Int32Array(NODES);
  const groups = Array.from({ length: NODES }, () => new Map<number, number>());
  const toFind = numFeasibleNodesToFind(NODES);
  const free = (used: number, alloc: number) => (alloc <= 0 ? 0 : Math.max(0, ((alloc - used) * 100) / alloc));
  const frac = (used: number, alloc: number) => (alloc <= 0 ? 1 : Math.min(1, used / alloc));
  let next = 0;
  const t0 = performance.now();
  for (let i = 0; i < PODS; i++) {
    const group = i % OWNERS;
    const feasible: number[] = [];
    let processed = 0;
    for (; processed < NODES && feasible.length < toFind; processed++) {
      const n = (next + processed) % NODES;
      if (cpu[n]! + cpuReq <= cpuAlloc && mem[n]! + memReq <= memAlloc && pods[n]! + 1 <= podCap) feasible.push(n);
    }
    next = (next + processed) % NODES;
    let minG = Infinity;
    let maxG = -Infinity;
    for (const n of feasible) {
      const c = groups[n]!.get(group) ?? 0;
      minG = Math.min(minG, c);
      maxG = Math.max(maxG, c);
    }
    let best = -1;
    let bestScore = -Infinity;
    for (const n of feasible) {
      const fit = Math.floor((free(cpu[n]! + cpuReq, cpuAlloc) + free(mem[n]! + memReq, memAlloc)) / 2);
      const balanced = Math.floor((1 - Math.abs(frac(cpu[n]! + cpuReq, cpuAlloc) - frac(mem[n]! + memReq, memAlloc)) / 2) * 100);
      const spread = maxG === minG ? 100 : Math.floor((100 * (maxG - (groups[n]!.get(group) ?? 0))) / (maxG - minG));
      const score = fit + balanced + 2 * spread;
      if (score > bestScore) {
        bestScore = score;
        best = n;
      }
    }
    if (best < 0) throw new Error('baseline: a pod fits nowhere');
    cpu[best]! += cpuReq;
    mem[best]! += memReq;
    pods[best]! += 1;
    groups[best]!.set(group, (groups[best]!.get(group) ?? 0) + 1);
  }
  return PODS / ((performance.now() - t0) / 1000);
}

/** Scheduler throughput section. */
export default async function schedulerBench(r: BenchReporter): Promise<void> {
  r.section(`Scheduler throughput: ${NODES} hollow nodes, ${PODS} pods (issue 4 A6, goal ≥ 1000 pods/s)`);
  r.note('reference: the same filter/score loop over plain arrays, no API (see the file header), run before and after each subject');
  const baseline = [plainArrayBaseline()];
  const fake = await measure(new FakeApiClient(), 'default');
  baseline.push(plainArrayBaseline());
  r.row('pods/s, FakeApiClient (in-memory)', fake.rate, (baseline[0]! + baseline[1]!) / 2, 'pods/s', 'plain-array loop');
  r.note(`${fake.bound} pods bound in ${fake.seconds.toFixed(2)} s`);

  const store = await openSqliteStore(':memory:');
  try {
    const registry = createRegistry(store);
    await registry.ready();
    const real = await measure(createInProcessClient(registry), 'default');
    baseline.push(plainArrayBaseline());
    r.row("pods/s, in-process client, SQLite ':memory:'", real.rate, (baseline[1]! + baseline[2]!) / 2, 'pods/s', 'plain-array loop');
    r.note(`${real.bound} pods bound in ${real.seconds.toFixed(2)} s (includes registry validation, CAS writes, watch fan-out, Scheduled events)`);
    r.note(`plain-array loop runs: ${baseline.map((b) => b.toFixed(0)).join(', ')} pods/s; context only: k8s scheduler_perf publishes ${SCHEDULER_PERF_5K} pods/s at 5,000 nodes`);
  } finally {
    await store.close();
  }
}
