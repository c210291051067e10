/**
 * The kubelet behind the real API server, driven by the real kubectl: A1
 * (`get pods -o wide` shows IP and node) and A2 (logs with -f, --tail,
 * --timestamps, --previous; exec with exit codes and stdin; port-forward
 * through client-node's WebSocket protocol; kubectl's SPDY port-forward is in
 * kubectl-port-forward.test.ts).
 * Pods carry spec.nodeName so the scheduler is not needed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { Exec, KubeConfig, PortForward, type V1Status } from '@kubernetes/client-node';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-kubectl-${run}`;
let tc: TestCluster;
let rt: DockerRuntime;

function podYaml(name: string, command: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:latest
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", ${JSON.stringify(command)}]
${extra}`;
}

async function podJson(name: string): Promise<{ status?: { phase?: string; podIP?: string; containerStatuses?: { restartCount: number }[] } }> {
  return tc.kubectl.json(['get', 'pod', name]);
}

beforeAll(async () => {
  rt = await connectTestRuntime();
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({ components: k.components, podStreams: k.podStreams });
  await tc.kubectl.ok(['apply', '-f', '-'], {
    input: [podYaml('web', 'mkdir -p /www; echo hello-web > /www/index.html; for i in 1 2 3; do echo line$i; done; exec httpd -f -v -p 8080 -h /www', '    ports:\n    - containerPort: 8080'), '---', podYaml('crashy', 'echo attempt-$(cat /proc/sys/kernel/random/uuid); sleep 1; exit 1')].join('\n'),
  });
  await waitFor(async () => (await podJson('web')).status?.phase === 'Running', { timeoutMs: 30_000, what: 'web Running' });
});

afterAll(async () => {
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
});

describe('kubectl against the kubelet', () => {
  it('A1: get pods -o wide shows the pod IP and the node', async () => {
    const ip = (await podJson('web')).status?.podIP;
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const out = await tc.kubectl.ok(['get', 'pods', '-o', 'wide']);
    const line = out.split('\n').find((l) => l.startsWith('web '));
    expect(line).toContain('Running');
    expect(line).toContain(ip);
    expect(line).toContain(node);
  });

  it('A2: logs, --tail, --timestamps, -f', async () => {
    expect(await tc.kubectl.ok(['logs', 'web'])).toMatch(/^line1\nline2\nline3\n/);
    const tail = await tc.kubectl.ok(['logs', 'web', '--tail=1']);
    expect(tail.split('\n').filter(Boolean)).toHaveLength(1);
    const ts = await tc.kubectl.ok(['logs', 'web', '--timestamps', '--tail=1']);
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
    const f = tc.kubectl.spawn(['logs', '-f', 'web']);
    try {
      await waitFor(() => f.output().includes('line3'), { timeoutMs: 10_000, what: 'followed output' });
      // A request to httpd (-v logs to stderr) appears in the followed stream.
      await tc.kubectl.ok(['exec', 'web', '--', 'wget', '-q', '-O', '-', 'http://127.0.0.1:8080/index.html']);
      await waitFor(() => f.output().split('\n').length > 4, { timeoutMs: 10_000, what: 'a new followed line' });
    } finally {
      f.child.kill();
    }
  });

  it('A2: logs --previous of a restarted container', async () => {
    await waitFor(async () => ((await podJson('crashy')).status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, { timeoutMs: 30_000, what: 'crashy restarted' });
    const prev = await tc.kubectl.ok(['logs', 'crashy', '--previous']);
    expect(prev).toMatch(/^attempt-[0-9a-f-]{36}\n$/);
  });

  it('A2: exec with exit codes and stdin', async () => {
    expect(await tc.kubectl.ok(['exec', 'web', '--', 'cat', '/www/index.html'])).toBe('hello-web\n');
    const failed = await tc.kubectl.run(['exec', 'web', '--', 'sh', '-c', 'echo to-stderr >&2; exit 3']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('to-stderr');
    expect(await tc.kubectl.ok(['exec', '-i', 'web', '--', 'sh', '-c', 'read x; echo got:$x'], { input: 'piped\n' })).toBe('got:piped\n');
  });

  it('A2: interactive tty exec through client-node, with the exit status', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(tc.cluster.kubeconfigPath);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let screen = '';
    stdout.on('data', (d: Buffer) => (screen += d.toString()));
    const status = new Promise<V1Status>((resolve) => {
      void new Exec(kc).exec('default', 'web', 'main', ['sh'], stdout, null, stdin, true, (s) => resolve(s));
    });
    stdin.write('echo marker-$((6*7))\n');
    await waitFor(() => screen.includes('marker-42'), { timeoutMs: 10_000, what: 'tty output' });
    stdin.write('exit 5\n');
    const s = await status;
    expect(s.status).toBe('Failure');
    expect(s.details?.causes?.find((c) => c.reason === 'ExitCode')?.message).toBe('5');
  });

  it('A2: port-forward (client-node WebSocket protocol) reaches a container port from 127.0.0.1', async () => {
    // client-node's WebSocket protocol (kubectl's SPDY is covered by kubectl-port-forward.test.ts).
    const kc = new KubeConfig();
    kc.loadFromFile(tc.cluster.kubeconfigPath);
    const forward = new PortForward(kc);
    const server = net.createServer((socket) => {
      void forward.portForward('default', 'web', [8080], socket, null, socket).catch(() => socket.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/index.html' }, (res) => {
            let b = '';
            res.on('data', (d: Buffer) => (b += d.toString()));
            res.on('end', () => resolve(b));
          })
          .on('error', reject);
      });
      expect(body).toBe('hello-web\n');
    } finally {
      server.close();
    }
  });
});
