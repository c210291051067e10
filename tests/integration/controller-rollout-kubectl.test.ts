/**
 * `kubectl rollout` against the controllers (issue 4 A3): status, history,
 * undo, pause/resume and restart, with hollow nodes reporting pods Ready.
 * Uses the real kubectl on the machine (a missing kubectl fails the test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../src/shared/api/apps';
import { GVR } from '../../src/shared/api/resources';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { hollowKubeletComponent } from '../../src/main/kubelet-hollow/component';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let t: TestCluster;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: busybox
        image: busybox:1
`;

beforeAll(async () => {
  t = await startTestCluster({ components: [hollowKubeletComponent({ nodes: 3, leaseRenewMs: 5_000 }), controllerManagerComponent(), schedulerComponent()] });
});

afterAll(async () => {
  await t?.stop();
});

async function waitFor<T>(fn: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const get = () => t.cluster.client.get<Deployment>(GVR.deployments, 'default', 'web');
const rss = async () => (await t.cluster.client.list<ReplicaSet>(GVR.replicasets, 'default')).items;
const revision = (o: { metadata: { annotations?: Record<string, string> } }) => o.metadata.annotations?.['deployment.kubernetes.io/revision'];
const image = async () => (await get()).spec.template.spec.containers[0]!.image;
const status = () => t.kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 });

describe('kubectl rollout', () => {
  it('status, history, undo, pause/resume and restart behave as in Kubernetes', async () => {
    // (`kubectl create deployment` would send protobuf; apply sends JSON.)
    await t.kubectl.ok(['apply', '-f', '-'], { input: MANIFEST });
    expect(await status()).toContain('deployment "web" successfully rolled out');

    await t.kubectl.ok(['set', 'image', 'deployment/web', 'busybox=busybox:2']);
    expect(await status()).toContain('successfully rolled out');
    expect(revision(await get())).toBe('2');
    const history = await t.kubectl.ok(['rollout', 'history', 'deployment/web']);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(history).toMatch(/^1\s/m);
    expect(history).toMatch(/^2\s/m);

    // undo: kubectl patches the template back; the revision-1 ReplicaSet is reused as revision 3.
    const first = (await rss()).find((r) => revision(r) === '1')!;
    expect(await t.kubectl.ok(['rollout', 'undo', 'deployment/web'])).toContain('rolled back');
    expect(await status()).toContain('successfully rolled out');
    expect(await image()).toBe('busybox:1');
    expect(revision(await get())).toBe('3');
    const reused = (await rss()).find((r) => r.metadata.name === first.metadata.name)!;
    expect(revision(reused)).toBe('3');
    expect(reused.spec.replicas).toBe(3);
    expect(await rss()).toHaveLength(2);

    // pause: a template change makes no new ReplicaSet until resume.
    await t.kubectl.ok(['rollout', 'pause', 'deployment/web']);
    await t.kubectl.ok(['set', 'image', 'deployment/web', 'busybox=busybox:3']);
    const paused = await waitFor(async () => {
      const d = await get();
      return (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) ? d : undefined;
    }, 'paused deployment observed');
    expect(paused.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('DeploymentPaused');
    expect(await rss()).toHaveLength(2);
    await t.kubectl.ok(['rollout', 'resume', 'deployment/web']);
    expect(await status()).toContain('successfully rolled out');
    expect(await rss()).toHaveLength(3);
    expect(revision(await get())).toBe('4');

    // restart: a restartedAt template annotation, hence a new ReplicaSet.
    await t.kubectl.ok(['rollout', 'restart', 'deployment/web']);
    expect(await status()).toContain('successfully rolled out');
    const d = await get();
    expect(d.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
    expect(revision(d)).toBe('5');
    const current = (await rss()).find((r) => revision(r) === '5')!;
    expect(current.spec.replicas).toBe(3);
    expect(current.status?.availableReplicas).toBe(3);
  });

  it('kubectl delete --cascade=orphan|foreground|background does what Kubernetes does', async () => {
    const names = async (gvr: typeof GVR.pods | typeof GVR.replicasets, ns: string) => (await t.cluster.client.list(gvr, ns)).items.map((o) => o.metadata.name);
    await t.kubectl.ok(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cascade\n' });
    for (const cascade of ['orphan', 'foreground', 'background'] as const) {
      await t.kubectl.ok(['apply', '-n', 'cascade', '-f', '-'], { input: MANIFEST });
      await t.kubectl.ok(['rollout', 'status', '-n', 'cascade', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 });
      // kubectl waits until the deployment is gone.
      await t.kubectl.ok(['delete', '-n', 'cascade', 'deployment/web', `--cascade=${cascade}`], { timeoutMs: 70_000 });
      if (cascade === 'orphan') {
        const rs = (await t.cluster.client.list<ReplicaSet>(GVR.replicasets, 'cascade')).items;
        expect(rs).toHaveLength(1);
        expect(rs[0]!.metadata.ownerReferences).toBeUndefined();
        expect(await names(GVR.pods, 'cascade')).toHaveLength(3);
        // Clean up the orphans for the next round (and check a plain RS delete cascades to its pods).
        await t.kubectl.ok(['delete', '-n', 'cascade', 'rs', '--all'], { timeoutMs: 70_000 });
        await waitFor(async () => (await names(GVR.pods, 'cascade')).length === 0, 'orphaned pods collected');
      } else {
        await waitFor(async () => (await names(GVR.replicasets, 'cascade')).length === 0 && (await names(GVR.pods, 'cascade')).length === 0, `${cascade} cascade`);
      }
    }
  });
});
