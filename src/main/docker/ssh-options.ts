/**
 * Credentials and host-key checking for ssh:// Docker endpoints (dockerode
 * runs `docker system dial-stdio` on the remote host over ssh2). As the docker
 * CLI's ssh does: the ssh agent (SSH_AUTH_SOCK) when there is one, and a
 * private key — the node's `sshKeyPath`, else the first of ~/.ssh/id_ed25519,
 * id_ecdsa, id_rsa that exists unencrypted (no passphrase prompt). The host key must be listed for the host
 * (`host`, or `[host]:port` off port 22; hashed entries too) in the node's
 * `sshKnownHostsPath`, else ~/.ssh/known_hosts: an unknown or different key
 * refuses the connection (there is no prompt to accept a new one).
 */
import { createHmac } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** SshEndpointFiles are the node's files (config.yaml `sshKeyPath`, `sshKnownHostsPath`). */
export interface SshEndpointFiles {
  sshKeyPath?: string;
  sshKnownHostsPath?: string;
}

/** The ssh2 connect options dockerode passes through (sshOptions). */
export interface SshClientOptions {
  agent?: string;
  privateKey?: string;
  hostVerifier: (key: Buffer) => boolean;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** knownHostNames is how a host appears in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** hostPatternMatches tells whether one known_hosts host field (comma list, maybe hashed `|1|salt|hash`) names `name`. */
export function hostPatternMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return field.split(',').includes(name);
}

/** knownHostKeys lists the keys (raw blobs) known_hosts text holds for a host; marked lines (`@revoked`, `@cert-authority`) are skipped. */
export function knownHostKeys(text: string, host: string, port: number): Buffer[] {
  const name = knownHostName(host, port);
  const out: Buffer[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    // Marked lines (@revoked, @cert-authority) never vouch for a key: certificates are not supported.
    if (line.startsWith('@')) continue;
    const [hosts, , b64] = line.split(/\s+/);
    if (hosts && b64 && hostPatternMatches(hosts, name)) out.push(Buffer.from(b64, 'base64'));
  }
  return out;
}

/** keyIsEncrypted tells whether a private key file needs a passphrase (PEM with ENCRYPTED, or an OpenSSH key whose cipher is not none). */
export function keyIsEncrypted(text: string): boolean {
  if (/ENCRYPTED/.test(text)) return true;
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!m) return false;
  const raw = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (raw.subarray(0, magic.length).toString('latin1') !== magic || raw.length < magic.length + 4) return false;
  const len = raw.readUInt32BE(magic.length);
  return raw.subarray(magic.length + 4, magic.length + 4 + len).toString('latin1') !== 'none';
}

/** sshClientOptions builds the credentials and host-key check for host:port. */
export function sshClientOptions(
  host: string,
  port: number,
  files: SshEndpointFiles,
  readFile: (p: string) => string | undefined,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): SshClientOptions {
  const knownHostsPath = files.sshKnownHostsPath ?? join(home, '.ssh', 'known_hosts');
  const opts: SshClientOptions = {
    hostVerifier: (key) => {
      // Read at each connection: a host added to known_hosts later is accepted without a restart.
      const known = knownHostKeys(readFile(knownHostsPath) ?? '', host, port);
      return known.some((k) => k.equals(key));
    },
  };
  if (env.SSH_AUTH_SOCK) opts.agent = env.SSH_AUTH_SOCK;
  const keyPaths = files.sshKeyPath ? [files.sshKeyPath] : DEFAULT_KEYS.map((k) => join(home, '.ssh', k));
  for (const p of keyPaths) {
    const key = readFile(p);
    // No passphrase prompt: an encrypted default key is left to the agent.
    if (key && !keyIsEncrypted(key)) {
      opts.privateKey = key;
      break;
    }
    if (key && files.sshKeyPath) throw new Error(`ssh key ${files.sshKeyPath} is encrypted: load it into the ssh agent instead`);
  }
  if (files.sshKeyPath && !opts.privateKey) throw new Error(`ssh key ${files.sshKeyPath} cannot be read`);
  return opts;
}
