import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectDocker, DockerUnreachableError, dockerOptions, endpointCandidates, podIPsReachableFromHost, type ResolveEnv } from './endpoint';

function env(over: Partial<ResolveEnv> & { files?: Record<string, string> } = {}): ResolveEnv {
  const files = over.files ?? {};
  return {
    env: over.env ?? {},
    home: '/home/u',
    platform: over.platform ?? 'linux',
    exists: (p) => p in files,
    readFile: (p) => files[p],
  };
}

describe('endpointCandidates', () => {
  it('puts DOCKER_HOST first, then the linux defaults', () => {
    const c = endpointCandidates(env({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375', XDG_RUNTIME_DIR: '/run/user/1000' } }));
    expect(c[0]).toEqual({ url: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' });
    const urls = c.map((x) => x.url);
    expect(urls).toContain('unix:///var/run/docker.sock');
    expect(urls).toContain('unix:///home/u/.docker/run/docker.sock');
    expect(urls).toContain('unix:///run/user/1000/podman/podman.sock');
  });

  it('reads the current docker context endpoint', () => {
    const dir = createHash('sha256').update('colima').digest('hex');
    const c = endpointCandidates(
      env({
        files: {
          '/home/u/.docker/config.json': JSON.stringify({ currentContext: 'colima' }),
          [`/home/u/.docker/contexts/meta/${dir}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'unix:///home/u/.colima/docker.sock' } } }),
        },
      }),
    );
    expect(c[0]).toEqual({ url: 'unix:///home/u/.colima/docker.sock', source: 'context' });
  });

  it('lists the podman machine socket on macOS and the named pipe on Windows', () => {
    expect(endpointCandidates(env({ platform: 'darwin' })).map((x) => x.url)).toContain('unix:///home/u/.local/share/containers/podman/machine/podman.sock');
    expect(endpointCandidates(env({ platform: 'win32' }))[0]?.url).toBe('npipe:////./pipe/docker_engine');
  });
});

describe('dockerOptions', () => {
  it('maps unix, npipe, tcp and ssh URLs', () => {
    expect(dockerOptions({ url: 'unix:///var/run/docker.sock', source: 'default' })).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(dockerOptions({ url: 'npipe:////./pipe/docker_engine', source: 'default' })).toEqual({ socketPath: '\\\\.\\pipe\\docker_engine' });
    expect(dockerOptions({ url: 'tcp://h:2375', source: 'config' })).toMatchObject({ protocol: 'http', host: 'h', port: 2375 });
    expect(dockerOptions({ url: 'ssh://me@box', source: 'config' })).toMatchObject({ protocol: 'ssh', host: 'box', username: 'me', port: 22 });
  });
});

describe('podIPsReachableFromHost', () => {
  it('is true only for a rootful engine on this Linux host', () => {
    expect(podIPsReachableFromHost('unix:///var/run/docker.sock', 'linux')).toBe(true);
    expect(podIPsReachableFromHost('unix:///home/u/.docker/desktop/docker.sock', 'linux')).toBe(false);
    expect(podIPsReachableFromHost('unix:///run/user/1000/docker.sock', 'linux')).toBe(false);
    expect(podIPsReachableFromHost('unix:///var/run/docker.sock', 'darwin')).toBe(false);
    expect(podIPsReachableFromHost('tcp://10.0.0.5:2375', 'linux')).toBe(false);
  });
});

describe('connectDocker', () => {
  it('names every endpoint it tried when none answers', async () => {
    const err = await connectDocker(
      [
        { url: 'unix:///nonexistent/docker.sock', source: 'default' },
        { url: 'tcp://127.0.0.1:1', source: 'DOCKER_HOST' },
      ],
      500,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerUnreachableError);
    const msg = (err as Error).message;
    expect(msg).toContain('unix:///nonexistent/docker.sock (default: ENOENT)');
    expect(msg).toContain('tcp://127.0.0.1:1 (DOCKER_HOST: ECONNREFUSED)');
  });
});
