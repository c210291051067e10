/**
 * An sshd for tests inside a test network namespace (see netns-engine.ts),
 * as a remote machine's would be for `ssh://` Docker endpoints: its own port,
 * host key, authorized key and known_hosts file, all made by the test with
 * ssh-keygen. The authorized key's session gets DOCKER_HOST (authorized_keys
 * `environment=`, PermitUserEnvironment), so `docker system dial-stdio` there
 * reaches the namespace's dockerd. dispose() stops it and removes every file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './tools';

export interface NetnsSshd {
  /** ssh://<user>@<address>:<port> */
  endpoint: string;
  /** The client's private key. */
  keyPath: string;
  /** A known_hosts listing the server's host key. */
  knownHostsPath: string;
  dispose(): Promise<void>;
}

/** sshdPath finds the OpenSSH server (Debian: openssh-server). */
export function sshdPath(): string | undefined {
  for (const p of ['/usr/sbin/sshd', '/usr/bin/sshd']) if (spawnSync(p, ['-V']).error === undefined) return p;
  return undefined;
}

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
}

/** startNetnsSshd runs sshd in namespace `netns` on address:port; sessions get DOCKER_HOST=dockerHost. */
export async function startNetnsSshd(netns: string, address: string, port: number, dockerHost: string): Promise<NetnsSshd> {
  const sshd = sshdPath();
  if (!sshd) throw new Error('sshd (openssh-server) is required');
  const dir = mkdtempSync('/tmp/kd-sshd-');
  const user = userInfo().username;
  let child: ChildProcess | undefined;
  const dispose = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const c = child;
      c.kill('SIGTERM');
      await waitFor(() => c.exitCode !== null || c.signalCode !== null, { timeoutMs: 10_000, what: 'sshd gone' }).catch(() => c.kill('SIGKILL'));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kd-test-host', '-f', join(dir, 'host_ed25519')]);
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kd-test-client', '-f', join(dir, 'client_ed25519')]);
    const clientPub = readFileSync(join(dir, 'client_ed25519.pub'), 'utf8').trim();
    writeFileSync(join(dir, 'authorized_keys'), `environment="DOCKER_HOST=${dockerHost}" ${clientPub}\n`, { mode: 0o600 });
    const hostPub = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim().split(' ');
    writeFileSync(join(dir, 'known_hosts'), `[${address}]:${port} ${hostPub[0]} ${hostPub[1]}\n`);
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        `ListenAddress ${address}`,
        `HostKey ${join(dir, 'host_ed25519')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'PermitUserEnvironment yes',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        // dockerode opens one ssh connection per request (heartbeats, watches, logs at once).
        'MaxStartups 200',
        'MaxSessions 200',
        '',
      ].join('\n'),
    );
    // The privilege-separation directory Debian's service unit would create.
    mkdirSync('/run/sshd', { recursive: true });
    child = spawn('nsenter', [`--net=/var/run/netns/${netns}`, sshd, '-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    const c = child;
    await waitFor(
      () => {
        if (c.exitCode !== null) throw new Error(`sshd exited (${c.exitCode}): ${stderr}`);
        return spawnSync('nsenter', [`--net=/var/run/netns/${netns}`, 'sh', '-c', `ss -ltn | grep -q '${address}:${port} '`]).status === 0;
      },
      { timeoutMs: 20_000, what: `sshd on ${address}:${port}` },
    );
  } catch (err) {
    await dispose();
    throw err;
  }
  return { endpoint: `ssh://${user}@${address}:${port}`, keyPath: join(dir, 'client_ed25519'), knownHostsPath: join(dir, 'known_hosts'), dispose };
}
