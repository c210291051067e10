/**
 * The Docker side of the Service proxy: create a HAProxy container with its
 * static ClusterIP and DNS aliases on the cluster network, write its
 * configuration through the put-archive API, reload it hitlessly with
 * SIGUSR2 to the HAProxy master (`-W` mode re-executes and hands listeners
 * over), list what already runs (adoption by labels) and remove it.
 */
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { pack } from 'tar-stream';
import { CONFIG_DIR, CONFIG_FILE, DEFAULT_CLUSTER_ID, LABEL_CLUSTER, LABEL_PROXY, LABEL_NAME, LABEL_NAMESPACE, LABEL_SPEC_HASH, LABEL_UID, type ProxyContainerSpec } from './haproxy-config';

/** How often, and how long each time, a reload is signalled before writeConfig gives up (the sync is then retried with backoff). */
const RELOAD_ATTEMPTS = 4;
const RELOAD_WAIT_MS = 3_000;
/** Prints the PIDs whose parent is PID 1 (field 4 of /proc/<pid>/stat); a process gone mid-glob only costs a message on stderr. */
const LIST_WORKERS = "awk '$4 == 1 { print $1 }' /proc/[0-9]*/stat";

/** ProxyContainer is what the proxy needs to know about a running proxy container. */
export interface ProxyContainer {
  id: string;
  name: string;
  namespace: string;
  serviceName: string;
  uid: string;
  specHash: string;
  running: boolean;
  /** All its labels (the ingress controller keeps its chosen host ports there). */
  labels?: Record<string, string>;
}

/** ProxyBackend is the seam between the ServiceProxy controller and Docker (tests may fake it). */
export interface ProxyBackend {
  list(): Promise<ProxyContainer[]>;
  inspect(id: string): Promise<ProxyContainer | undefined>;
  /** create makes (not starts) the container with config (and files beside it, paths relative to CONFIG_DIR) written in. */
  create(spec: ProxyContainerSpec, config: string, files?: Record<string, string>): Promise<string>;
  start(id: string): Promise<void>;
  /** writeConfig replaces haproxy.cfg (and the files beside it) and reloads HAProxy. */
  writeConfig(id: string, config: string, reload: boolean, files?: Record<string, string>): Promise<void>;
  remove(id: string): Promise<void>;
}

/**
 * startConflict classifies Docker's refusal to start a container: 'port' when
 * a host port is taken ("Bind for …: port is already allocated", "listen tcp
 * …: address already in use"), 'address' when the static IP is ("Address
 * already in use"), undefined otherwise.
 */
export function startConflict(err: unknown): 'port' | 'address' | undefined {
  const msg = err instanceof Error ? err.message : String(err);
  if (/port is already allocated|Bind for|listen tcp|userland proxy|external connectivity/i.test(msg)) return 'port';
  if (/address already in use/i.test(msg)) return 'address';
  return undefined;
}

function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

/** configArchive is a tar holding haproxy.cfg and any other files (paths relative to CONFIG_DIR), as Docker's put-archive API wants it. */
export function configArchive(config: string, files: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = pack();
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
    const entries: [string, string][] = [...Object.entries(files), [CONFIG_FILE, config]];
    const next = (i: number) => {
      const [name, body] = entries[i]!;
      // Private keys travel here too: readable by the container's user only.
      p.entry({ name, mode: name === CONFIG_FILE ? 0o644 : 0o600, mtime: new Date() }, body, (err) => {
        if (err) reject(err);
        else if (i + 1 < entries.length) next(i + 1);
        else p.finalize();
      });
    };
    next(0);
  });
}

