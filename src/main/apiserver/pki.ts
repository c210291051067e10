/**
 * The cluster's credentials: a CA, a serving certificate for 127.0.0.1 and
 * localhost signed by it, and a random bearer token, created on first start
 * and kept in the data directory; plus the kubeconfig that carries them.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { dump } from 'js-yaml';

export interface Credentials {
  caCert: string;
  serverCert: string;
  serverKey: string;
  token: string;
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeSecret(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
}

/**
 * loadOrCreateCredentials returns the credentials kept under dataDir/pki,
 * creating them on first use. The CA is EC P-256 with keyCertSign; the server
 * certificate carries serverAuth and SANs IP 127.0.0.1 and DNS localhost, the
 * form kubectl verifies without insecure-skip-tls-verify.
 */
export async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const dir = join(dataDir, 'pki');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'apiserver.crt'),
    serverKey: join(dir, 'apiserver.key'),
    token: join(dir, 'token'),
  };
  const [caCert, caKey, serverCert, serverKey, token] = await Promise.all([
    readIfExists(paths.caCert),
    readIfExists(paths.caKey),
    readIfExists(paths.serverCert),
    readIfExists(paths.serverKey),
    readIfExists(paths.token),
  ]);
  if (caCert && caKey && serverCert && serverKey && token) {
    return { caCert, serverCert, serverKey, token: token.trim() };
  }

  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + TEN_YEARS_MS);
  // A name of its own per cluster: a certificate issued by another Kubedeck's CA then finds no issuer here.
  const ca = await generate([{ name: 'commonName', value: `kubedeck-ca-${randomBytes(6).toString('hex')}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'kubedeck-apiserver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const newToken = randomBytes(32).toString('base64url');
  await writeSecret(paths.caKey, ca.private);
  await writeFile(paths.caCert, ca.cert);
  await writeSecret(paths.serverKey, server.private);
  await writeFile(paths.serverCert, server.cert);
  await writeSecret(paths.token, newToken);
  return { caCert: ca.cert, serverCert: server.cert, serverKey: server.private, token: newToken };
}

/** kubeconfigFor renders a kubeconfig (cluster, user and context `kubedeck`) for the API at url. */
export function kubeconfigFor(url: string, creds: Pick<Credentials, 'caCert' | 'token'>): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'kubedeck', cluster: { server: url, 'certificate-authority-data': Buffer.from(creds.caCert).toString('base64') } },
    ],
    users: [{ name: 'kubedeck', user: { token: creds.token } }],
    contexts: [{ name: 'kubedeck', context: { cluster: 'kubedeck', user: 'kubedeck', namespace: 'default' } }],
    'current-context': 'kubedeck',
    preferences: {},
  };
  return dump(doc);
}

/** writeKubeconfig writes dataDir/kubeconfig (mode 0600) and returns its path. */
export async function writeKubeconfig(dataDir: string, url: string, creds: Credentials): Promise<string> {
  const path = join(dataDir, 'kubeconfig');
  await writeSecret(path, kubeconfigFor(url, creds));
  return path;
}

/** ClientCertificate is a PEM certificate and key for kubeconfig's client-certificate-data / client-key-data. */
export interface ClientCertificate {
  cert: string;
  key: string;
}

/**
 * issueClientCertificate signs a client certificate with the data dir's CA
 * (as `kubeadm kubeconfig user` does with the cluster CA): the API server
 * accepts it in place of the token. Valid for one year.
 */
export async function issueClientCertificate(dataDir: string, commonName: string): Promise<ClientCertificate> {
  const dir = join(dataDir, 'pki');
  const [caCert, caKey] = await Promise.all([readIfExists(join(dir, 'ca.crt')), readIfExists(join(dir, 'ca.key'))]);
  if (!caCert || !caKey) throw new Error(`no cluster CA in ${dir}: start the cluster once first`);
  const notBeforeDate = new Date(Date.now() - 60_000);
  const client = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000),
    ca: { key: caKey, cert: caCert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return { cert: client.cert, key: client.private };
}

/** kubeconfigWithClientCertificate renders a kubeconfig whose user authenticates with a client certificate. */
export function kubeconfigWithClientCertificate(url: string, caCert: string, name: string, cert: ClientCertificate): string {
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: url, 'certificate-authority-data': Buffer.from(caCert).toString('base64') } }],
    users: [{ name, user: { 'client-certificate-data': Buffer.from(cert.cert).toString('base64'), 'client-key-data': Buffer.from(cert.key).toString('base64') } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
  });
}
