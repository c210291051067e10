/**
 * A4 at the kubelet level: with 5 pods running, the kubelet goes away and a
 * new one starts for the same node. It adopts the running containers (same
 * IDs, none duplicated), removes the containers of a pod deleted while it was
 * down, and recreates the sandbox of a pod whose pause container died.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { waitFor } from '../../src/main/kubelet/testing/docker-env';
import { isRunningReady, startKubeletEnv, type KubeletTestEnv } from '../../src/main/kubelet/testing/kubelet-env';

let env: KubeletTestEnv;

beforeAll(async () => {
  env = await startKubeletEnv();
});

afterAll(async () => {
  await env?.dispose();
});

async function nodeContainers(): Promise<{ id: string; name: string; uid: string; type: string; state: string }[]> {
  const list = await env.runtime.docker.listContainers({ all: true, filters: { label: [`kubedeck.node=${env.node}`] } });
  return list.map((c) => ({ id: c.Id, name: c.Names[0] ?? '', uid: c.Labels['io.kubernetes.pod.uid'] ?? '', type: c.Labels['io.kubernetes.docker.type'] ?? '', state: c.State }));
}

describe('A4 recovery from Docker labels', () => {
  it('adopts running containers, removes those of deleted pods, recreates a dead sandbox', async () => {
    const names = ['r0', 'r1', 'r2', 'r3', 'r4'];
    for (const n of names) await env.createPod(n, { containers: [{ name: 'main', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] });
    const pods: Pod[] = [];
    for (const n of names) pods.push(await env.waitPod(n, isRunningReady, 'Running'));
    const before = await nodeContainers();
    expect(before.filter((c) => c.state === 'running')).toHaveLength(10);

    // The kubelet goes away (as when the app is killed): containers keep running.
    await env.kubelet.stop();
    // Meanwhile: r4 is deleted from the API, and r3's pause container dies.
    await env.client.delete(GVR.pods, 'default', 'r4', { gracePeriodSeconds: 0 });
    const r3 = pods[3] as Pod;
    const r3Pause = before.find((c) => c.uid === r3.metadata.uid && c.type === 'podsandbox');
    await env.runtime.docker.getContainer(r3Pause!.id).kill();

    const k2 = env.newKubelet();
    env.kubelet = k2;
    await k2.start();
    await k2.ready();

    // r4's containers are removed.
    const r4uid = (pods[4] as Pod).metadata.uid;
    await waitFor(async () => !(await nodeContainers()).some((c) => c.uid === r4uid), 20_000, 'r4 containers removed');

    // r0–r2 keep their exact container IDs, and nothing is duplicated.
    for (const p of pods.slice(0, 3)) {
      const mine = (await nodeContainers()).filter((c) => c.uid === p.metadata.uid);
      expect(mine.map((c) => c.id).sort()).toEqual(before.filter((c) => c.uid === p.metadata.uid).map((c) => c.id).sort());
      const now = await env.getPod(p.metadata.name as string);
      expect(now.status?.containerStatuses?.[0]?.containerID).toBe(p.status?.containerStatuses?.[0]?.containerID);
      expect(now.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    }

    // r3 gets a new sandbox (attempt 1) and a new app container, running again.
    const r3now = await env.waitPod('r3', (p) => isRunningReady(p) && p.status?.containerStatuses?.[0]?.containerID !== r3.status?.containerStatuses?.[0]?.containerID, 'r3 recreated', 30_000);
    expect(r3now.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    const r3containers = (await nodeContainers()).filter((c) => c.uid === r3.metadata.uid && c.state === 'running');
    expect(r3containers.map((c) => c.name).sort()).toEqual([`/k8s_POD_r3_default_${r3.metadata.uid}_1`, `/k8s_main_r3_default_${r3.metadata.uid}_1`]);
    expect(env.events('r3').map((e) => e.reason)).toContain('SandboxChanged');

    // In total: 4 pods × (pause + app) running, no duplicates.
    const running = (await nodeContainers()).filter((c) => c.state === 'running');
    expect(running).toHaveLength(8);
    expect(new Set(running.map((c) => `${c.uid}/${c.type}`)).size).toBe(8);
  });

  it('powers a node off (containers stop, no heartbeats) and on again (pods run again)', async () => {
    await env.createPod('pw', { containers: [{ name: 'main', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] });
    const p = await env.waitPod('pw', isRunningReady, 'Running');
    await env.kubelet.powerOff();
    expect(env.kubelet.isPoweredOff).toBe(true);
    const stopped = (await nodeContainers()).filter((c) => c.uid === p.metadata.uid);
    expect(stopped.every((c) => c.state !== 'running')).toBe(true);
    await env.kubelet.powerOn();
    const back = await env.waitPod('pw', (x) => isRunningReady(x) && x.status?.containerStatuses?.[0]?.containerID !== p.status?.containerStatuses?.[0]?.containerID, 'running again after power-on', 30_000);
    expect(back.status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });
});
