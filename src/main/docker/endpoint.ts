/**
 * Finding the Docker engine the way the docker CLI does: DOCKER_HOST, then the
 * current docker context, then the platform's usual sockets (Linux, Docker
 * Desktop, Podman, the Windows named pipe). The first one that answers a ping
 * wins; when none answers, the error lists every endpoint tried and why.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { sshClientOptions, type SshEndpointFiles } from './ssh-options';

export interface EndpointCandidate {
  /** docker-style URL: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host, npipe:////./pipe/docker_engine */
  url: string;
  /** Where the candidate came from (for messages). */
  source: 'DOCKER_HOST' | 'context' | 'default' | 'config';
  /** TLS material directory (DOCKER_CERT_PATH) when DOCKER_TLS_VERIFY is set. */
  tlsCertPath?: string;
  /** ssh:// only: private key and known_hosts files (see ssh-options.ts for the defaults). */
  ssh?: SshEndpointFiles;
}

export interface ResolveEnv {
  env: Record<string, string | undefined>;
  home: string;
  platform: NodeJS.Platform;
  exists(path: string): boolean;
  readFile(path: string): string | undefined;
}

/** defaultResolveEnv is the real process environment and filesystem. */
export function defaultResolveEnv(): ResolveEnv {
  return {
    env: process.env,
    home: homedir(),
    platform: process.platform,
    exists: existsSync,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** contextEndpoint reads the docker CLI's current context endpoint, if a non-default context is selected. */
export function contextEndpoint(e: ResolveEnv): { name: string; host: string } | undefined {
  const configDir = e.env.DOCKER_CONFIG ?? join(e.home, '.docker');
  let name = e.env.DOCKER_CONTEXT;
  if (!name) {
    const raw = e.readFile(join(configDir, 'config.json'));
    if (raw) {
      try {
        name = (JSON.parse(raw) as { currentContext?: string }).currentContext;
      } catch {
        // A broken config.json makes the CLI fail too; fall through to defaults.
      }
    }
  }
  if (!name || name === 'default') return undefined;
  const dir = createHash('sha256').update(name).digest('hex');
  const raw = e.readFile(join(configDir, 'contexts', 'meta', dir, 'meta.json'));
  if (!raw) return undefined;
  try {
    const meta = JSON.parse(raw) as { Endpoints?: { docker?: { Host?: string } } };
    const host = meta.Endpoints?.docker?.Host;
    return host ? { name, host } : undefined;
  } catch {
    return undefined;
  }
}

/** endpointCandidates lists, in order, the endpoints to try. */
export function endpointCandidates(e: ResolveEnv): EndpointCandidate[] {
  const out: EndpointCandidate[] = [];
  const add = (c: EndpointCandidate) => {
    if (!out.some((o) => o.url === c.url)) out.push(c);
  };
  const dh = e.env.DOCKER_HOST;
  if (dh) {
    const c: EndpointCandidate = { url: dh, source: 'DOCKER_HOST' };
    if (e.env.DOCKER_TLS_VERIFY && e.env.DOCKER_TLS_VERIFY !== '0') c.tlsCertPath = e.env.DOCKER_CERT_PATH ?? join(e.home, '.docker');
    add(c);
  }
  const ctx = contextEndpoint(e);
  if (ctx) add({ url: ctx.host, source: 'context' });
  if (e.platform === 'win32') {
    add({ url: 'npipe:////./pipe/docker_engine', source: 'default' });
    add({ url: 'npipe:////./pipe/dockerDesktopLinuxEngine', source: 'default' });
    add({ url: 'npipe:////./pipe/podman-machine-default', source: 'default' });
    return out;
  }
  add({ url: 'unix:///var/run/docker.sock', source: 'default' });
  add({ url: `unix://${join(e.home, '.docker', 'run', 'docker.sock')}`, source: 'default' });
  add({ url: `unix://${join(e.home, '.docker', 'desktop', 'docker.sock')}`, source: 'default' });
  if (e.platform === 'darwin') {
    add({ url: `unix://${join(e.home, '.colima', 'default', 'docker.sock')}`, source: 'default' });
    add({ url: `unix://${join(e.home, '.local', 'share', 'containers', 'podman', 'machine', 'podman.sock')}`, source: 'default' });
    add({ url: `unix://${join(e.home, '.local', 'share', 'containers', 'podman', 'machine', 'podman-machine-default', 'podman.sock')}`, source: 'default' });
  }
  const xdg = e.env.XDG_RUNTIME_DIR;
  if (xdg) add({ url: `unix://${join(xdg, 'podman', 'podman.sock')}`, source: 'default' });
  add({ url: 'unix:///run/podman/podman.sock', source: 'default' });
  return out;
}

/** dockerOptions turns a docker-style URL into dockerode constructor options. */
export function dockerOptions(c: EndpointCandidate, readFile: (p: string) => string | undefined = defaultResolveEnv().readFile): Docker.DockerOptions {
  const url = c.url;
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  if (url.startsWith('npipe://')) return { socketPath: url.slice('npipe://'.length).replace(/\//g, '\\') };
  const u = new URL(url.replace(/^tcp:/, c.tlsCertPath ? 'https:' : 'http:'));
  if (u.protocol === 'ssh:') {
    const port = u.port ? Number(u.port) : 22;
    return {
      protocol: 'ssh',
      host: u.hostname,
      port,
      username: u.username || undefined,
      sshOptions: sshClientOptions(u.hostname, port, c.ssh ?? {}, readFile),
    } as Docker.DockerOptions;
  }
  const https = u.protocol === 'https:';
  const opts: Docker.DockerOptions = {
    protocol: https ? 'https' : 'http',
    host: u.hostname,
    port: u.port ? Number(u.port) : https ? 2376 : 2375,
  };
  if (c.tlsCertPath) {
    opts.ca = readFile(join(c.tlsCertPath, 'ca.pem'));
    opts.cert = readFile(join(c.tlsCertPath, 'cert.pem'));
    opts.key = readFile(join(c.tlsCertPath, 'key.pem'));
  }
  return opts;
}

/** DockerUnreachableError says which endpoints were tried and what each answered. */
export class DockerUnreachableError extends Error {
  readonly attempts: { url: string; source: string; error: string }[];
  constructor(attempts: { url: string; source: string; error: string }[]) {
    super(
      `Cannot connect to a Docker engine. Tried: ${attempts.map((a) => `${a.url} (${a.source}: ${a.error})`).join('; ')}. ` +
        'Start Docker (or Podman) or set DOCKER_HOST.',
    );
    this.name = 'DockerUnreachableError';
    this.attempts = attempts;
  }
}

function errText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? e?.message ?? String(err);
}

/**
 * connectDocker pings each candidate in turn and returns the first engine that
 * answers. Sockets that do not exist are reported as ENOENT without a dial.
 */
export async function connectDocker(
  candidates: EndpointCandidate[] = endpointCandidates(defaultResolveEnv()),
  timeoutMs = 3000,
): Promise<{ docker: Docker; endpoint: EndpointCandidate }> {
  const attempts: { url: string; source: string; error: string }[] = [];
  for (const c of candidates) {
    const opts = dockerOptions(c);
    if (opts.socketPath && !opts.socketPath.startsWith('\\\\') && !existsSync(opts.socketPath)) {
      attempts.push({ url: c.url, source: c.source, error: 'ENOENT' });
      continue;
    }
    const docker = new Docker({ ...opts, timeout: timeoutMs });
    try {
      await docker.ping();
      // The probe client carries a timeout that would also cut long-lived
      // streams (logs -f, events); hand back a client without one.
      return { docker: new Docker(opts), endpoint: c };
    } catch (err) {
      attempts.push({ url: c.url, source: c.source, error: errText(err) });
    }
  }
  throw new DockerUnreachableError(attempts);
}

/**
 * podIPsReachableFromHost guesses whether the host can dial container IPs on
 * the engine's bridge: only a rootful engine on this Linux host (its system
 * socket). Docker Desktop and Podman machines run in a VM, rootless engines in
 * their own network namespace, remote engines elsewhere.
 */
export function podIPsReachableFromHost(url: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  return ['unix:///var/run/docker.sock', 'unix:///run/docker.sock', 'unix:///run/podman/podman.sock', 'unix:///var/run/podman/podman.sock'].includes(url);
}
