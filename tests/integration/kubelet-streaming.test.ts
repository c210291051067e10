/**
 * The kubelet's streaming entry points (what pods/log, pods/exec and
 * pods/portforward call) against real containers: logs with tail, timestamps,
 * since, limitBytes, follow and previous; exec with exit codes, stdin and an
 * interactive tty session with resize; port-forward to a container port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { isApiError } from '../../src/shared/errors';
import { readAll, waitFor } from '../../src/main/kubelet/testing/docker-env';
import { isRunningReady, startKubeletEnv, type KubeletTestEnv } from '../../src/main/kubelet/testing/kubelet-env';
import { createPodStreamBackend, exec, getLogs, KubeletRegistry, portForward } from '../../src/main/kubelet/streaming';

let env: KubeletTestEnv;
const registry = new KubeletRegistry();
const busybox = { image: 'busybox:latest', imagePullPolicy: 'IfNotPresent' as const };

beforeAll(async () => {
  env = await startKubeletEnv({ crashBackoff: { initialMs: 500, maxMs: 4000 } });
  registry.register(env.kubelet);
});

afterAll(async () => {
  await env?.dispose();
});

describe('logs', () => {
  let pod: Pod;
  beforeAll(async () => {
    await env.createPod('talker', { containers: [{ name: 'main', ...busybox, command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; i=6; while true; do sleep 0.3; echo line$i; i=$((i+1)); done'] }] });
    pod = await env.waitPod('talker', isRunningReady, 'Running');
    await waitFor(async () => (await readAll(await getLogs(pod, {}, registry))).includes('line6'), 10_000, 'line6');
  });

  it('returns the whole log, tail, timestamps and limitBytes', async () => {
    const all = await readAll(await getLogs(pod, {}, registry));
    expect(all.startsWith('line1\nline2\nline3\nline4\nline5\nline6\n')).toBe(true);
    const tail = await readAll(await getLogs(pod, { tailLines: 2 }, registry));
    expect(tail.split('\n').filter(Boolean)).toHaveLength(2);
    const ts = await readAll(await getLogs(pod, { timestamps: true, tailLines: 1 }, registry));
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line\d+\n$/);
    const limited = await readAll(await getLogs(pod, { limitBytes: 8 }, registry));
    expect(limited).toBe('line1\nli');
    const recent = await readAll(await getLogs(pod, { sinceTime: new Date(Date.now() + 60_000).toISOString() }, registry));
    expect(recent).toBe('');
  });

  it('follows new lines as they are written', async () => {
    const s = await getLogs(pod, { follow: true, tailLines: 0 }, registry);
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    await waitFor(() => /line\d+\n/.test(got), 10_000, 'a followed line');
    s.destroy();
    expect(got).toMatch(/^line\d+\n/);
  });

  it('rejects an unknown container and a missing previous instance with API errors', async () => {
    const e1 = await getLogs(pod, { container: 'nope' }, registry).catch((e: unknown) => e);
    expect(isApiError(e1, 400)).toBe(true);
    expect((e1 as Error).message).toBe('container nope is not valid for pod talker');
    const e2 = await getLogs(pod, { previous: true }, registry).catch((e: unknown) => e);
    expect((e2 as Error).message).toBe('previous terminated container "main" in pod "talker" not found');
  });

  it('serves --previous from the dead instance of a restarted container', async () => {
    await env.createPod('phoenix', { containers: [{ name: 'main', ...busybox, command: ['sh', '-c', 'echo run-$(cat /proc/sys/kernel/random/uuid); sleep 0.5; exit 1'] }] });
    const p = await env.waitPod('phoenix', (x) => (x.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'restarted');
    const prev = await readAll(await getLogs(p, { previous: true }, registry));
    expect(prev).toMatch(/^run-[0-9a-f-]{36}\n$/);
    const cur = await waitFor(async () => {
      const t = await readAll(await getLogs(p, {}, registry));
      return t ? t : undefined;
    }, 10_000, 'current log');
    expect(cur).not.toBe(prev);
  });
});

describe('exec and port-forward', () => {
  let pod: Pod;
  beforeAll(async () => {
    await env.createPod('shell', {
      containers: [{ name: 'web', ...busybox, command: ['sh', '-c', 'mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 8080 -h /www'], ports: [{ containerPort: 8080 }] }],
    });
    pod = await env.waitPod('shell', isRunningReady, 'Running');
  });

  it('runs a non-interactive command with its exit code and separate stderr', async () => {
    const s = await exec(pod, undefined, ['sh', '-c', 'echo out; echo err >&2; exit 42'], { stdin: false, tty: false }, registry);
    const [out, err, code] = await Promise.all([readAll(s.stdout), readAll(s.stderr), s.exitCode]);
    expect(out).toBe('out\n');
    expect(err).toBe('err\n');
    expect(code).toBe(42);
  });

  it('drives an interactive tty session with resize', async () => {
    const s = await exec(pod, 'web', ['sh'], { stdin: true, tty: true }, registry);
    let screen = '';
    s.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    await s.resize(100, 30);
    s.stdin?.write('stty size; echo marker-$((6*7))\n');
    await waitFor(() => screen.includes('marker-42'), 10_000, 'shell output');
    expect(screen).toContain('30 100');
    s.stdin?.write('exit 7\n');
    expect(await s.exitCode).toBe(7);
  });

  it('forwards a port to the container', async () => {
    const sock = await portForward(pod, 8080, registry);
    sock.end('GET /index.html HTTP/1.0\r\n\r\n');
    const res = await readAll(sock);
    expect(res).toMatch(/^HTTP\/1\.[01] 200/);
    expect(res).toContain('served');
  });

  it('serves the API layer through createPodStreamBackend', async () => {
    const backend = createPodStreamBackend(env.client, registry);
    const s = await backend.exec('default', 'shell', { command: ['cat', '/www/index.html'], stdin: false, tty: false });
    expect(await readAll(s.stdout)).toBe('served\n');
    const missing = await backend.logs('default', 'nope', { follow: false, previous: false, timestamps: false }).catch((e: unknown) => e);
    expect(isApiError(missing, 404)).toBe(true);
    await env.client.create<Pod>(GVR.pods, 'default', { metadata: { name: 'elsewhere' }, spec: { nodeName: 'other-node', containers: [{ name: 'c' }] } });
    const other = await backend.logs('default', 'elsewhere', { follow: false, previous: false, timestamps: false }).catch((e: unknown) => e);
    expect((other as Error).message).toBe('no kubelet is running for node other-node');
  });
});
