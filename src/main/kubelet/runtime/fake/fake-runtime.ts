/**
 * FakeRuntime: an in-memory Runtime for hollow nodes (scale benchmarks, as
 * kubemark does) and for unit tests of the kubelet without Docker. Containers
 * "run" until stopped; a command starting with `false` exits at once with 1,
 * `true` with 0 (enough to drive restart logic). Sandboxes get IPs from
 * 10.250.0.0/16. Images are present unless listed in `missingImages`.
 */
import { randomBytes } from 'node:crypto';
import { Duplex, PassThrough, type Readable } from 'node:stream';
import type {
  ContainerConfig,
  ContainerFilter,
  ContainerInfo,
  ContainerStats,
  ExecOptions,
  ExecSession,
  ImageInfo,
  Labels,
  LogOptions,
  PullProgress,
  Runtime,
  RuntimeEvent,
  RuntimeEventType,
  RuntimeInfo,
  RuntimeVersion,
  SandboxConfig,
  SandboxInfo,
  UsageSample,
} from '../types';

/** How many calls a FakeRuntime remembers; tests see far fewer. */
const CALLS_KEPT = 1000;

interface FakeContainer extends ContainerInfo {
  sandbox: boolean;
  ip?: string;
  command: string[];
  logs: string[];
}

/** FakeRuntime keeps containers in memory; see the file comment for its conventions. */
export class FakeRuntime implements Runtime {
  readonly endpoint = 'fake://';
  readonly containers = new Map<string, FakeContainer>();
  readonly missingImages = new Set<string>();
  /** Pulls of these images fail with this message. */
  readonly pullErrors = new Map<string, string>();
  private nextIp = 2;
  private listeners = new Set<{ filter: Labels; fn: (ev: RuntimeEvent) => void }>();
  /** Calls made, for assertions ("create", "start", "stop", "remove", "pull"); at most the latest CALLS_KEPT. */
  readonly calls: string[] = [];

  constructor(private readonly infoValue: Partial<RuntimeInfo> = {}) {}

  /** record notes a call, dropping the oldest beyond CALLS_KEPT: hollow nodes run for days (npm run soak). */
  private record(call: string): void {
    this.calls.push(call);
    if (this.calls.length > CALLS_KEPT) this.calls.splice(0, this.calls.length - CALLS_KEPT / 2);
  }

  /** down makes every call that checks the engine fail, as a stopped Docker would. */
  down = false;

  async version(): Promise<RuntimeVersion> {
    if (this.down) throw Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    return { name: 'fake', version: '1.0.0', apiVersion: '1.41' };
  }

  async info(): Promise<RuntimeInfo> {
    return { cpus: 4, memoryBytes: 8 * 2 ** 30, os: 'Fake OS', osType: 'linux', architecture: 'x86_64', kernelVersion: '6.0.0-fake', serverVersion: '1.0.0', name: 'fake', ...this.infoValue };
  }

  private emit(type: RuntimeEventType, c: FakeContainer, exitCode?: number): void {
    for (const l of this.listeners) {
      if (Object.entries(l.filter).every(([k, v]) => c.labels[k] === v)) {
        const ev: RuntimeEvent = { type, containerId: c.id, labels: c.labels, time: Date.now() };
        if (exitCode !== undefined) ev.exitCode = exitCode;
        queueMicrotask(() => l.fn(ev));
      }
    }
  }

  private add(name: string, image: string, labels: Labels, sandbox: boolean, command: string[]): FakeContainer {
    if ([...this.containers.values()].some((c) => c.name === name)) throw Object.assign(new Error(`Conflict. The container name "/${name}" is already in use`), { statusCode: 409 });
    const c: FakeContainer = { id: randomBytes(32).toString('hex'), name, labels, image, imageId: `sha256:${Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64)}`, state: 'created', createdAt: new Date().toISOString(), sandbox, command, logs: [] };
    this.containers.set(c.id, c);
    this.record(`create ${name}`);
    this.emit('create', c);
    return c;
  }

  private get(id: string): FakeContainer {
    const c = this.containers.get(id) ?? [...this.containers.values()].find((x) => x.name === id);
    if (!c) throw Object.assign(new Error(`No such container: ${id}`), { statusCode: 404 });
    return c;
  }

  async createSandbox(cfg: SandboxConfig): Promise<string> {
    return this.add(cfg.name, cfg.image, cfg.labels, true, []).id;
  }

  async startSandbox(id: string): Promise<void> {
    const c = this.get(id);
    c.ip = `10.250.${Math.floor(this.nextIp / 256)}.${this.nextIp % 256}`;
    this.nextIp++;
    await this.startContainer(id);
  }

  stopSandbox(id: string, graceSeconds: number): Promise<void> {
    return this.stopContainer(id, graceSeconds);
  }

  removeSandbox(id: string): Promise<void> {
    return this.removeContainer(id);
  }

