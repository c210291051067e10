/**
 * Issue 15 A1: the real kubectl's port-forward, over both transports it
 * speaks: SPDY/3.1 tunnelled in a WebSocket (its default) and the plain
 * `Upgrade: SPDY/3.1` fallback (KUBECTL_PORT_FORWARD_WEBSOCKETS=false). To a
 * pod, a Service and a Deployment (kubectl resolves the last two to a pod
 * itself); 200 requests all answered; two forwards at once; a closed port
 * reported on kubectl's error stream; and a container restart under a running
 * forward: a connection made while nothing listens makes kubectl 1.32 end the
 * forward with its own "error: lost connection to pod".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { hostGet, waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-pf-${run}`;
let tc: TestCluster;
let rt: DockerRuntime;
const started: ChildProcess[] = [];

// httpd serves /www on port 80 in the background; the shell (pid 1) exits when /tmp/die appears, so a test can
// restart the container. A restarted container (the emptyDir remembers the first start) serves only after 10 s, so a
// connection made right after the restart deterministically finds nothing listening.
const podCommand =
  'mkdir -p /www; echo hello-$(hostname) > /www/index.html; head -c 8388608 /dev/urandom > /www/big; if [ -e /state/started ]; then sleep 10; fi; touch /state/started; httpd -p 80 -h /www; while [ ! -e /tmp/die ]; do sleep 0.2; done; exit 1';

const manifests = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:latest
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", ${JSON.stringify(podCommand)}]
    ports:
    - containerPort: 80
    volumeMounts:
    - {name: state, mountPath: /state}
  volumes:
  - {name: state, emptyDir: {}}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 8080
    targetPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: main
        image: busybox:latest
`;

interface Forward {
  child: ChildProcess;
  localPort: number;
  output: () => string;
  stderr: () => string;
}

/** startForward runs `kubectl port-forward <target> :<remote>` and resolves once kubectl says which local port it listens on. */
async function startForward(target: string, ports: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<Forward> {
  const child = spawn('kubectl', ['--kubeconfig', tc.kubectl.kubeconfig, '--cache-dir', tc.kubectl.cacheDir, 'port-forward', target, ports, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const localPort = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`kubectl port-forward exited ${child.exitCode}: ${out}${err}`);
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      return m ? Number(m[1]) : 0;
    },
    { timeoutMs: 20_000, what: `kubectl port-forward ${target} to listen` },
  );
  return { child, localPort, output: () => out, stderr: () => err };
}

async function stopForward(f: Forward): Promise<void> {
  if (f.child.exitCode === null && f.child.signalCode === null) f.child.kill('SIGKILL');
  await waitFor(() => f.child.exitCode !== null || f.child.signalCode !== null, { timeoutMs: 10_000, what: 'kubectl port-forward gone' });
  expect(() => process.kill(f.child.pid!, 0)).toThrow();
}

/** getMany sends n requests through a forward, `concurrency` at a time, each on its own connection; resolves with every body. */
async function getMany(port: number, n: number, concurrency = 10): Promise<string[]> {
  const bodies: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      bodies.push(await hostGet(port));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return bodies;
}

beforeAll(async () => {
  rt = await connectTestRuntime();
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({ components: k.components, podStreams: k.podStreams });
  await tc.kubectl.ok(['apply', '-f', '-'], { input: manifests });
  await waitFor(async () => (await tc.kubectl.json(['get', 'pod', 'web'])).status?.phase === 'Running', { timeoutMs: 30_000, what: 'web Running' });
  await waitFor(async () => (await hostGetViaExec()).startsWith('hello-'), { timeoutMs: 15_000, what: 'httpd serving' });
}, 60_000);

async function hostGetViaExec(): Promise<string> {
  return tc.kubectl.ok(['exec', 'web', '--', 'wget', '-q', '-O', '-', 'http://127.0.0.1:80/index.html']);
}

afterAll(async () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
});

