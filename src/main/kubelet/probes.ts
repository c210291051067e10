/**
 * Liveness, readiness and startup probes with Kubernetes' fields and defaults.
 * exec runs in the container through the runtime; httpGet and tcpSocket dial
 * the pod IP from the host (on Linux the kubedeck bridge is routable). Where
 * the pod IP is not reachable (Docker Desktop, remote engines) they fall back
 * to running `wget`/`nc` inside the target container, which shares the pod's
 * network namespace (so the container image needs them — busybox has both).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Container, HTTPGetAction, Probe, TCPSocketAction } from '../../shared/api/core';
import type { Runtime } from './runtime/types';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

export interface ResolvedProbe {
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
  handler: Pick<Probe, 'exec' | 'httpGet' | 'tcpSocket'>;
}

/** withProbeDefaults applies Kubernetes' defaults: period 10, timeout 1, success 1, failure 3, delay 0 (liveness/startup success is always 1). */
export function withProbeDefaults(p: Probe, type: ProbeType): ResolvedProbe {
  const handler: ResolvedProbe['handler'] = {};
  if (p.exec) handler.exec = p.exec;
  if (p.httpGet) handler.httpGet = p.httpGet;
  if (p.tcpSocket) handler.tcpSocket = p.tcpSocket;
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    timeoutSeconds: p.timeoutSeconds || 1,
    periodSeconds: p.periodSeconds || 10,
    successThreshold: type === 'readiness' ? p.successThreshold || 1 : 1,
    failureThreshold: p.failureThreshold || 3,
    handler,
  };
}

/** resolvePort turns a numeric or named port into a number using the container's declared ports. */
export function resolvePort(port: number | string, c: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const found = c.ports?.find((p) => p.name === port);
  if (!found) throw new Error(`port "${port}" not found in container ${c.name}`);
  return found.containerPort;
}

export interface ProbeOutcome {
  ok: boolean;
  message: string;
}

export interface ProbeTarget {
  runtime: Runtime;
  containerId: string;
  container: Container;
  podIP?: string;
  /** Dial the pod IP from the host (false → run wget/nc inside the container). */
  hostCanReachPodIP: boolean;
}

function httpProbe(a: HTTPGetAction, host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  const lib = a.scheme === 'HTTPS' ? https : http;
  const path = a.path ?? '/';
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
    for (const h of a.httpHeaders ?? []) headers[h.name] = h.value;
    const req = lib.request({ host, port, path, method: 'GET', headers, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(code >= 200 && code < 400 ? { ok: true, message: '' } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` });
    });
    req.on('timeout', () => req.destroy(new Error(`Get "http://${host}:${port}${path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)));
    req.on('error', (err) => resolve({ ok: false, message: err.message.startsWith('Get "') ? err.message : `Get "http://${host}:${port}${path}": ${err.message}` }));
    req.end();
  });
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve({ ok: true, message: '' });
    });
    s.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `dial tcp ${host}:${port}: ${(err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message}` });
    });
  });
}

async function execProbe(t: ProbeTarget, command: string[], timeoutMs: number): Promise<ProbeOutcome> {
  const s = await t.runtime.exec(t.containerId, { command, stdin: false, tty: false });
  let out = '';
  s.stdout.on('data', (d: Buffer) => (out += d.toString()));
  s.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), timeoutMs)));
  const code = await Promise.race([s.exitCode, timeout]);
  clearTimeout(timer);
  if (code === -1) return { ok: false, message: `command ${JSON.stringify(command)} timed out` };
  return code === 0 ? { ok: true, message: '' } : { ok: false, message: out.trim() || `command ${JSON.stringify(command)} exited with ${code}` };
}

