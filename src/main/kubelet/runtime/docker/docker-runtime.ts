/**
 * DockerRuntime: the Runtime contract on a Docker (or Podman) engine through
 * dockerode. Sandboxes are pause containers on the cluster's network that
 * publish the pod's declared ports on 127.0.0.1; app containers join the
 * sandbox's network (and IPC) namespace with `container:<id>`.
 *
 * One runtime belongs to one cluster: every container and volume it creates
 * carries the cluster id label, and every list, event stream and bulk removal
 * is filtered on it, so a kubelet never sees (adopts, removes) the objects of
 * another cluster sharing the engine.
 */
import net from 'node:net';
import { Duplex, PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { clusterNetworkName, DEFAULT_CLUSTER_ID, LABEL_CLUSTER } from '../../../cluster/identity';
import { attachContainer, type AttachSession } from './attach';
import { ensureClusterNetwork, type ClusterNetwork } from '../../../docker/network';
import { onJsonLines } from './json-lines';
import { PullTracker, type PullMessage } from './pull-progress';
import { usageOfFrame, type DockerStatsFrame } from './stats-frame';
import { demuxBuffer, demuxMerged, FrameSplitter } from './stream-demux';
import type {
  ContainerConfig,
  ContainerFilter,
  ContainerInfo,
  ContainerRunState,
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

export interface DockerRuntimeOptions {
  /** Human-readable endpoint for messages (e.g. unix:///var/run/docker.sock). */
  endpoint: string;
  /** The cluster this runtime works for (labels and filters); default 'default'. */
  clusterId?: string;
  /** The pod network; default the cluster's own, `kubedeck-<cluster id>`. */
  network?: string;
  /** Image for the port-forward fallback helper (needs `nc`). */
  helperImage?: string;
  /** false: never dial pod IPs from the host (Docker Desktop, remote engines); default: try, then fall back. */
  podIPReachable?: boolean;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

/** normalizeImageRef adds `:latest` when a reference names neither tag nor digest (pull would fetch every tag otherwise). */
export function normalizeImageRef(ref: string): string {
  if (ref.includes('@')) return ref;
  const lastSlash = ref.lastIndexOf('/');
  return ref.slice(lastSlash + 1).includes(':') ? ref : `${ref}:latest`;
}

/** toCreateOptions translates a ContainerConfig into Docker's create body (pure; unit-tested). */
export function toCreateOptions(cfg: ContainerConfig): Docker.ContainerCreateOptions {
  const mounts: Docker.MountSettings[] = cfg.mounts.map((m) =>
    m.volume
      ? { Type: 'volume', Source: m.volume, Target: m.containerPath, ReadOnly: m.readOnly }
      : { Type: 'bind', Source: m.hostPath as string, Target: m.containerPath, ReadOnly: m.readOnly },
  );
  const host: Docker.HostConfig = {
    NetworkMode: `container:${cfg.sandboxId}`,
    IpcMode: `container:${cfg.sandboxId}`,
    Mounts: mounts,
    RestartPolicy: { Name: 'no' },
  };
  if (cfg.pidContainerId) host.PidMode = `container:${cfg.pidContainerId}`;
  if (cfg.cpuLimit) host.NanoCpus = Math.round(cfg.cpuLimit * 1e9);
  if (cfg.memoryLimit) host.Memory = Math.round(cfg.memoryLimit);
  const opts: Docker.ContainerCreateOptions = {
    name: cfg.name,
    Image: cfg.image,
    Env: cfg.env.map((e) => `${e.name}=${e.value}`),
    Labels: cfg.labels,
    Tty: cfg.tty,
    OpenStdin: cfg.stdin,
    AttachStdin: false,
    HostConfig: host,
  };
  if (cfg.entrypoint?.length) opts.Entrypoint = cfg.entrypoint;
  if (cfg.cmd?.length) opts.Cmd = cfg.cmd;
  if (cfg.workingDir) opts.WorkingDir = cfg.workingDir;
  return opts;
}

/** toSandboxCreateOptions translates a SandboxConfig into Docker's create body (pure; unit-tested). */
export function toSandboxCreateOptions(cfg: SandboxConfig, network: string): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of cfg.ports) {
    const key = `${p.containerPort}/${p.protocol.toLowerCase()}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIP, HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  return {
    name: cfg.name,
    Image: cfg.image,
    Hostname: cfg.hostname,
    Labels: cfg.labels,
    ExposedPorts: exposed,
    HostConfig: {
      NetworkMode: network,
      PortBindings: bindings,
      DnsSearch: cfg.dnsSearch,
      // As Kubernetes' kubelet: search domains before the bare name. Docker's default (ndots:0) asks
      // the bare name first, and its DNS answers `web` with any container aliased `web` on the
      // network (a pod's hostname), shadowing the Service `web` of the pod's namespace.
      DnsOptions: ['ndots:5'],
      // Shareable IPC so app containers can join it (the pod shares IPC).
      IpcMode: 'shareable',
      RestartPolicy: { Name: 'no' },
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [cfg.hostname, ...(cfg.aliases ?? [])] } } },
  };
}

function runState(s: string | undefined): ContainerRunState {
  switch (s) {
    case 'created':
      return 'created';
    case 'running':
    case 'paused':
    case 'restarting':
      return 'running';
    case 'exited':
    case 'dead':
    case 'removing':
      return 'exited';
    default:
      return 'unknown';
  }
}

function fromInspect(i: Docker.ContainerInspectInfo): ContainerInfo {
  const st = i.State;
  const info: ContainerInfo = {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    labels: i.Config.Labels ?? {},
    image: i.Config.Image,
    imageId: i.Image,
    state: runState(st.Status),
    createdAt: i.Created,
  };
  if (st.StartedAt && st.StartedAt !== ZERO_TIME) info.startedAt = st.StartedAt;
  if (st.FinishedAt && st.FinishedAt !== ZERO_TIME) info.finishedAt = st.FinishedAt;
  if (info.state === 'exited') info.exitCode = st.ExitCode;
  if (st.OOMKilled) info.oomKilled = true;
  if (st.Error) info.error = st.Error;
  return info;
}

function eventType(action: string): RuntimeEventType {
  const a = action.split(':')[0]?.trim();
  switch (a) {
    case 'create':
    case 'start':
    case 'die':
    case 'oom':
    case 'kill':
    case 'stop':
    case 'destroy':
      return a;
    default:
      return 'other';
  }
}

/** DockerRuntime implements Runtime on one Docker engine. */
export class DockerRuntime implements Runtime {
  readonly endpoint: string;
  readonly clusterId: string;
  private readonly network: string;
  private readonly helperImage: string;
  private readonly podIPReachable: boolean;
  private networkInfo?: Promise<ClusterNetwork>;

  constructor(
    readonly docker: Docker,
    opts: DockerRuntimeOptions,
  ) {
    this.endpoint = opts.endpoint;
    this.clusterId = opts.clusterId ?? DEFAULT_CLUSTER_ID;
    this.network = opts.network ?? clusterNetworkName(this.clusterId);
    this.helperImage = opts.helperImage ?? 'kubedeck/busybox:latest';
    this.podIPReachable = opts.podIPReachable ?? true;
  }

  /** clusterNetwork ensures (once) and returns the pod network. */
  clusterNetwork(): Promise<ClusterNetwork> {
    this.networkInfo ??= ensureClusterNetwork(this.docker, this.network, this.clusterId).catch((err: unknown) => {
      this.networkInfo = undefined;
      throw err;
    });
    return this.networkInfo;
  }

  async version(): Promise<RuntimeVersion> {
    const v = await this.docker.version();
    const podman = v.Components?.some((c) => /podman/i.test(c.Name));
    return { name: podman ? 'podman' : 'docker', version: v.Version, apiVersion: v.ApiVersion };
  }

  async info(): Promise<RuntimeInfo> {
    const i = (await this.docker.info()) as Record<string, unknown>;
    return {
      cpus: Number(i.NCPU ?? 1),
      memoryBytes: Number(i.MemTotal ?? 0),
      os: String(i.OperatingSystem ?? ''),
      osType: String(i.OSType ?? 'linux'),
      architecture: String(i.Architecture ?? ''),
      kernelVersion: String(i.KernelVersion ?? ''),
      serverVersion: String(i.ServerVersion ?? ''),
      name: String(i.Name ?? ''),
    };
  }

  /** own adds the cluster label to labels of an object this runtime creates. */
  private own(labels: Labels): Labels {
    return { ...labels, [LABEL_CLUSTER]: this.clusterId };
  }

  /** ownFilter is a Docker label filter for labels, restricted to this cluster's objects. */
  private ownFilter(labels: Labels): string[] {
    return Object.entries(this.own(labels)).map(([k, v]) => `${k}=${v}`);
  }

  async createSandbox(cfg: SandboxConfig): Promise<string> {
    await this.clusterNetwork();
    const c = await this.docker.createContainer(toSandboxCreateOptions({ ...cfg, labels: this.own(cfg.labels) }, this.network));
    return c.id;
  }

  startSandbox(id: string): Promise<void> {
    return this.startContainer(id);
  }

  stopSandbox(id: string, graceSeconds: number): Promise<void> {
    return this.stopContainer(id, graceSeconds);
  }

  removeSandbox(id: string): Promise<void> {
    return this.removeContainer(id);
  }

  async inspectSandbox(id: string): Promise<SandboxInfo | undefined> {
    let raw: Docker.ContainerInspectInfo;
    try {
      raw = await this.docker.getContainer(id).inspect();
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
    const info: SandboxInfo = { ...fromInspect(raw), publishedPorts: [] };
    const ip = raw.NetworkSettings?.Networks?.[this.network]?.IPAddress;
    if (ip) info.ip = ip;
    for (const [key, binds] of Object.entries(raw.NetworkSettings?.Ports ?? {})) {
      const [port, proto] = key.split('/');
      for (const b of binds ?? []) info.publishedPorts.push({ containerPort: Number(port), protocol: (proto ?? 'tcp').toUpperCase(), hostIP: b.HostIp, hostPort: Number(b.HostPort) });
    }
    return info;
  }

  async createContainer(cfg: ContainerConfig): Promise<string> {
    const c = await this.docker.createContainer(toCreateOptions({ ...cfg, labels: this.own(cfg.labels) }));
    return c.id;
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (statusCode(err) === 304) return; // already started
      throw err;
    }
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(graceSeconds)) });
    } catch (err) {
      const code = statusCode(err);
      if (code === 304 || code === 404) return; // already stopped or gone
      throw err;
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true });
    } catch (err) {
      const code = statusCode(err);
      // 409 = removal already in progress.
      if (code === 404 || code === 409) return;
      throw err;
    }
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    try {
      return fromInspect(await this.docker.getContainer(id).inspect());
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
  }

  /** listContainers lists this cluster's containers matching the filter (never another cluster's). */
  async listContainers(filter: ContainerFilter): Promise<ContainerInfo[]> {
    const label = this.ownFilter(filter.labels);
    const summaries = await this.docker.listContainers({ all: filter.all ?? true, filters: { label } });
    const out: ContainerInfo[] = [];
    for (const s of summaries) {
      const info = await this.inspectContainer(s.Id);
      if (info) out.push(info);
    }
    return out;
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    try {
      const i = await this.docker.getImage(ref).inspect();
      return { id: i.Id, repoTags: i.RepoTags ?? [], repoDigests: i.RepoDigests ?? [], size: i.Size };
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
  }

  async pullImage(ref: string, onProgress?: (p: PullProgress) => void): Promise<void> {
    const image = normalizeImageRef(ref);
    const stream = (await this.docker.pull(image)) as NodeJS.ReadableStream;
    const tracker = new PullTracker(image);
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (ev: PullMessage) => onProgress?.(tracker.add(ev)),
      );
    });
  }

  async ensureVolume(name: string, labels: Labels): Promise<void> {
    // Volume create is idempotent in Docker (same name → the existing volume).
    await this.docker.createVolume({ Name: name, Labels: this.own(labels) });
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (err) {
      if (statusCode(err) === 404) return;
      throw err;
    }
  }

  /** removeVolumes removes this cluster's volumes carrying the labels. */
  async removeVolumes(labels: Labels): Promise<void> {
    const label = this.ownFilter(labels);
    const res = await this.docker.listVolumes({ filters: { label } });
    await Promise.all((res.Volumes ?? []).map((v) => this.removeVolume(v.Name).catch(() => undefined)));
  }

  async exec(containerId: string, opts: ExecOptions): Promise<ExecSession> {
    const ex = await this.docker.getContainer(containerId).exec({
      Cmd: opts.command,
      AttachStdin: opts.stdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: opts.tty,
      Env: opts.env,
    });
    const sock = (await ex.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty })) as Duplex;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    if (opts.tty) {
      sock.pipe(stdout);
      sock.on('end', () => stderr.end());
    } else {
      const splitter = new FrameSplitter((s, p) => (s === 2 ? stderr : stdout).write(p));
      sock.on('data', (chunk: Buffer) => splitter.push(chunk));
      sock.on('end', () => {
        stdout.end();
        stderr.end();
      });
    }
    sock.on('error', (err) => stdout.destroy(err));
    const ended = new Promise<void>((resolve) => {
      sock.on('end', resolve);
      sock.on('close', resolve);
      sock.on('error', () => resolve());
    });
    const exitCode = ended.then(async () => {
      // The exec's exit code is recorded a moment after its stream ends.
      for (let i = 0; i < 50; i++) {
        const st = await ex.inspect();
        if (!st.Running && st.ExitCode !== null) return st.ExitCode;
        await new Promise((r) => setTimeout(r, 20));
      }
      return (await ex.inspect()).ExitCode ?? -1;
    });
    let stdin: import('node:stream').Writable | null = null;
    if (opts.stdin) {
      // Ending stdin half-closes the hijacked socket, which closes the process's stdin.
      const w = new PassThrough();
      w.on('data', (d: Buffer) => sock.write(d));
      w.on('end', () => sock.end());
      stdin = w;
    }
    return {
      stdin,
      stdout,
      stderr,
      resize: async (w, h) => {
        await ex.resize({ w, h });
      },
      exitCode,
    };
  }

  attach(containerId: string, opts: { stdin: boolean }): Promise<AttachSession> {
    return attachContainer(this.docker, containerId, opts);
  }

  async logs(containerId: string, opts: LogOptions): Promise<Readable> {
    const c = this.docker.getContainer(containerId);
    const info = await c.inspect();
    // tail 'all' is Docker's "no limit"; the typings only admit numbers.
    const base = { stdout: true, stderr: true, timestamps: opts.timestamps, tail: (opts.tail ?? 'all') as number, since: opts.since ?? 0 };
    if (opts.follow) {
      const raw = (await c.logs({ ...base, follow: true })) as unknown as Readable;
      if (info.Config.Tty) return raw;
      const out = raw.pipe(demuxMerged());
      out.on('close', () => raw.destroy());
      return out;
    }
    const buf = (await c.logs({ ...base, follow: false })) as unknown as Buffer;
    const pt = new PassThrough();
    pt.end(info.Config.Tty ? buf : demuxBuffer(buf));
    return pt;
  }

  /**
   * portForward dials the sandbox's IP directly (Linux: bridge IPs are
   * routable from the host). Where they are not (Docker Desktop, remote
   * engines) it runs a short-lived helper container in the pod's network
   * namespace that relays stdin/stdout to the port with `nc`.
   */
  async portForward(sandboxId: string, port: number): Promise<Duplex> {
    const sb = await this.inspectSandbox(sandboxId);
    if (!sb || sb.state !== 'running') throw new Error(`pod sandbox ${sandboxId.slice(0, 12)} is not running`);
    if (sb.ip && this.podIPReachable) {
      try {
        return await dial(sb.ip, port, 1000);
      } catch (err) {
        // Refused means the address was reachable: the port is simply closed.
        if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') throw err;
      }
    }
    return this.helperRelay(sandboxId, port);
  }

  private async helperRelay(sandboxId: string, port: number): Promise<Duplex> {
    const c = await this.docker.createContainer({
      Image: this.helperImage,
      Cmd: ['nc', '127.0.0.1', String(port)],
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Labels: this.own({ 'kubedeck.helper': 'port-forward' }),
      HostConfig: { NetworkMode: `container:${sandboxId}`, AutoRemove: true },
    });
    const sock = (await c.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
    await c.start();
    const out = new PassThrough();
    const splitter = new FrameSplitter((s, p) => {
      if (s === 1) out.write(p);
    });
    sock.on('data', (d: Buffer) => splitter.push(d));
    sock.on('end', () => out.end());
    return Duplex.from({ readable: out, writable: sock });
  }

  async stats(containerId: string): Promise<ContainerStats> {
    const s = (await this.docker.getContainer(containerId).stats({ stream: false })) as unknown as {
      cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
      precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
      memory_stats: { usage?: number; limit?: number; stats?: { cache?: number; inactive_file?: number } };
    };
    const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
    const sysDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
    const cpus = s.cpu_stats.online_cpus ?? 1;
    const mem = (s.memory_stats.usage ?? 0) - (s.memory_stats.stats?.inactive_file ?? s.memory_stats.stats?.cache ?? 0);
    return {
      cpuCores: sysDelta > 0 ? (cpuDelta / sysDelta) * cpus : 0,
      memoryBytes: Math.max(0, mem),
      memoryLimitBytes: s.memory_stats.limit ?? 0,
    };
  }

  /** statsStream follows Docker's stats stream of one container (a frame about every second). */
  async statsStream(containerId: string, onSample: (s: UsageSample) => void, onEnd: () => void): Promise<() => void> {
    const stream = (await this.docker.getContainer(containerId).stats({ stream: true })) as unknown as Readable;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      onEnd();
    };
    onJsonLines(stream, (frame) => {
      const s = usageOfFrame(frame as DockerStatsFrame);
      if (s) onSample(s);
    });
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
    return () => {
      ended = true;
      stream.destroy();
    };
  }

  /** events streams lifecycle events of this cluster's containers matching the filter. */
  async events(filter: Labels, onEvent: (ev: RuntimeEvent) => void, onError: (err: Error) => void): Promise<() => void> {
    const label = this.ownFilter(filter);
    const stream = (await this.docker.getEvents({ filters: { type: ['container'], label } })) as Readable;
    let stopped = false;
    onJsonLines(stream, (value) => {
      const ev = value as { Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; timeNano?: number; time?: number };
      const attrs = ev.Actor?.Attributes ?? {};
      const out: RuntimeEvent = {
        type: eventType(ev.Action ?? ''),
        containerId: ev.Actor?.ID ?? '',
        labels: attrs,
        time: ev.timeNano ? ev.timeNano / 1e6 : (ev.time ?? 0) * 1000,
      };
      if (attrs.exitCode !== undefined) out.exitCode = Number(attrs.exitCode);
      onEvent(out);
    });
    stream.on('error', (err) => {
      if (!stopped) onError(err);
    });
    stream.on('end', () => {
      if (!stopped) onError(new Error('docker event stream ended'));
    });
    return () => {
      stopped = true;
      stream.destroy();
    };
  }
}

function dial(host: string, port: number, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(Object.assign(new Error(`connect ${host}:${port} timed out`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
