/**
 * Issue 15 A4 (debug): `kubectl debug` adds an ephemeral container through
 * pods/ephemeralcontainers; the kubelet starts it in the pod's namespaces
 * (network always; with --target, the target container's processes too), on
 * real Docker. Non-interactive: its output is read with kubectl logs.
 * Interactive (-i): commands go in on stdin through attach. The subresource
 * refuses changing or removing an ephemeral container.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Pod } from '../../src/shared/api/core';
import { busyboxPod, startOneNodeCluster, type OneNodeCluster } from './helpers/one-node-cluster';
import type { TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

let one: OneNodeCluster;
let tc: TestCluster;

beforeAll(async () => {
  one = await startOneNodeCluster('kd-debug');
  tc = one.tc;
  await tc.kubectl.ok(['apply', '-f', '-'], { input: busyboxPod('app', one.node, 'echo up > /tmp/marker; exec sleep 3600') });
  await tc.kubectl.ok(['wait', '--for=condition=Ready', 'pod/app', '--timeout=60s'], { timeoutMs: 70_000 });
}, 120_000);

afterAll(async () => {
  await one?.stop();
});

const ephemeralStatus = async (name: string) => (await tc.kubectl.json<Pod>(['get', 'pod', 'app'])).status?.ephemeralContainerStatuses?.find((s) => s.name === name);

it('kubectl debug --target runs a command that sees the target container\'s processes, and its status and logs are served', async () => {
  await tc.kubectl.ok(['debug', 'app', '--image=busybox:latest', '--image-pull-policy=IfNotPresent', '--target=main', '--container=dbg', '--', 'sh', '-c', 'ps -o comm; hostname']);
  const st = await waitFor(async () => {
    const s = await ephemeralStatus('dbg');
    return s?.state?.terminated ? s : undefined;
  }, { timeoutMs: 60_000, what: 'the debug container to finish' });
  expect(st.state?.terminated?.exitCode).toBe(0);
  const out = await tc.kubectl.ok(['logs', 'app', '-c', 'dbg']);
  // The target's process (sleep) is visible: the PID namespace is shared; the hostname is the pod's: so is the UTS/network sandbox.
  expect(out).toMatch(/^sleep$/m);
  expect(out).toMatch(/^app$/m);
  const pod = await tc.kubectl.json<Pod>(['get', 'pod', 'app']);
  expect(pod.spec.ephemeralContainers?.map((c) => [c.name, c.targetContainerName])).toEqual([['dbg', 'main']]);
  // The main container was not restarted by the addition.
  expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
}, 120_000);

it('kubectl debug -i takes commands on stdin through attach', async () => {
  const r = await tc.kubectl.run(['debug', '-i', 'app', '--image=busybox:latest', '--image-pull-policy=IfNotPresent', '--target=main', '--container=shell', '--', 'sh'], {
    input: 'cat /proc/1/root/tmp/marker 2>/dev/null || echo no-marker; echo done-$((6*7))\nexit\n',
    timeoutMs: 90_000,
  });
  expect(r.stdout + r.stderr, r.stderr).toMatch(/done-42/);
  // Through the shared PID namespace, the target's root filesystem is reachable as /proc/1/root.
  expect(r.stdout).toMatch(/^up$/m);
  await waitFor(async () => (await ephemeralStatus('shell'))?.state?.terminated, { timeoutMs: 30_000, what: 'the shell to end' });
}, 120_000);

it('an ephemeral container cannot be removed or changed, and a duplicate name or unknown target is refused', async () => {
  const path = ['patch', 'pod', 'app', '--subresource=ephemeralcontainers', '--type=json', '-p'];
  const removed = await tc.kubectl.run([...path, '[{"op":"remove","path":"/spec/ephemeralContainers/0"}]']);
  expect(removed.code).not.toBe(0);
  expect(removed.stderr).toMatch(/existing ephemeral containers "dbg" may not be removed/);
  const changed = await tc.kubectl.run([...path, '[{"op":"replace","path":"/spec/ephemeralContainers/0/image","value":"busybox:1"}]']);
  expect(changed.stderr).toMatch(/existing ephemeral containers "dbg" may not be changed/);
  const dup = await tc.kubectl.run([...path, '[{"op":"add","path":"/spec/ephemeralContainers/-","value":{"name":"main","image":"busybox:latest"}}]']);
  expect(dup.stderr).toMatch(/spec.ephemeralContainers\[2\].name: Duplicate value: "main"/);
  const target = await tc.kubectl.run([...path, '[{"op":"add","path":"/spec/ephemeralContainers/-","value":{"name":"x","image":"busybox:latest","targetContainerName":"nope"}}]']);
  expect(target.stderr).toMatch(/spec.ephemeralContainers\[2\].targetContainerName: Not found: "nope"/);
  // The main resource refuses them too.
  const viaPod = await tc.kubectl.run(['patch', 'pod', 'app', '--type=json', '-p', '[{"op":"add","path":"/spec/ephemeralContainers/-","value":{"name":"y","image":"busybox:latest"}}]']);
  expect(viaPod.stderr).toMatch(/pod updates may not change fields/);
}, 60_000);