describe('kubectl port-forward (SPDY/3.1)', () => {
  it('pod/web over the WebSocket tunnel: 200 requests, each on its own connection, all answered', async () => {
    const f = await startForward('pod/web', ':80', {}, ['-v=8']);
    try {
      const bodies = await getMany(f.localPort, 200);
      expect(bodies).toHaveLength(200);
      // -v=8 shows the tunnel's handshake; kubectl would fall back to the plain SPDY upgrade (and say so) if it failed.
      expect(f.stderr()).toContain('Sec-Websocket-Protocol: SPDY/3.1+portforward.k8s.io');
      expect(f.stderr()).not.toContain('fallback to secondary dialer');
      expect(bodies.every((b) => b.startsWith('hello-'))).toBe(true);
    } finally {
      await stopForward(f);
    }
  }, 90_000);

  it('pod/web over the plain SPDY upgrade (websockets off): 200 requests answered', async () => {
    const f = await startForward('pod/web', ':80', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, ['-v=8']);
    try {
      const bodies = await getMany(f.localPort, 200);
      expect(f.stderr()).toMatch(/Upgrade: SPDY\/3\.1/);
      expect(f.stderr()).not.toContain('Sec-Websocket-Protocol: SPDY/3.1+portforward.k8s.io');
      expect(bodies.filter((b) => b.startsWith('hello-'))).toHaveLength(200);
    } finally {
      await stopForward(f);
    }
  }, 90_000);

  it('8 MiB through one connection arrive whole (flow control by backpressure, no stalled window)', async () => {
    const f = await startForward('pod/web', ':80');
    try {
      const size = await new Promise<number>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: f.localPort, path: '/big' }, (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(n));
          res.on('error', reject);
        }).on('error', reject);
      });
      expect(size).toBe(8 * 1024 * 1024);
    } finally {
      await stopForward(f);
    }
  }, 60_000);

  it('svc/web 8080 and deploy/web :80 forward at the same time', async () => {
    const svc = await startForward('svc/web', ':8080');
    const deploy = await startForward('deploy/web', ':80');
    try {
      const [a, b] = await Promise.all([getMany(svc.localPort, 50, 5), getMany(deploy.localPort, 50, 5)]);
      expect(a.filter((x) => x.startsWith('hello-'))).toHaveLength(50);
      expect(b.filter((x) => x.startsWith('hello-'))).toHaveLength(50);
      expect(svc.output()).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 80/);
    } finally {
      await stopForward(svc);
      await stopForward(deploy);
    }
  }, 90_000);

  it('a request to a closed port reports the error on kubectl\'s error stream', async () => {
    const f = await startForward('pod/web', ':81');
    try {
      await expect(hostGet(f.localPort)).rejects.toThrow();
      await waitFor(() => /error forwarding port 81/.test(f.stderr()), { timeoutMs: 10_000, what: 'kubectl reporting the forward error' });
    } finally {
      await stopForward(f);
    }
  }, 60_000);

  it('when the container restarts, a connection made while nothing listens ends the forward with kubectl\'s own message', async () => {
    // kubectl 1.32 closes the whole forward once the error stream reports a failure ("error: lost connection to pod"),
    // as it does against a real kubelet, which reports a refused connection the same way; a forward that sees no
    // connection until the new container listens keeps working.
    const f = await startForward('pod/web', ':80');
    try {
      expect(await hostGet(f.localPort)).toMatch(/^hello-/);
      const before = (await tc.kubectl.json(['get', 'pod', 'web'])).status.containerStatuses[0].restartCount as number;
      await tc.kubectl.run(['exec', 'web', '--', 'touch', '/tmp/die']);
      await waitFor(async () => (await tc.kubectl.json(['get', 'pod', 'web'])).status.containerStatuses[0].restartCount > before, { timeoutMs: 30_000, what: 'container restart' });
      await expect(hostGet(f.localPort)).rejects.toThrow();
      await waitFor(() => f.child.exitCode !== null, { timeoutMs: 15_000, what: 'kubectl port-forward to exit' });
      expect(f.child.exitCode).toBe(1);
      expect(f.stderr()).toMatch(/error forwarding port 80 to pod web: connect ECONNREFUSED/);
      expect(f.stderr()).toContain('error: lost connection to pod');
    } finally {
      await stopForward(f);
    }
  }, 90_000);
});