function fromLabels(id: string, name: string, labels: Record<string, string>, running: boolean): ProxyContainer {
  return {
    labels,
    id,
    name: name.replace(/^\//, ''),
    namespace: labels[LABEL_NAMESPACE] ?? '',
    serviceName: labels[LABEL_NAME] ?? '',
    uid: labels[LABEL_UID] ?? '',
    specHash: labels[LABEL_SPEC_HASH] ?? '',
    running,
  };
}

/**
 * DockerProxyBackend runs proxy containers on one Docker engine. role is the
 * value of their kubedeck.proxy label: 'service' for the Service proxy,
 * 'ingress' for the ingress controller; each lists and replaces only its own.
 */
export class DockerProxyBackend implements ProxyBackend {
  constructor(
    private readonly docker: Docker,
    private readonly network: string,
    private readonly clusterId = DEFAULT_CLUSTER_ID,
    private readonly role = 'service',
  ) {}

  /** list returns this cluster's proxy containers of this role (never another cluster's on the same engine). */
  async list(): Promise<ProxyContainer[]> {
    const cs = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_PROXY}=${this.role}`, `${LABEL_CLUSTER}=${this.clusterId}`] } });
    return cs.map((c) => fromLabels(c.Id, c.Names[0] ?? '', c.Labels ?? {}, c.State === 'running'));
  }

  async inspect(id: string): Promise<ProxyContainer | undefined> {
    try {
      const i = await this.docker.getContainer(id).inspect();
      return fromLabels(i.Id, i.Name, i.Config.Labels ?? {}, i.State.Running);
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
  }

  async create(spec: ProxyContainerSpec, config: string, files?: Record<string, string>): Promise<string> {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const p of spec.publishes) {
      const key = `${p.containerPort}/tcp`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: '127.0.0.1', HostPort: String(p.hostPort) });
    }
    const endpoint: Docker.EndpointSettings = { Aliases: spec.aliases };
    if (spec.ip) endpoint.IPAMConfig = { IPv4Address: spec.ip };
    const body: Docker.ContainerCreateOptions = {
      name: spec.name,
      Image: spec.image,
      Hostname: spec.name.slice(0, 63),
      Labels: spec.labels,
      ExposedPorts: exposed,
      HostConfig: {
        NetworkMode: this.network,
        PortBindings: bindings,
        // HAProxy crashing must not take the Service down until the next sync.
        RestartPolicy: { Name: 'on-failure' },
      },
      NetworkingConfig: { EndpointsConfig: { [this.network]: endpoint } },
    };
    let c: Docker.Container;
    try {
      c = await this.docker.createContainer(body);
    } catch (err) {
      if (statusCode(err) !== 409) throw err;
      // The name is taken: a proxy container we lost track of (e.g. removed from the cache mid-recreate) is ours to replace.
      const other = await this.docker.getContainer(spec.name).inspect();
      const labels = other.Config.Labels ?? {};
      if (labels[LABEL_PROXY] !== this.role || labels[LABEL_CLUSTER] !== this.clusterId) throw err;
      await this.remove(other.Id);
      c = await this.docker.createContainer(body);
    }
    try {
      await c.putArchive(await configArchive(config, files), { path: CONFIG_DIR });
    } catch (err) {
      await c.remove({ force: true }).catch(() => {});
      throw err;
    }
    return c.id;
  }

  async start(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (statusCode(err) !== 304) throw err;
    }
    await this.waitReady(id);
  }

  /**
   * waitReady polls (bounded) until HAProxy has loaded its configuration: its
   * admin socket exists. Until then the master has no SIGUSR2 handler and a
   * reload signal would kill it.
   */
  private async waitReady(id: string, timeoutMs = 10_000): Promise<void> {
    const c = this.docker.getContainer(id);
    const deadline = Date.now() + timeoutMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 200)) {
      const exec = await c.exec({ Cmd: ['test', '-S', '/run/haproxy.sock'], AttachStdout: false, AttachStderr: false });
      await exec.start({ Detach: true });
      let code: number | null = null;
      for (let i = 0; i < 50; i++) {
        const st = await exec.inspect();
        if (!st.Running) {
          code = st.ExitCode;
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      if (code === 0) return;
      const state = await c.inspect();
      if (!state.State.Running) throw new Error(`proxy container ${state.Name} exited (${state.State.ExitCode}): ${state.State.Error || 'see docker logs'}`);
      if (Date.now() > deadline) throw new Error(`proxy container ${state.Name}: HAProxy not ready after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /**
   * writeConfig replaces haproxy.cfg and, with reload, resolves only once
   * HAProxy runs a new worker on it. HAProxy 2.6's master can drop a SIGUSR2
   * that lands while it is still re-executing for the previous one (seen: 4 of
   * 40 back-to-back reloads lost, the old servers kept for good), so the
   * signal is repeated until a worker that was not there before appears.
   * Syncs of one Service never overlap, so no other reload is in flight.
   */
  async writeConfig(id: string, config: string, reload: boolean, files?: Record<string, string>): Promise<void> {
    const c = this.docker.getContainer(id);
    let before: Set<number> | undefined;
    if (reload) {
      try {
        before = await this.workers(id);
      } catch (err) {
        // 409: not running; it reads the new file when it starts.
        if (statusCode(err) !== 409) throw err;
      }
    }
    await c.putArchive(await configArchive(config, files), { path: CONFIG_DIR });
    if (!before) return;
    for (let attempt = 1; attempt <= RELOAD_ATTEMPTS; attempt++) {
      try {
        // SIGUSR2 to PID 1, the HAProxy master: it re-reads the file and replaces its worker without dropping listeners.
        await c.kill({ signal: 'SIGUSR2' });
      } catch (err) {
        if (statusCode(err) !== 409) throw err;
        return;
      }
      const deadline = Date.now() + RELOAD_WAIT_MS;
      for (let delay = 20; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
        await new Promise((r) => setTimeout(r, delay));
        const now = await this.workers(id);
        for (const pid of now) if (!before.has(pid)) return;
      }
    }
    throw new Error(`proxy container ${id.slice(0, 12)}: HAProxy started no new worker after ${RELOAD_ATTEMPTS} reload signals (configuration refused? see its docker logs)`);
  }

  /** workers lists the PIDs of HAProxy's workers: the children of the master, PID 1. */
  private async workers(id: string): Promise<Set<number>> {
    const exec = await this.docker.getContainer(id).exec({ Cmd: ['sh', '-c', LIST_WORKERS], AttachStdout: true, AttachStderr: false });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const sink = new PassThrough();
      sink.on('data', (d: Buffer) => chunks.push(d));
      this.docker.modem.demuxStream(stream, sink, new PassThrough());
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    });
    return new Set(out.split(/\s+/).filter(Boolean).map(Number));
  }

  async remove(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true });
    } catch (err) {
      if (statusCode(err) !== 404) throw err;
    }
  }
}
