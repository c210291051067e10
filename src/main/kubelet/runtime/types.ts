/**
 * The container runtime contract the kubelet drives (CRI-shaped, Docker-sized).
 * A pod is one sandbox (owns the network namespace) plus containers joined to
 * it. Everything the kubelet needs to rebuild its state after a restart is in
 * the labels, so the runtime is the source of truth for "what is running".
 */
import type { Duplex, Readable, Writable } from 'node:stream';

export type Labels = Record<string, string>;

export interface PortMapping {
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** Host port to publish on; 0/undefined = ephemeral. */
  hostPort?: number;
  /** Host address to publish on; the kubelet passes 127.0.0.1. */
  hostIP: string;
}

export interface SandboxConfig {
  /** Runtime name (k8s_POD_<pod>_<ns>_<uid>_<attempt>). */
  name: string;
  labels: Labels;
  hostname: string;
  /** Extra DNS names on the pod network (`<hostname>.<subdomain>.<ns>.svc.cluster.local` and shorter forms). */
  aliases?: string[];
  dnsSearch: string[];
  ports: PortMapping[];
  /** Image of the pause process. */
  image: string;
}

export interface Mount {
  /** Named volume (emptyDir) … */
  volume?: string;
  /** … or host path (hostPath, configMap/secret directories). */
  hostPath?: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerConfig {
  /** Runtime name (k8s_<c>_<pod>_<ns>_<uid>_<attempt>). */
  name: string;
  sandboxId: string;
  image: string;
  /** Overrides the image entrypoint (Kubernetes `command`). */
  entrypoint?: string[];
  /** Overrides the image CMD (Kubernetes `args`). */
  cmd?: string[];
  env: { name: string; value: string }[];
  workingDir?: string;
  mounts: Mount[];
  labels: Labels;
  /** CPU limit in cores (Docker NanoCpus = cores × 1e9). */
  cpuLimit?: number;
  /** Memory limit in bytes. */
  memoryLimit?: number;
  tty: boolean;
  stdin: boolean;
  /** Join this container's process namespace (an ephemeral container's target, kubectl debug --target). */
  pidContainerId?: string;
}

export type ContainerRunState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerInfo {
  id: string;
  name: string;
  labels: Labels;
  image: string;
  imageId: string;
  state: ContainerRunState;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  oomKilled?: boolean;
  /** Runtime's error text (e.g. exec failure at start). */
  error?: string;
}

export interface SandboxInfo extends ContainerInfo {
  /** IP on the cluster network, when running. */
  ip?: string;
  /** Published ports: containerPort/proto → host ip:port. */
  publishedPorts: { containerPort: number; protocol: string; hostIP: string; hostPort: number }[];
}

export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

/** PullProgress is an aggregated progress report of one image pull. */
export interface PullProgress {
  image: string;
  /** 0–1 over bytes of layers seen so far, undefined until sizes are known. */
  fraction?: number;
  currentBytes: number;
  totalBytes: number;
  /** Layers pulled (or already present) of the layers announced so far. */
  layersDone?: number;
  layersTotal?: number;
  status: string;
}

export interface ExecOptions {
  command: string[];
  stdin: boolean;
  tty: boolean;
  env?: string[];
}

/** ExecSession is one running exec: streams, resize, and the exit code when it ends. */
export interface ExecSession {
  stdin: Writable | null;
  stdout: Readable;
  /** stderr carries nothing under tty (the terminal merges streams). */
  stderr: Readable;
  resize(width: number, height: number): Promise<void>;
  exitCode: Promise<number>;
}

export interface LogOptions {
  follow: boolean;
  timestamps: boolean;
  tail?: number;
  /** Unix seconds. */
  since?: number;
}

export interface ContainerStats {
  cpuCores: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

/** UsageSample is one reading of a container's usage, computed from the engine's stats stream. */
export interface UsageSample {
  /** When the engine read the counters (ms since epoch). */
  timeMs: number;
  /** CPU over the interval since the previous reading, in nanocores (1e9 = one core). */
  cpuNanoCores: number;
  /** Cumulative CPU time (ns). */
  cpuUsageNanoSeconds: number;
  /** Working set: usage minus inactive file pages (what the OOM killer looks at, as cAdvisor reports). */
  memoryWorkingSetBytes: number;
}

export type RuntimeEventType = 'create' | 'start' | 'die' | 'oom' | 'kill' | 'stop' | 'destroy' | 'other';

export interface RuntimeEvent {
  type: RuntimeEventType;
  containerId: string;
  labels: Labels;
  exitCode?: number;
  time: number;
}

export interface RuntimeVersion {
  name: string;
  version: string;
  apiVersion: string;
}

export interface RuntimeInfo {
  cpus: number;
  memoryBytes: number;
  os: string;
  osType: string;
  architecture: string;
  kernelVersion: string;
  serverVersion: string;
  name: string;
}

/** ContainerFilter selects containers by label equality (all must match). */
export interface ContainerFilter {
  labels: Labels;
  /** Include stopped containers (default true). */
  all?: boolean;
}

/** Runtime is what the kubelet needs from a container engine. */
export interface Runtime {
  /** endpoint describes where the engine is (for messages). */
  readonly endpoint: string;
  version(): Promise<RuntimeVersion>;
  info(): Promise<RuntimeInfo>;

  createSandbox(cfg: SandboxConfig): Promise<string>;
  startSandbox(id: string): Promise<void>;
  stopSandbox(id: string, graceSeconds: number): Promise<void>;
  removeSandbox(id: string): Promise<void>;
  inspectSandbox(id: string): Promise<SandboxInfo | undefined>;

  createContainer(cfg: ContainerConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** stopContainer sends SIGTERM, then SIGKILL after graceSeconds. */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  listContainers(filter: ContainerFilter): Promise<ContainerInfo[]>;

  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  pullImage(ref: string, onProgress?: (p: PullProgress) => void): Promise<void>;

  /** ensureVolume creates a named volume (emptyDir) with labels if it does not exist. */
  ensureVolume(name: string, labels: Labels): Promise<void>;
  /** removeVolume deletes a named volume (emptyDir), ignoring not-found. */
  removeVolume(name: string): Promise<void>;
  /** removeVolumes deletes every volume carrying all the labels (a pod's emptyDirs). */
  removeVolumes(labels: Labels): Promise<void>;

  exec(containerId: string, opts: ExecOptions): Promise<ExecSession>;
  /** attach connects to a running container's main process (kubectl attach); optional, the fake runtime has none. */
  attach?(containerId: string, opts: { stdin: boolean }): Promise<ExecSession & { detach(): void }>;
  /** logs streams a container's output as plain text (stdout and stderr interleaved). */
  logs(containerId: string, opts: LogOptions): Promise<Readable>;
  /** portForward opens a byte stream to a TCP port inside the sandbox's network namespace. */
  portForward(sandboxId: string, port: number): Promise<Duplex>;
  stats(containerId: string): Promise<ContainerStats>;
  /**
   * statsStream follows a running container's usage (one engine stream,
   * about a reading a second) until the returned stop is called or the
   * container stops (onEnd).
   */
  statsStream(containerId: string, onSample: (s: UsageSample) => void, onEnd: () => void): Promise<() => void>;

  /** events streams container lifecycle events matching labels until the returned stop is called. */
  events(filter: Labels, onEvent: (ev: RuntimeEvent) => void, onError: (err: Error) => void): Promise<() => void>;
}
