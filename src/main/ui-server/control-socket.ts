/**
 * The running server's control socket: a Unix socket in the data dir (the
 * data dir is the user's own, mode 0700, so reaching the socket is the same
 * right as reading the kubeconfig) through which the command line asks the
 * running process for a fresh one-time login link or to revoke every browser
 * session, without a restart. One request line in, one answer line out.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** ControlCommand is what the command line may ask. */
export type ControlCommand = 'login-link' | 'revoke-sessions';

/** controlSocketPath is where a data dir's running server listens. */
export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'ui-control.sock');
}

/** ControlHandlers answer each command. */
export interface ControlHandlers {
  loginLink(): string;
  revokeSessions(): number;
}

/** answerControl answers one request line (pure, for tests). */
export function answerControl(line: string, h: ControlHandlers): string {
  switch (line.trim()) {
    case 'login-link':
      return `ok ${h.loginLink()}`;
    case 'revoke-sessions':
      return `ok ${h.revokeSessions()}`;
    default:
      return 'error unknown command';
  }
}

/** startControlSocket listens on the data dir's control socket (replacing a stale one); stop() removes it. */
export async function startControlSocket(dataDir: string, h: ControlHandlers): Promise<{ stop(): Promise<void> }> {
  const path = controlSocketPath(dataDir);
  // The data-dir lock is held: a socket file left here is from a process that died.
  await rm(path, { force: true });
  const server: Server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        if (buf.length > 1024) sock.destroy();
        return;
      }
      sock.end(`${answerControl(buf.slice(0, nl), h)}\n`);
    });
    sock.on('error', () => sock.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        void rm(path, { force: true });
      }),
  };
}

/** askControl sends one command to the running server of `dataDir` and returns its answer (without "ok "). */
export function askControl(dataDir: string, command: ControlCommand, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(controlSocketPath(dataDir));
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('the running Kubedeck did not answer'));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${command}\n`));
    sock.on('data', (d: string) => (out += d));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? new Error(`no running Kubedeck with a UI uses ${dataDir}`) : err);
    });
    sock.on('end', () => {
      clearTimeout(timer);
      const line = out.trim();
      if (line.startsWith('ok ')) resolve(line.slice(3));
      else reject(new Error(line || 'no answer'));
    });
  });
}
