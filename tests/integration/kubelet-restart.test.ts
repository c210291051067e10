/**
 * A4 for the whole app: a cluster process with 5 running pods is SIGKILLed
 * and started again on the same data dir. The restarted kubelet adopts the
 * running containers (same IDs, none duplicated), and a pod deleted while the
 * app was down (deleted through the stopped app's store) has its containers
 * removed after the restart. The kill is real: the cluster's own node
 * process is SIGKILLed and the test fails if it (or anything it started)
 * survives before the next one starts (helpers/cluster-process.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/main/apiserver/registry';
import { createInProcessClient } from '../../src/main/client/in-process';
import { openSqliteStore } from '../../src/main/storage';
import { GVR } from '../../src/shared/api/resources';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startClusterProcess, type ClusterProcess } from './helpers/cluster-process';
import { Kubectl, waitFor } from './helpers/tools';
import { removeDockerObjects } from './helpers/test-cluster';
import { pidAlive } from './helpers/tracked-process';

const run = testRunId();
const node = `kd-restart-${run}`;
let rt: DockerRuntime;
let dataDir: string;
let app: ClusterProcess | undefined;

/** startApp starts the cluster process and checks that the PID it reports is the one the test will kill. */
async function startApp(): Promise<Kubectl> {
  app = await startClusterProcess({ dataDir, node, run });
  // No wrapper in between: the process the test holds runs the cluster.
  expect(app.pid).toBe(app.process.pid);
  return app.kubectl;
}

/** killApp SIGKILLs the cluster process; it throws (failing the test) if the process or anything it started survives. */
async function killApp(): Promise<void> {
  const a = app;
  if (!a) return;
  app = undefined;
  await a.kill();
  expect(a.process.survivors()).toEqual([]);
  expect(pidAlive(a.pid)).toBe(false);
  rmSync(a.kubectl.cacheDir, { recursive: true, force: true });
}

async function podContainers(): Promise<{ id: string; uid: string; pod: string; type: string }[]> {
  const list = await rt.docker.listContainers({ filters: { label: [`kubedeck.node=${node}`] } });
  return list.map((c) => ({ id: c.Id, uid: c.Labels['io.kubernetes.pod.uid'] ?? '', pod: c.Labels['io.kubernetes.pod.name'] ?? '', type: c.Labels['io.kubernetes.docker.type'] ?? '' }));
}

beforeAll(async () => {
  rt = await connectTestRuntime();
  dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-restart-'));
});

afterAll(async () => {
  await killApp();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
  // The cluster's network (and anything else carrying its id).
  if (dataDir) await removeDockerObjects(dataDir);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('A4: SIGKILL the app and start it again', () => {
  it('adopts the same containers, duplicates none, removes a pod deleted while down', async () => {
    let kubectl = await startApp();
    const names = ['p0', 'p1', 'p2', 'p3', 'p4'];
    const manifest = names
      .map((n) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\nspec:\n  nodeName: ${node}\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: main\n    image: busybox:latest\n    imagePullPolicy: IfNotPresent\n    command: ["sleep", "3600"]\n`)
      .join('---\n');
    await kubectl.ok(['apply', '-f', '-'], { input: manifest });
    await waitFor(async () => {
      const list = await kubectl.json<{ items: { status?: { phase?: string } }[] }>(['get', 'pods']);
      return list.items.length === 5 && list.items.every((p) => p.status?.phase === 'Running');
    }, { timeoutMs: 60_000, what: '5 pods Running' });
    const before = await podContainers();
    expect(before).toHaveLength(10);

    await killApp();
    // While the app is down, p4 is deleted (through its store, as a second client of the data dir would).
    const store = await openSqliteStore(join(dataDir, 'state.db'));
    try {
      const registry = createRegistry(store);
      await registry.ready();
      await createInProcessClient(registry).delete(GVR.pods, 'default', 'p4', { gracePeriodSeconds: 0 });
    } finally {
      await store.close();
    }

    kubectl = await startApp();
    await waitFor(async () => !(await podContainers()).some((c) => c.pod === 'p4'), { timeoutMs: 30_000, what: 'p4 containers removed' });
    const after = await podContainers();
    expect(after.map((c) => c.id).sort()).toEqual(before.filter((c) => c.pod !== 'p4').map((c) => c.id).sort());
    expect(new Set(after.map((c) => `${c.uid}/${c.type}`)).size).toBe(8);
    const pods = await kubectl.json<{ items: { metadata: { name: string }; status?: { phase?: string; containerStatuses?: { restartCount: number }[] } }[] }>(['get', 'pods']);
    expect(pods.items.map((p) => p.metadata.name).sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(pods.items.every((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.restartCount === 0)).toBe(true);
  });
});
