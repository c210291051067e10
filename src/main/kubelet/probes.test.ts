import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePort, runHandler, withProbeDefaults, type ProbeTarget } from './probes';
import { FakeRuntime } from './runtime/fake/fake-runtime';

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.statusCode = req.url === '/ok' ? 200 : 503;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
});

const target = (): ProbeTarget => ({ runtime: new FakeRuntime(), containerId: 'x', container: { name: 'c', ports: [{ name: 'http', containerPort: port }] }, podIP: '127.0.0.1', hostCanReachPodIP: true });

describe('probes', () => {
  it('applies Kubernetes defaults', () => {
    expect(withProbeDefaults({ exec: { command: ['true'] } }, 'readiness')).toMatchObject({ initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    // Liveness and startup successThreshold must be 1 whatever is written.
    expect(withProbeDefaults({ successThreshold: 3, periodSeconds: 2 }, 'liveness')).toMatchObject({ successThreshold: 1, periodSeconds: 2 });
    expect(withProbeDefaults({ successThreshold: 3 }, 'readiness').successThreshold).toBe(3);
  });

  it('resolves named ports', () => {
    expect(resolvePort('http', { name: 'c', ports: [{ name: 'http', containerPort: 8080 }] })).toBe(8080);
    expect(resolvePort(80, { name: 'c' })).toBe(80);
    expect(() => resolvePort('nope', { name: 'c' })).toThrow('port "nope" not found');
  });

  it('httpGet: 2xx/3xx succeed, others fail with the status code', async () => {
    const t = target();
    expect(await runHandler({ httpGet: { path: '/ok', port: 'http' } }, t, 1000)).toEqual({ ok: true, message: '' });
    expect(await runHandler({ httpGet: { path: '/bad', port } }, t, 1000)).toEqual({ ok: false, message: 'HTTP probe failed with statuscode: 503' });
  });

  it('tcpSocket: open succeeds, closed fails with connection refused', async () => {
    const t = target();
    expect((await runHandler({ tcpSocket: { port } }, t, 1000)).ok).toBe(true);
    const closed = await runHandler({ tcpSocket: { port: 1 } }, t, 1000);
    expect(closed.ok).toBe(false);
    expect(closed.message).toContain('connection refused');
  });

  it('exec: exit code decides', async () => {
    const t = target();
    expect((await runHandler({ exec: { command: ['true'] } }, t, 1000)).ok).toBe(true);
    expect((await runHandler({ exec: { command: ['false'] } }, t, 1000)).ok).toBe(false);
  });
});