/** runHandler executes one probe (or lifecycle) handler against a container. */
export async function runHandler(handler: ResolvedProbe['handler'], t: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    if (handler.exec?.command?.length) return await execProbe(t, handler.exec.command, timeoutMs);
    if (handler.httpGet) {
      const port = resolvePort(handler.httpGet.port, t.container);
      if (t.hostCanReachPodIP || handler.httpGet.host) return await httpProbe(handler.httpGet, handler.httpGet.host ?? t.podIP ?? '127.0.0.1', port, timeoutMs);
      // No -T: busybox builds differ on it; execProbe enforces the timeout.
      return await execProbe(t, ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${port}${handler.httpGet.path ?? '/'}`], timeoutMs + 500);
    }
    if (handler.tcpSocket) {
      const a: TCPSocketAction = handler.tcpSocket;
      const port = resolvePort(a.port, t.container);
      if (t.hostCanReachPodIP || a.host) return await tcpProbe(a.host ?? t.podIP ?? '127.0.0.1', port, timeoutMs);
      // busybox nc has no -z: connect with stdin at EOF, which exits 0 once connected.
      return await execProbe(t, ['sh', '-c', `nc -w ${Math.ceil(timeoutMs / 1000)} 127.0.0.1 ${port} </dev/null >/dev/null`], timeoutMs + 500);
    }
    return { ok: false, message: 'probe has no handler' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

interface Worker {
  containerId: string;
  probe: ResolvedProbe;
  type: ProbeType;
  timer?: NodeJS.Timeout;
  result: boolean;
  successes: number;
  failures: number;
  lastMessage: string;
  stopped: boolean;
}

export interface ProbeChange {
  podUid: string;
  container: string;
  type: ProbeType;
  result: boolean;
  message: string;
}

/**
 * ProbeManager runs one timer loop per (pod, container, probe type), bound to
 * a container ID: a new container instance starts with fresh results
 * (readiness false, liveness true, startup false).
 */
export class ProbeManager {
  private readonly workers = new Map<string, Worker>();

  constructor(private readonly onChange: (c: ProbeChange) => void) {}

  private key(uid: string, container: string, type: ProbeType): string {
    return `${uid}/${container}/${type}`;
  }

  /** ensure starts (or keeps) the probe workers of a running container. */
  ensure(uid: string, container: Container, containerId: string, startedAtMs: number, target: () => ProbeTarget | undefined): void {
    const probes: [ProbeType, Probe | undefined][] = [
      ['startup', container.startupProbe],
      ['liveness', container.livenessProbe],
      ['readiness', container.readinessProbe],
    ];
    for (const [type, p] of probes) {
      if (!p) continue;
      const k = this.key(uid, container.name, type);
      const existing = this.workers.get(k);
      if (existing && existing.containerId === containerId) continue;
      if (existing) this.stopWorker(k);
      const w: Worker = {
        containerId,
        probe: withProbeDefaults(p, type),
        type,
        result: type === 'liveness',
        successes: 0,
        failures: 0,
        lastMessage: '',
        stopped: false,
      };
      this.workers.set(k, w);
      const delay = Math.max(0, startedAtMs + w.probe.initialDelaySeconds * 1000 - Date.now());
      w.timer = setTimeout(() => void this.tick(uid, container.name, k, w, target), delay);
    }
  }

  private async tick(uid: string, cname: string, k: string, w: Worker, target: () => ProbeTarget | undefined): Promise<void> {
    if (w.stopped) return;
    const started = this.result(uid, cname, 'startup', w.containerId);
    // Liveness and readiness wait for the startup probe to succeed.
    const gated = w.type !== 'startup' && started === false;
    const t = target();
    if (!gated && t && t.containerId === w.containerId) {
      const out = await runHandler(w.probe.handler, t, w.probe.timeoutSeconds * 1000);
      if (w.stopped) return;
      if (out.ok) {
        w.successes++;
        w.failures = 0;
      } else {
        w.failures++;
        w.successes = 0;
        w.lastMessage = out.message;
      }
      let flipped = false;
      if (!w.result && out.ok && w.successes >= w.probe.successThreshold) {
        w.result = true;
        flipped = true;
      } else if (!out.ok && w.failures >= w.probe.failureThreshold && (w.result || w.type !== 'readiness')) {
        // Startup and liveness report every threshold crossing (each means a restart is due).
        flipped = w.result || w.failures === w.probe.failureThreshold;
        w.result = false;
      }
      if (!out.ok) this.onChange({ podUid: uid, container: cname, type: w.type, result: w.result, message: out.message });
      else if (flipped) this.onChange({ podUid: uid, container: cname, type: w.type, result: w.result, message: '' });
      // Startup probing stops once it has succeeded.
      if (w.type === 'startup' && w.result) return;
    }
    if (!w.stopped) w.timer = setTimeout(() => void this.tick(uid, cname, k, w, target), w.probe.periodSeconds * 1000);
  }

  /** result returns a probe's current result for a container instance, undefined when it has no such probe. */
  result(uid: string, container: string, type: ProbeType, containerId: string): boolean | undefined {
    const w = this.workers.get(this.key(uid, container, type));
    if (!w) return undefined;
    return w.containerId === containerId ? w.result : type === 'liveness';
  }

  /** failed reports that a liveness/startup probe crossed its failure threshold for this container instance (a restart is due). */
  failed(uid: string, container: string, type: ProbeType, containerId: string): boolean {
    const w = this.workers.get(this.key(uid, container, type));
    return !!w && w.containerId === containerId && w.failures >= w.probe.failureThreshold;
  }

  /** failureMessage is the last failure text of a probe (for the Unhealthy event / kill reason). */
  failureMessage(uid: string, container: string, type: ProbeType): string {
    return this.workers.get(this.key(uid, container, type))?.lastMessage ?? '';
  }

  private stopWorker(k: string): void {
    const w = this.workers.get(k);
    if (!w) return;
    w.stopped = true;
    clearTimeout(w.timer);
    this.workers.delete(k);
  }

  /** removeContainer stops the probes of one container. */
  removeContainer(uid: string, container: string): void {
    for (const t of ['startup', 'liveness', 'readiness'] as const) this.stopWorker(this.key(uid, container, t));
  }

  /** removePod stops every probe of a pod. */
  removePod(uid: string): void {
    for (const k of [...this.workers.keys()]) if (k.startsWith(`${uid}/`)) this.stopWorker(k);
  }

  /** stopAll stops every probe. */
  stopAll(): void {
    for (const k of [...this.workers.keys()]) this.stopWorker(k);
  }
}