  async inspectSandbox(id: string): Promise<SandboxInfo | undefined> {
    const c = this.containers.get(id);
    if (!c) return undefined;
    const info: SandboxInfo = { ...this.snapshot(c), publishedPorts: [] };
    if (c.ip && c.state === 'running') info.ip = c.ip;
    return info;
  }

  async createContainer(cfg: ContainerConfig): Promise<string> {
    if (this.missingImages.has(cfg.image)) throw Object.assign(new Error(`No such image: ${cfg.image}`), { statusCode: 404 });
    return this.add(cfg.name, cfg.image, cfg.labels, false, [...(cfg.entrypoint ?? []), ...(cfg.cmd ?? [])]).id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.get(id);
    if (c.state === 'running') return;
    c.state = 'running';
    c.startedAt = new Date().toISOString();
    this.record(`start ${c.name}`);
    this.emit('start', c);
    const first = c.command[0];
    if (first === 'false' || first === 'true') this.exit(c, first === 'true' ? 0 : 1);
  }

  /** exit makes a running container exit with a code (as if its process ended). */
  exit(c: FakeContainer | string, code: number): void {
    const x = typeof c === 'string' ? this.get(c) : c;
    if (x.state !== 'running') return;
    x.state = 'exited';
    x.exitCode = code;
    x.finishedAt = new Date().toISOString();
    this.emit('die', x, code);
  }

  async stopContainer(id: string, _graceSeconds: number): Promise<void> {
    const c = this.containers.get(id);
    if (!c || c.state !== 'running') return;
    this.record(`stop ${c.name}`);
    this.exit(c, 137);
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id) ?? [...this.containers.values()].find((x) => x.name === id);
    if (!c) return;
    this.containers.delete(c.id);
    this.record(`remove ${c.name}`);
    this.emit('destroy', c);
  }

  private snapshot(c: FakeContainer): ContainerInfo {
    const { sandbox: _s, ip: _i, command: _c, logs: _l, ...info } = c;
    return { ...info, labels: { ...info.labels } };
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    const c = this.containers.get(id);
    return c ? this.snapshot(c) : undefined;
  }

  async listContainers(filter: ContainerFilter): Promise<ContainerInfo[]> {
    return [...this.containers.values()]
      .filter((c) => (filter.all ?? true) || c.state === 'running')
      .filter((c) => Object.entries(filter.labels).every(([k, v]) => c.labels[k] === v))
      .map((c) => this.snapshot(c));
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    if (this.missingImages.has(ref)) return undefined;
    return { id: `sha256:${Buffer.from(ref).toString('hex').padEnd(64, '0').slice(0, 64)}`, repoTags: [ref], repoDigests: [], size: 1 };
  }

  async pullImage(ref: string, onProgress?: (p: PullProgress) => void): Promise<void> {
    this.record(`pull ${ref}`);
    const err = this.pullErrors.get(ref);
    if (err) throw new Error(err);
    onProgress?.({ image: ref, fraction: 1, currentBytes: 1, totalBytes: 1, layersDone: 1, layersTotal: 1, status: 'Download complete' });
    this.missingImages.delete(ref);
  }

  async ensureVolume(): Promise<void> {}
  async removeVolume(): Promise<void> {}
  async removeVolumes(): Promise<void> {}

  async exec(_containerId: string, opts: ExecOptions): Promise<ExecSession> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.end();
    stderr.end();
    const code = opts.command[0] === 'false' ? 1 : 0;
    return { stdin: opts.stdin ? new PassThrough() : null, stdout, stderr, resize: async () => {}, exitCode: Promise.resolve(code) };
  }

  async logs(containerId: string, _opts: LogOptions): Promise<Readable> {
    const c = this.get(containerId);
    const s = new PassThrough();
    s.end(c.logs.join(''));
    return s;
  }

  async portForward(): Promise<Duplex> {
    const p = new PassThrough();
    return Duplex.from({ readable: p, writable: new PassThrough() });
  }

  async stats(): Promise<ContainerStats> {
    return { cpuCores: 0, memoryBytes: 0, memoryLimitBytes: 0 };
  }

  /** Open stats streams by container id (tests push readings with emitUsage). */
  readonly statsStreams = new Map<string, { onSample: (s: UsageSample) => void; onEnd: () => void }>();

  async statsStream(containerId: string, onSample: (s: UsageSample) => void, onEnd: () => void): Promise<() => void> {
    this.statsStreams.set(containerId, { onSample, onEnd });
    return () => this.statsStreams.delete(containerId);
  }

  /** emitUsage delivers a reading to a container's open stats stream. */
  emitUsage(containerId: string, s: UsageSample): void {
    this.statsStreams.get(containerId)?.onSample(s);
  }

  async events(filter: Labels, onEvent: (ev: RuntimeEvent) => void): Promise<() => void> {
    const l = { filter, fn: onEvent };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
