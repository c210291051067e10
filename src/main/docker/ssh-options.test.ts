import { describe, expect, it } from 'vitest';
import { hostPatternMatches, keyIsEncrypted, knownHostKeys, sshClientOptions } from './ssh-options';

const B64 = 'AAAAC3NzaC1lZDI1NTE5AAAAILblb3ezcdpaMqANJLF0odBjpP7hzNUH4ViwIt7idJx7';
const KEY = Buffer.from(B64, 'base64');
// `ssh-keygen -H` of "[10.0.0.5]:2222 ssh-ed25519 <B64>".
const HASHED = `|1|ZEfL+B+mxc1xLdO3Yo/nW5BpFMw=|LzZ6Fu4rXrMUETTI+CAon5BB40s= ssh-ed25519 ${B64}`;

describe('known_hosts', () => {
  it('matches plain, comma-listed, bracketed-port and hashed host fields', () => {
    expect(knownHostKeys(`box,10.0.0.5 ssh-ed25519 ${B64}\n`, '10.0.0.5', 22)).toEqual([KEY]);
    expect(knownHostKeys(`10.0.0.5 ssh-ed25519 ${B64}\n`, '10.0.0.5', 2222)).toEqual([]);
    expect(knownHostKeys(`[10.0.0.5]:2222 ssh-ed25519 ${B64}\n`, '10.0.0.5', 2222)).toEqual([KEY]);
    expect(knownHostKeys(`# comment\n\n${HASHED}\n`, '10.0.0.5', 2222)).toEqual([KEY]);
    expect(hostPatternMatches(HASHED.split(' ')[0]!, '[10.0.0.6]:2222')).toBe(false);
  });

  it('skips marked lines (@revoked, @cert-authority)', () => {
    expect(knownHostKeys(`@revoked 10.0.0.5 ssh-ed25519 ${B64}\n`, '10.0.0.5', 22)).toEqual([]);
    expect(knownHostKeys(`@cert-authority 10.0.0.5 ssh-ed25519 ${B64}\n`, '10.0.0.5', 22)).toEqual([]);
  });
});

/** opensshKey is the shape of an OpenSSH private key file with the given cipher (header only; enough to tell encrypted). */
function opensshKey(cipher: string): string {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(cipher.length);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), len, Buffer.from(cipher), Buffer.alloc(16)]).toString('base64');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

describe('sshClientOptions', () => {
  it('tells encrypted keys (OpenSSH cipher, PEM ENCRYPTED) from plain ones', () => {
    expect(keyIsEncrypted(opensshKey('none'))).toBe(false);
    expect(keyIsEncrypted(opensshKey('aes256-ctr'))).toBe(true);
    expect(keyIsEncrypted('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n')).toBe(true);
  });

  it('skips an encrypted default key (left to the agent) and refuses an encrypted configured one', () => {
    const f: Record<string, string> = { '/home/u/.ssh/id_ed25519': opensshKey('aes256-ctr'), '/home/u/.ssh/id_rsa': opensshKey('none') };
    expect(sshClientOptions('h', 22, {}, (p) => f[p], {}, '/home/u').privateKey).toBe(f['/home/u/.ssh/id_rsa']);
    expect(() => sshClientOptions('h', 22, { sshKeyPath: '/home/u/.ssh/id_ed25519' }, (p) => f[p], {}, '/home/u')).toThrow(/encrypted/);
  });

  const files: Record<string, string> = { '/home/u/.ssh/id_ecdsa': 'ECDSA KEY', '/k/own': 'OWN KEY', '/home/u/.ssh/known_hosts': `10.0.0.5 ssh-ed25519 ${B64}\n` };
  const read = (p: string) => files[p];

  it('uses the agent when there is one and the first default key, like the docker CLI', () => {
    const o = sshClientOptions('10.0.0.5', 22, {}, read, { SSH_AUTH_SOCK: '/run/agent' }, '/home/u');
    expect(o.agent).toBe('/run/agent');
    expect(o.privateKey).toBe('ECDSA KEY');
  });

  it('uses the configured key and fails when it cannot be read', () => {
    expect(sshClientOptions('10.0.0.5', 22, { sshKeyPath: '/k/own' }, read, {}, '/home/u').privateKey).toBe('OWN KEY');
    expect(() => sshClientOptions('10.0.0.5', 22, { sshKeyPath: '/k/missing' }, read, {}, '/home/u')).toThrow(/cannot be read/);
  });

  it('accepts only the host key known_hosts lists for that host and port', () => {
    const o = sshClientOptions('10.0.0.5', 22, {}, read, {}, '/home/u');
    expect(o.hostVerifier(KEY)).toBe(true);
    expect(o.hostVerifier(Buffer.from('other'))).toBe(false);
    expect(sshClientOptions('10.0.0.5', 2222, {}, read, {}, '/home/u').hostVerifier(KEY)).toBe(false);
    expect(sshClientOptions('10.0.0.5', 22, { sshKnownHostsPath: '/nowhere' }, read, {}, '/home/u').hostVerifier(KEY)).toBe(false);
  });
});
