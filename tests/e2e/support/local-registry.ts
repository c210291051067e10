/**
 * A container registry of the test's own: Debian's `docker-registry`
 * (Docker's distribution) on 127.0.0.1, a free port, its own storage dir and
 * config (never the system service), an image with one large layer of random
 * data pushed to it, and a rate-limiting TCP proxy in front of it so that a
 * pull through the proxy lasts seconds and its progress can be watched.
 * Docker allows plain-HTTP registries on 127.0.0.0/8 without configuration.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { requireTool, waitFor } from '../../integration/helpers/tools';
import { spawnTracked, type TrackedProcess } from '../../integration/helpers/tracked-process';

const run = promisify(execFile);

/** freePort asks the kernel for a port nobody listens on. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface LocalRegistry {
  /** host:port to push to and pull from at full speed. */
  host: string;
  stop(): Promise<void>;
}

/** startLocalRegistry runs `docker-registry serve` on 127.0.0.1 with storage in a temporary dir, and waits until /v2/ answers. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  await requireTool('docker-registry', ['--version']);
  const dir = await mkdtemp(join(tmpdir(), 'kubedeck-registry-'));
  await mkdir(join(dir, 'data'));
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yml'), config);
  const proc: TrackedProcess = spawnTracked('docker-registry', ['serve', join(dir, 'config.yml')]);
  const stop = async () => {
    await proc.stop({ graceMs: 3000 });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`docker-registry exited ${proc.child.exitCode}: ${proc.stderr()}`);
        const res = await fetch(`http://127.0.0.1:${port}/v2/`);
        return res.ok;
      },
      { timeoutMs: 20_000, what: 'the local registry to answer /v2/' },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: `127.0.0.1:${port}`, stop };
}

/**
 * pushLargeImage builds `<host>/<repo>` from kubedeck/busybox plus one layer
 * of `megabytes` of random data (incompressible, so the bytes on the wire are
 * the layer's size), pushes it, and removes it locally so that the next pull
 * downloads the layer again.
 */
export async function pushLargeImage(host: string, repo: string, megabytes: number): Promise<string> {
  const ctx = await mkdtemp(join(tmpdir(), 'kubedeck-big-image-'));
  const ref = `${host}/${repo}`;
  try {
    const out = createWriteStream(join(ctx, 'blob'));
    for (let i = 0; i < megabytes; i++) {
      if (!out.write(randomBytes(1 << 20))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    out.end();
    await finished(out);
    await writeFile(join(ctx, 'Dockerfile'), 'FROM kubedeck/busybox:latest\nCOPY blob /blob\n');
    await run('docker', ['build', '-q', '-t', ref, ctx], { maxBuffer: 16 << 20 });
    await run('docker', ['push', ref], { maxBuffer: 16 << 20 });
  } finally {
    await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
    await rm(ctx, { recursive: true, force: true });
  }
  return ref;
}

/** removeImage removes a local image (what a test pulled), ignoring one that is not there. */
export async function removeImage(ref: string): Promise<void> {
  await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
}

/** Throttle passes bytes on at most `bytesPerSecond`, in slices of 16 KiB. */
class Throttle extends Transform {
  private at = Date.now();

  constructor(private readonly bytesPerSecond: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const send = (offset: number) => {
      if (offset >= chunk.length) return done();
      const slice = chunk.subarray(offset, offset + 16384);
      this.at = Math.max(this.at, Date.now()) + (slice.length / this.bytesPerSecond) * 1000;
      this.push(slice);
      setTimeout(() => send(offset + slice.length), Math.max(0, this.at - Date.now()));
    };
    send(0);
  }
}

export interface ThrottledProxy {
  /** host:port of the proxy: an image reference through it pulls slowly. */
  host: string;
  close(): Promise<void>;
}

/**
 * startThrottledProxy forwards 127.0.0.1:<new port> to `target` (host:port),
 * passing the target's answers on at `bytesPerSecond` per connection: a
 * localhost pull would otherwise finish before its progress is seen.
 */
export async function startThrottledProxy(target: string, bytesPerSecond: number): Promise<ThrottledProxy> {
  const [targetHost, targetPort] = target.split(':') as [string, string];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(targetPort), targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(new Throttle(bytesPerSecond)).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
