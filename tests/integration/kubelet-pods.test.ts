/**
 * A1 and A3 against the real Docker engine, with the kubelet driven through
 * an in-memory ApiClient: pods run as pause + app containers; a two-container
 * pod shares an emptyDir and localhost; crash loops back off with growing
 * delays; missing images go ErrImagePull → ImagePullBackOff; liveness
 * failures restart; readiness gates Ready; deletion is graceful.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '../../src/shared/api/coordination';
import type { ContainerStatus, Node, Pod, PodStatus } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { readAll, waitFor } from '../../src/main/kubelet/testing/docker-env';
import { isRunningReady, startKubeletEnv, type KubeletTestEnv } from '../../src/main/kubelet/testing/kubelet-env';

let env: KubeletTestEnv;

beforeAll(async () => {
  env = await startKubeletEnv({ crashBackoff: { initialMs: 1000, maxMs: 8000 }, imageBackoff: { initialMs: 1000, maxMs: 8000 } });
});

afterAll(async () => {
  await env?.dispose();
});

const busybox = { image: 'busybox:latest', imagePullPolicy: 'IfNotPresent' as const };

function cs(p: Pod, name: string): ContainerStatus | undefined {
  return p.status?.containerStatuses?.find((c) => c.name === name);
}

describe('kubelet node', () => {
  it('registers the node with capacity and Ready, and renews its lease', async () => {
    const node = await env.client.get<Node>(GVR.nodes, undefined, env.node);
    expect(node.status?.capacity?.pods).toBe('110');
    expect(Number(node.status?.capacity?.cpu)).toBeGreaterThan(0);
    expect(node.status?.capacity?.memory).toMatch(/^\d+Ki$/);
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^docker:\/\//);
    const lease = await env.client.get<Lease>(GVR.leases, 'kube-node-lease', env.node);
    expect(lease.spec?.holderIdentity).toBe(env.node);
  });
});

describe('A1 pods run as containers', () => {
  it('runs a sleep pod: Running, Ready, pod IP, containerID, pause + app containers labelled', async () => {
    await env.createPod('sleeper', { containers: [{ name: 'main', ...busybox, command: ['sleep', '3600'] }] });
    const p = await env.waitPod('sleeper', isRunningReady, 'Running and Ready');
    expect(p.status?.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const s = cs(p, 'main');
    expect(s?.state?.running?.startedAt).toBeDefined();
    expect(s?.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(s?.imageID).toMatch(/^docker:\/\/sha256:/);
    expect(s).toMatchObject({ ready: true, started: true, restartCount: 0 });
    expect(p.status?.conditions?.map((c) => `${c.type}=${c.status}`).sort()).toEqual(['ContainersReady=True', 'Initialized=True', 'PodScheduled=True', 'Ready=True']);
    const list = await env.runtime.docker.listContainers({ filters: { label: [`io.kubernetes.pod.uid=${p.metadata.uid}`] } });
    const names = list.map((c) => c.Names[0]).sort();
    expect(names).toEqual([`/k8s_POD_sleeper_default_${p.metadata.uid}_0`, `/k8s_main_sleeper_default_${p.metadata.uid}_0`]);
    const reasons = env.events('sleeper').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Pulled', 'Created', 'Started']));
    expect(env.events('sleeper')[0]?.source?.component).toBe('kubelet');
  });

  it('shares an emptyDir and localhost between two containers', async () => {
    await env.createPod('duo', {
      volumes: [{ name: 'shared', emptyDir: {} }],
      containers: [
        { name: 'server', ...busybox, command: ['sh', '-c', 'echo hello-from-server > /shared/index.html && exec httpd -f -p 8080 -h /shared'], ports: [{ containerPort: 8080 }], volumeMounts: [{ name: 'shared', mountPath: '/shared' }] },
        {
          name: 'client',
          ...busybox,
          command: ['sh', '-c', 'until wget -q -O /data/fetched.txt http://127.0.0.1:8080/index.html; do sleep 0.2; done; exec sleep 3600'],
          volumeMounts: [{ name: 'shared', mountPath: '/data' }],
        },
      ],
    });
    const p = await env.waitPod('duo', isRunningReady, 'Running and Ready');
    const read = async (container: string, file: string) => {
      const s = await env.kubelet.exec(p, container, ['cat', file], { stdin: false, tty: false });
      const [out, code] = await Promise.all([readAll(s.stdout), s.exitCode]);
      return code === 0 ? out.trim() : undefined;
    };
    // The client fetched through 127.0.0.1 (shared network namespace) …
    expect(await waitFor(() => read('client', '/data/fetched.txt'), 15_000, 'fetched file')).toBe('hello-from-server');
    // … and both see the same emptyDir.
    expect(await read('client', '/data/index.html')).toBe('hello-from-server');
    expect(await read('server', '/shared/fetched.txt')).toBe('hello-from-server');
  });

  it('runs init containers in order before app containers, with env, configMap and secret volumes', async () => {
    await env.client.create(GVR.configmaps, 'default', { metadata: { name: 'cfg' }, data: { color: 'blue', 'app.conf': 'x=1\n' } });
    await env.client.create(GVR.secrets, 'default', { metadata: { name: 'sec' }, data: { pw: Buffer.from('s3cret').toString('base64') } });
    await env.createPod('inity', {
      volumes: [
        { name: 'work', emptyDir: {} },
        { name: 'conf', configMap: { name: 'cfg' } },
        { name: 'creds', secret: { secretName: 'sec' } },
      ],
      initContainers: [
        { name: 'first', ...busybox, command: ['sh', '-c', 'echo first >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
        { name: 'second', ...busybox, command: ['sh', '-c', 'echo second >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
      ],
      containers: [
        {
          name: 'app',
          ...busybox,
          command: ['sh', '-c', 'echo app >> /work/order; exec sleep 3600'],
          env: [
            { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          ],
          volumeMounts: [
            { name: 'work', mountPath: '/work' },
            { name: 'conf', mountPath: '/etc/conf' },
            { name: 'creds', mountPath: '/etc/creds' },
          ],
          resources: { limits: { cpu: '250m', memory: '64Mi' } },
        },
      ],
    });
    const p = await env.waitPod('inity', isRunningReady, 'Running and Ready');
    expect(p.status?.initContainerStatuses?.map((s) => s.state?.terminated?.reason)).toEqual(['Completed', 'Completed']);
    const s = await env.kubelet.exec(p, 'app', ['sh', '-c', 'cat /work/order; echo $COLOR $POD_NAME; cat /etc/conf/app.conf /etc/creds/pw'], { stdin: false, tty: false });
    expect(await readAll(s.stdout)).toBe('first\nsecond\napp\nblue inity\nx=1\ns3cret');
    const id = cs(p, 'app')?.containerID?.replace('docker://', '') as string;
    const raw = await env.runtime.docker.getContainer(id).inspect();
    expect(raw.HostConfig.NanoCpus).toBe(2.5e8);
    expect(raw.HostConfig.Memory).toBe(64 * 2 ** 20);
  });

  it('deletes gracefully: containers stopped and removed, then the pod object is deleted', async () => {
    const p = await env.createPod('doomed', { containers: [{ name: 'main', ...busybox, command: ['sleep', '3600'] }] });
    await env.waitPod('doomed', isRunningReady, 'Running');
    await env.client.delete(GVR.pods, 'default', 'doomed', { gracePeriodSeconds: 1 });
    await waitFor(async () => !(await env.client.list(GVR.pods, 'default')).items.some((x) => x.metadata.name === 'doomed'), 20_000, 'pod object removed');
    const left = await env.runtime.docker.listContainers({ all: true, filters: { label: [`io.kubernetes.pod.uid=${p.metadata.uid}`] } });
    expect(left).toEqual([]);
    expect(env.events('doomed').map((e) => e.reason)).toContain('Killing');
  });
});

describe('graceful termination', () => {
  it('runs preStop, then SIGTERM within the grace period (hostPath shows both)', async () => {
    const host = mkdtempSync(join(tmpdir(), 'kubedeck-term-'));
    try {
      await env.createPod('polite', {
        terminationGracePeriodSeconds: 10,
        volumes: [{ name: 'host', hostPath: { path: host } }],
        containers: [
          {
            name: 'app',
            ...busybox,
            command: ['sh', '-c', "trap 'echo term >> /host/log; exit 0' TERM; echo started >> /host/log; while true; do sleep 0.1; done"],
            lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /host/log'] } } },
            volumeMounts: [{ name: 'host', mountPath: '/host' }],
          },
        ],
      });
      await env.waitPod('polite', isRunningReady, 'Running');
      await env.client.delete(GVR.pods, 'default', 'polite', {});
      await waitFor(async () => !(await env.client.list(GVR.pods, 'default')).items.some((x) => x.metadata.name === 'polite'), 20_000, 'pod removed');
      expect(readFileSync(join(host, 'log'), 'utf8')).toBe('started\nprestop\nterm\n');
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  });
});

describe('A3 failures', () => {
  it('crash loop: CrashLoopBackOff with growing back-off and restartCount', async () => {
    await env.createPod('crasher', { containers: [{ name: 'boom', ...busybox, command: ['sh', '-c', 'echo crashing; exit 3'] }] });
    const p = await env.waitPod('crasher', (x) => (cs(x, 'boom')?.restartCount ?? 0) >= 3, 'restartCount >= 3', 45_000);
    expect(p.status?.phase).toBe('Running');
    const history = (env.client.statusHistory.get('default/crasher') ?? []) as PodStatus[];
    const messages = history.map((h) => h.containerStatuses?.[0]?.state?.waiting).filter((w) => w?.reason === 'CrashLoopBackOff').map((w) => w?.message);
    expect(messages).toContain(`back-off 1s restarting failed container=boom pod=crasher_default(${p.metadata.uid})`);
    expect(messages).toContain(`back-off 2s restarting failed container=boom pod=crasher_default(${p.metadata.uid})`);
    const last = history.findLast((h) => h.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff');
    expect(last?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(env.events('crasher').map((e) => e.reason)).toContain('BackOff');
  });

  it('nonexistent image: ErrImagePull then ImagePullBackOff with the registry message', async () => {
    await env.createPod('ghost', { containers: [{ name: 'c', image: 'kubedeck.invalid/nope:1', imagePullPolicy: 'Always' }] });
    await env.waitPod('ghost', (x) => cs(x, 'c')?.state?.waiting?.reason === 'ImagePullBackOff', 'ImagePullBackOff');
    const history = (env.client.statusHistory.get('default/ghost') ?? []) as PodStatus[];
    const reasons = history.map((h) => h.containerStatuses?.[0]?.state?.waiting?.reason);
    const firstErr = reasons.indexOf('ErrImagePull');
    expect(firstErr).toBeGreaterThanOrEqual(0);
    expect(reasons.indexOf('ImagePullBackOff')).toBeGreaterThan(firstErr);
    expect(history[firstErr]?.containerStatuses?.[0]?.state?.waiting?.message).toMatch(/kubedeck\.invalid/);
    expect(history.at(-1)?.phase).toBe('Pending');
    expect(env.events('ghost').map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^Failed to pull image "kubedeck.invalid\/nope:1": .*kubedeck\.invalid/)]));
  });

  it('imagePullPolicy Never with a missing image: ErrImageNeverPull', async () => {
    await env.createPod('never', { containers: [{ name: 'c', image: 'kubedeck/absent:1', imagePullPolicy: 'Never' }] });
    const p = await env.waitPod('never', (x) => cs(x, 'c')?.state?.waiting?.reason === 'ErrImageNeverPull', 'ErrImageNeverPull');
    expect(cs(p, 'c')?.state?.waiting?.message).toBe('Container image "kubedeck/absent:1" is not present with pull policy of Never');
  });

  it('a failing liveness probe restarts the container', async () => {
    await env.createPod('unhealthy', {
      containers: [
        {
          name: 'app',
          ...busybox,
          command: ['sh', '-c', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; exec sleep 3600'],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
        },
      ],
    });
    const p = await env.waitPod('unhealthy', (x) => (cs(x, 'app')?.restartCount ?? 0) >= 1, 'restarted by liveness', 30_000);
    expect(cs(p, 'app')?.restartCount).toBeGreaterThanOrEqual(1);
    const evs = env.events('unhealthy');
    expect(evs.some((e) => e.reason === 'Unhealthy' && /^Liveness probe failed/.test(e.message ?? ''))).toBe(true);
    expect(evs.some((e) => e.reason === 'Killing' && e.message === 'Container app failed liveness probe, will be restarted')).toBe(true);
  });

  it('a readiness probe gates the Ready condition', async () => {
    await env.createPod('gated', {
      containers: [
        {
          name: 'web',
          ...busybox,
          command: ['sh', '-c', 'mkdir -p /www; exec httpd -f -p 8080 -h /www'],
          ports: [{ containerPort: 8080, name: 'http' }],
          readinessProbe: { httpGet: { path: '/ready.txt', port: 'http' }, periodSeconds: 1 },
        },
      ],
    });
    const p = await env.waitPod('gated', (x) => x.status?.phase === 'Running' && cs(x, 'web')?.started === true, 'Running');
    // Not ready while the probe's file is missing.
    await waitFor(() => env.events('gated').some((e) => e.reason === 'Unhealthy'), 10_000, 'readiness failure');
    const notReady = await env.getPod('gated');
    expect(notReady.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(cs(notReady, 'web')?.ready).toBe(false);
    const s = await env.kubelet.exec(p, 'web', ['sh', '-c', 'echo ok > /www/ready.txt'], { stdin: false, tty: false });
    expect(await s.exitCode).toBe(0);
    const ready = await env.waitPod('gated', isRunningReady, 'Ready after the file appears', 15_000);
    expect(cs(ready, 'web')?.ready).toBe(true);
  });

  it('restartPolicy Never: a failed container ends the pod Failed and is not restarted', async () => {
    await env.createPod('once', { restartPolicy: 'Never', containers: [{ name: 'c', ...busybox, command: ['sh', '-c', 'exit 2'] }] });
    const p = await env.waitPod('once', (x) => x.status?.phase === 'Failed', 'Failed');
    expect(cs(p, 'c')).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } });
  });
});

describe('probes where the host cannot reach pod IPs (Docker Desktop, remote engines)', () => {
  it('runs httpGet and tcpSocket probes inside the pod with wget/nc', async () => {
    const env2 = await startKubeletEnv({ hostCanReachPodIP: false });
    try {
      await env2.createPod('inside', {
        containers: [
          {
            name: 'web',
            ...busybox,
            command: ['sh', '-c', 'mkdir -p /www && echo ok > /www/ready.txt && exec httpd -f -p 8080 -h /www'],
            readinessProbe: { httpGet: { path: '/ready.txt', port: 8080 }, periodSeconds: 1 },
            livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 1 },
          },
        ],
      });
      const p = await env2.waitPod('inside', isRunningReady, 'Ready through in-pod probes', 20_000);
      expect(cs(p, 'web')?.ready).toBe(true);
      // The liveness probe keeps passing (no restart) for a few periods.
      const later = await waitFor(async () => {
        const x = await env2.getPod('inside');
        const n = (env2.client.statusHistory.get('default/inside') ?? []).length;
        return n >= 1 && Date.now() - Date.parse(x.status?.startTime ?? '') > 3000 ? x : undefined;
      }, 15_000, 'three probe periods');
      expect(cs(later, 'web')?.restartCount).toBe(0);
    } finally {
      await env2.dispose();
    }
  });
});
