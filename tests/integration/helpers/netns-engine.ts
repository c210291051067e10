/**
 * A "remote" Docker engine for tests: a dockerd in a network namespace of
 * its own, joined to the host by a veth pair on a /30 that exists only on this
 * machine, answering on tcp://<its address>:2376 with mutual TLS (certificates
 * made with openssl for the test), as a remote machine's engine would. The
 * host reaches it only over that veth; its containers live on bridges inside
 * the namespace. dispose() stops it and removes the namespace, the veth and
 * every file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownDockerd, type OwnDockerd } from './own-dockerd';

export interface NetnsEngine {
  /** tcp://10.254.x.2:2376 */
  endpoint: string;
  /** The client side's DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem. */
  certPath: string;
  /** The address the namespace has on its veth. */
  address: string;
  /** The network namespace's name (`ip netns`). */
  netns: string;
  dockerd: OwnDockerd;
  dispose(): Promise<void>;
}

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
}

/** makeTls writes a CA, a server certificate for `ip` and a client certificate into dir (Docker's file names). */
function makeTls(dir: string, ip: string): void {
  const o = (...a: string[]) => sh('openssl', a);
  o('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=kd-test-remote-ca', '-keyout', join(dir, 'ca-key.pem'), '-out', join(dir, 'ca.pem'));
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=IP:${ip}\nextendedKeyUsage=serverAuth\n`);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subj, ext] of [['server', '/CN=kd-test-remote', 'server.ext'], ['client', '/CN=kubedeck', 'client.ext']] as const) {
    o('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subj, '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.csr`));
    o('x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca-key.pem'), '-CAcreateserial', '-days', '1', '-extfile', join(dir, ext), '-out', join(dir, `${name}-cert.pem`));
  }
  // The client side reads Docker's names.
  sh('cp', [join(dir, 'client-cert.pem'), join(dir, 'cert.pem')]);
  sh('cp', [join(dir, 'client-key.pem'), join(dir, 'key.pem')]);
}

/** freeSlash30 picks 10.254.N.0/30 that no host route or address uses. */
function freeSlash30(): number {
  const routes = spawnSync('ip', ['-4', 'route'], { encoding: 'utf8' }).stdout + spawnSync('ip', ['-4', 'addr'], { encoding: 'utf8' }).stdout;
  for (let tries = 0; tries < 50; tries++) {
    const n = 1 + Math.floor(Math.random() * 250);
    if (!routes.includes(`10.254.${n}.`)) return n;
  }
  throw new Error('no free 10.254.N.0/30 for the test namespace');
}

/** startNetnsEngine creates the namespace and veth, the certificates, and starts the engine; images are loaded from the main engine. */
export async function startNetnsEngine(images: string[]): Promise<NetnsEngine> {
  const tag = Math.random().toString(16).slice(2, 8);
  const ns = `kd-remote-${tag}`;
  const [hostIf, nsIf] = [`kdrh${tag}`, `kdrn${tag}`];
  const n = freeSlash30();
  const [hostIp, nsIp] = [`10.254.${n}.1`, `10.254.${n}.2`];
  const certPath = mkdtempSync('/tmp/kd-remote-tls-');
  let dockerd: OwnDockerd | undefined;
  const dispose = async () => {
    await dockerd?.dispose().catch(() => undefined);
    spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['link', 'del', hostIf]);
    rmSync(certPath, { recursive: true, force: true });
  };
  try {
    sh('ip', ['netns', 'add', ns]);
    sh('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    sh('ip', ['link', 'set', nsIf, 'netns', ns]);
    sh('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
    sh('ip', ['link', 'set', hostIf, 'up']);
    sh('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsIf]);
    sh('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', nsIf, 'up']);
    sh('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    makeTls(certPath, nsIp);
    dockerd = ownDockerd({ netns: ns, tls: { address: nsIp, port: 2376, dir: certPath } });
    await dockerd.start();
    dockerd.load(images);
  } catch (err) {
    await dispose();
    throw err;
  }
  return { endpoint: `tcp://${nsIp}:2376`, certPath, address: nsIp, netns: ns, dockerd, dispose };
}
