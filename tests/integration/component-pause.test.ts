/**
 * Issue 13 A5: pausing a component through the API with the real kubectl.
 * config.yaml's `paused: [scheduler]` starts the cluster with the scheduler
 * paused: a new pod stays Pending; `kubectl annotate` of the kube-system
 * Namespace resumes it and the pod is bound. The controller manager, paused the same
 * way, creates no ReplicaSet for a new Deployment until resumed. Hollow nodes
 * stand in for Docker (binding needs no containers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseKubectl, PAUSE_NAMESPACE } from '../../src/shared/api/component-pause';
import { pauseSwitchComponent } from '../../src/main/cluster/component-pause';
import { controllerManagerComponent, type ControllerManagerComponent } from '../../src/main/controller/component';
import { hollowKubeletComponent } from '../../src/main/kubelet-hollow/component';
import { schedulerComponent, type SchedulerComponent } from '../../src/main/scheduler/component';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

let t: TestCluster;
let cm: ControllerManagerComponent;
let scheduler: SchedulerComponent;

beforeAll(async () => {
  t = await startTestCluster({
    components: [pauseSwitchComponent(['scheduler']), hollowKubeletComponent({ nodes: 1, leaseRenewMs: 5_000 }), async (ctx) => (cm = await controllerManagerComponent()(ctx)), async (ctx) => (scheduler = await schedulerComponent()(ctx))],
  });
});

afterAll(async () => {
  await t?.stop();
});

/** patchArgs turns pauseKubectl's command (the kubectl equivalent of the app's switch) into kubectl arguments. */
function patchArgs(cmd: string): string[] {
  const [tool, ...args] = cmd.split(' ');
  if (tool !== 'kubectl') throw new Error(`unexpected command ${cmd}`);
  return args;
}

const nodeOf = async (pod: string) => (await t.kubectl.ok(['get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}'])).trim();

describe('pausing the scheduler (config.yaml, then kubectl)', () => {
  it('leaves a new pod Pending while paused and binds it once resumed', async () => {
    const ns = await t.kubectl.json<{ metadata: { annotations?: Record<string, string> } }>(['get', 'namespace', PAUSE_NAMESPACE]);
    expect(ns.metadata.annotations?.['kubedeck.io/pause-scheduler']).toBe('true');
    expect(scheduler.gate.paused).toBe(true);
    await t.kubectl.ok(['run', 'waiting', '--image=busybox:1', '--restart=Never']);
    await new Promise((r) => setTimeout(r, 500)); // not synchronisation: a window in which a binding would show
    expect(await nodeOf('waiting')).toBe('');
    expect((await t.kubectl.ok(['get', 'pod', 'waiting', '-o', 'jsonpath={.status.phase}'])).trim()).toBe('Pending');

    await t.kubectl.ok(patchArgs(pauseKubectl('scheduler', false)));
    const node = await waitFor(() => nodeOf('waiting'), { timeoutMs: 10_000, what: 'the pod to be bound after resume' });
    expect(node).toMatch(/hollow/);
  });
});

describe('pausing the controller manager', () => {
  it('creates no ReplicaSet for a new Deployment until resumed', async () => {
    await t.kubectl.ok(patchArgs(pauseKubectl('controller-manager', true)));
    // The manager follows the ConfigMap through its informer.
    await waitFor(() => cm.manager.gate.paused, { timeoutMs: 10_000, what: 'the controller manager to pause' });
    await t.kubectl.ok(['create', 'deployment', 'held', '--image=busybox:1']);
    await new Promise((r) => setTimeout(r, 500)); // not synchronisation: a window in which a ReplicaSet would show
    expect((await t.kubectl.ok(['get', 'replicasets', '-o', 'name'])).trim()).toBe('');

    await t.kubectl.ok(patchArgs(pauseKubectl('controller-manager', false)));
    await waitFor(async () => (await t.kubectl.ok(['get', 'replicasets', '-o', 'name'])).includes('replicaset.apps/held-'), { timeoutMs: 10_000, what: 'the ReplicaSet after resume' });
  });
});
