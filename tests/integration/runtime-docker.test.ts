/**
 * The Docker runtime against the real engine: sandbox + app container on the
 * kubedeck network, exec with exit codes, logs (tail, timestamps, follow),
 * port-forward into the pod's network namespace, events, limits, image pulls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import type { RuntimeEvent } from '../../src/main/kubelet/runtime/types';
import { cleanupByLabel, connectTestRuntime, readAll, TEST_LABEL, testRunId, waitFor } from '../../src/main/kubelet/testing/docker-env';

const run = testRunId();
let rt: DockerRuntime;

beforeAll(async () => {
  rt = await connectTestRuntime();
});

afterAll(async () => {
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
});

describe('DockerRuntime', () => {
  it('reports version and info', async () => {
    const v = await rt.version();
    expect(v.version).not.toBe('');
    const i = await rt.info();
    expect(i.cpus).toBeGreaterThan(0);
    expect(i.memoryBytes).toBeGreaterThan(0);
  });

  it('runs a sandbox and a joined container: IP, hostname, ports, exec, logs, port-forward, events', async () => {
    const events: RuntimeEvent[] = [];
    const stopEvents = await rt.events({ [TEST_LABEL]: run }, (e) => events.push(e), () => undefined);
    const labels = { [TEST_LABEL]: run };
    const sid = await rt.createSandbox({
      name: `kdtest_POD_${run}`,
      labels,
      hostname: `web-${run}`,
      dnsSearch: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      ports: [{ containerPort: 8080, protocol: 'TCP', hostIP: '127.0.0.1' }],
      image: 'kubedeck/pause:3.10',
    });
    await rt.startSandbox(sid);
    const sb = await rt.inspectSandbox(sid);
    expect(sb?.state).toBe('running');
    expect(sb?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const net = await rt.clusterNetwork();
    expect(net.subnet).not.toBe('');
    expect(sb?.publishedPorts[0]).toMatchObject({ containerPort: 8080, hostIP: '127.0.0.1' });
    expect(sb?.publishedPorts[0]?.hostPort).toBeGreaterThan(0);

    await rt.ensureVolume(`kdtest-${run}-www`, labels);
    const cid = await rt.createContainer({
      name: `kdtest_web_${run}`,
      sandboxId: sid,
      image: 'kubedeck/busybox:latest',
      entrypoint: ['sh', '-c'],
      cmd: ['echo hello; echo oops >&2; echo hi > /www/index.html; httpd -f -p 8080 -h /www'],
      env: [{ name: 'FOO', value: 'bar' }],
      workingDir: '/tmp',
      mounts: [{ volume: `kdtest-${run}-www`, containerPath: '/www', readOnly: false }],
      labels,
      cpuLimit: 0.5,
      memoryLimit: 64 * 2 ** 20,
      tty: false,
      stdin: false,
    });
    await rt.startContainer(cid);
    const raw = await rt.docker.getContainer(cid).inspect();
    expect(raw.HostConfig.NanoCpus).toBe(5e8);
    expect(raw.HostConfig.Memory).toBe(64 * 2 ** 20);

    // exec: output, env, hostname from the sandbox, exit code.
    const ex = await rt.exec(cid, { command: ['sh', '-c', 'echo $FOO $(hostname) $(pwd); exit 3'], stdin: false, tty: false });
    const [out, code] = await Promise.all([readAll(ex.stdout), ex.exitCode]);
    expect(out.trim()).toBe(`bar web-${run} /tmp`);
    expect(code).toBe(3);

    // DNS search from the sandbox.
    const ex2 = await rt.exec(cid, { command: ['cat', '/etc/resolv.conf'], stdin: false, tty: false });
    expect(await readAll(ex2.stdout)).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');

    // stdin to exec.
    const ex3 = await rt.exec(cid, { command: ['sh', '-c', 'read x; echo got:$x'], stdin: true, tty: false });
    ex3.stdin?.end('ping\n');
    expect((await readAll(ex3.stdout)).trim()).toBe('got:ping');
    expect(await ex3.exitCode).toBe(0);

    // logs: merged streams, tail, timestamps.
    await waitFor(async () => (await readAll(await rt.logs(cid, { follow: false, timestamps: false }))).includes('oops'), 10_000, 'logs');
    const all = await readAll(await rt.logs(cid, { follow: false, timestamps: false }));
    // stdout and stderr are separate pipes: their relative order is not guaranteed.
    expect(all.split('\n').filter(Boolean).sort()).toEqual(['hello', 'oops']);
    const tail = await readAll(await rt.logs(cid, { follow: false, timestamps: false, tail: 1 }));
    expect(tail.split('\n').filter(Boolean)).toHaveLength(1);
    expect(all.endsWith(tail)).toBe(true);
    const ts = await readAll(await rt.logs(cid, { follow: false, timestamps: true }));
    expect(ts.split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (hello|oops)$/);

    // port-forward into the pod's namespace reaches httpd.
    const body = await waitFor(async () => {
      const s = await rt.portForward(sid, 8080);
      s.end('GET /index.html HTTP/1.0\r\n\r\n');
      const text = await readAll(s);
      return text.includes('hi') ? text : undefined;
    }, 10_000, 'port-forward');
    expect(body).toMatch(/^HTTP\/1\.[01] 200/);

    // The fallback for engines whose pod IPs the host cannot reach: a helper container in the pod's netns.
    const { DockerRuntime } = await import('../../src/main/kubelet/runtime/docker/docker-runtime');
    const viaHelper = new DockerRuntime(rt.docker, { endpoint: rt.endpoint, podIPReachable: false });
    const relayed = await waitFor(async () => {
      const s = await viaHelper.portForward(sid, 8080);
      s.end('GET /index.html HTTP/1.0\r\n\r\n');
      const text = await readAll(s);
      return text.includes('hi') ? text : undefined;
    }, 15_000, 'port-forward through the helper');
    expect(relayed).toMatch(/^HTTP\/1\.[01] 200/);

    // stats of a running container.
    const st = await rt.stats(cid);
    expect(st.memoryBytes).toBeGreaterThan(0);
    expect(st.memoryLimitBytes).toBe(64 * 2 ** 20);

    // stop → die event.
    await rt.stopContainer(cid, 1);
    const info = await rt.inspectContainer(cid);
    expect(info?.state).toBe('exited');
    await waitFor(() => events.some((e) => e.type === 'die' && e.containerId === cid), 10_000, 'die event');
    expect(events.some((e) => e.type === 'start' && e.containerId === sid)).toBe(true);
    stopEvents();

    const listed = await rt.listContainers({ labels });
    expect(listed.map((c) => c.id).sort()).toEqual([sid, cid].sort());
  });

  it('follows logs until the container exits', async () => {
    const labels = { [TEST_LABEL]: run };
    const sid = await rt.createSandbox({ name: `kdtest_POD2_${run}`, labels, hostname: 'f', dnsSearch: [], ports: [], image: 'kubedeck/pause:3.10' });
    await rt.startSandbox(sid);
    const cid = await rt.createContainer({
      name: `kdtest_follow_${run}`,
      sandboxId: sid,
      image: 'kubedeck/busybox:latest',
      entrypoint: ['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.2; done'],
      env: [],
      mounts: [],
      labels,
      tty: false,
      stdin: false,
    });
    await rt.startContainer(cid);
    const text = await readAll(await rt.logs(cid, { follow: true, timestamps: false }));
    expect(text).toBe('line1\nline2\nline3\n');
    const info = await waitFor(async () => {
      const i = await rt.inspectContainer(cid);
      return i?.state === 'exited' ? i : undefined;
    });
    expect(info.exitCode).toBe(0);
  });

  it('inspects local images and reports a failed pull with the registry message', async () => {
    expect(await rt.inspectImage('kubedeck/busybox:latest')).toBeDefined();
    expect(await rt.inspectImage(`kubedeck.invalid/nope-${run}:1`)).toBeUndefined();
    await expect(rt.pullImage(`kubedeck.invalid/nope-${run}:1`)).rejects.toThrow(/kubedeck\.invalid/);
  });
});
