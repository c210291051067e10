/**
 * The kubelet's link to its container engine, and what the node says about
 * it. The engine can be missing at start (no Docker installed or started) or
 * go away later (dockerd stopped or restarted): either way the kubelet keeps
 * running, the node reports Ready=False with reason
 * ContainerRuntimeUnreachable and a message naming the endpoint and how to
 * start Docker, and a reconnect loop (cockatiel exponential back-off) pings
 * the engine until it answers; then `onUp` runs (the kubelet resyncs every
 * pod, recreating what the engine lost).
 */
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { RuntimeHealth } from './node-status';
import { DockerUnreachableError } from '../docker/endpoint';
import type { Runtime } from './runtime/types';
import { NODE_REASON_RUNTIME_UNREACHABLE } from '../../shared/api/core';

export const REASON_RUNTIME_UNREACHABLE = NODE_REASON_RUNTIME_UNREACHABLE;
export const START_DOCKER_HINT = 'start Docker (e.g. `sudo systemctl start docker` or `dockerd`)';

export interface RuntimeConnectionOptions {
  /** Connects to the engine (may throw DockerUnreachableError); called again until it succeeds. */
  connect: () => Promise<Runtime>;
  /** The engine answered (first time, or again after being unreachable). */
  onUp: (rt: Runtime, health: RuntimeHealth) => Promise<void> | void;
  /** The engine stopped answering (health holds why). */
  onDown: (health: RuntimeHealth) => void;
  /** Reconnect back-off (ms). */
  reconnect?: { initialMs: number; maxMs: number };
  log: (msg: string) => void;
}

/** unreachableMessage says plainly which engine did not answer, what it said, and how to start one. */
export function unreachableMessage(err: unknown, endpoint: string | undefined): string {
  if (err instanceof DockerUnreachableError) {
    const tried = err.attempts.map((a) => `${a.url} (${a.source}: ${a.error})`).join('; ');
    return `cannot reach a Docker engine (tried ${tried}) — ${START_DOCKER_HINT}, or set DOCKER_HOST`;
  }
  const e = err as NodeJS.ErrnoException;
  const what = e?.message ?? String(err);
  return `cannot reach the Docker engine at ${endpoint ?? 'its endpoint'}: ${what} — ${START_DOCKER_HINT}`;
}

/** RuntimeConnection keeps one engine connection and its health. */
export class RuntimeConnection {
  private rt: Runtime | undefined;
  private healthNow: RuntimeHealth = { ready: false, reason: REASON_RUNTIME_UNREACHABLE, message: 'connecting to the container engine' };
  private reconnecting: AbortController | undefined;
  private stopped = false;
  private loggedMessage: string | undefined;

  constructor(private readonly opts: RuntimeConnectionOptions) {}

  get runtime(): Runtime | undefined {
    return this.healthNow.ready ? this.rt : undefined;
  }

  /** lastRuntime is the last engine connected, reachable or not (for its endpoint and labels). */
  get lastRuntime(): Runtime | undefined {
    return this.rt;
  }

  get health(): RuntimeHealth {
    return this.healthNow;
  }

  /** connect tries once; on failure the node is marked unreachable and the reconnect loop starts. */
  async connect(): Promise<void> {
    this.stopped = false;
    if (await this.tryOnce()) return;
    this.startReconnect();
  }

  /** check pings the engine (each heartbeat, and after a sync failed): a failure starts the reconnect loop. */
  async check(): Promise<void> {
    if (this.stopped || this.reconnecting) return;
    if (!this.rt) return this.startReconnect();
    try {
      await this.rt.version();
    } catch (err) {
      if (this.reconnecting || this.stopped) return;
      this.down(err);
      this.startReconnect();
    }
  }

  /** stop ends the reconnect loop. */
  stop(): void {
    this.stopped = true;
    this.reconnecting?.abort();
    this.reconnecting = undefined;
  }

  private down(err: unknown): void {
    const message = unreachableMessage(err, this.rt?.endpoint);
    // Said once per cause, not once per reconnect attempt.
    if (message !== this.loggedMessage) this.opts.log(`container runtime unreachable: ${message}`);
    this.loggedMessage = message;
    this.healthNow = { ...this.healthNow, ready: false, reason: REASON_RUNTIME_UNREACHABLE, message };
    this.opts.onDown(this.healthNow);
  }

  /** tryOnce connects (if needed) and asks the engine who it is; true when it answered. */
  private async tryOnce(): Promise<boolean> {
    let rt: Runtime;
    try {
      rt = this.rt ?? (await this.opts.connect());
    } catch (err) {
      this.down(err);
      return false;
    }
    this.rt = rt;
    try {
      const [info, version] = await Promise.all([rt.info(), rt.version()]);
      if (this.stopped) return false;
      this.healthNow = { ready: true, info, version };
      this.loggedMessage = undefined;
    } catch (err) {
      this.down(err);
      return false;
    }
    await this.opts.onUp(rt, this.healthNow);
    return true;
  }

  private startReconnect(): void {
    if (this.reconnecting || this.stopped) return;
    const ac = new AbortController();
    this.reconnecting = ac;
    const r = this.opts.reconnect ?? { initialMs: 500, maxMs: 10_000 };
    // Unref'd: a pending retry delay must not keep a stopping process alive (the abort is seen after it).
    const policy = retry(handleAll, { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: new ExponentialBackoff({ initialDelay: r.initialMs, maxDelay: r.maxMs }) }).dangerouslyUnref();
    void policy
      .execute(async ({ signal }) => {
        if (signal.aborted) return;
        if (!(await this.tryOnce())) throw new Error('container engine still unreachable');
      }, ac.signal)
      .catch(() => undefined)
      .finally(() => {
        if (this.reconnecting === ac) this.reconnecting = undefined;
      });
  }
}
