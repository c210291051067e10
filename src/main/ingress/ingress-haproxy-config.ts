/**
 * The ingress controller's HAProxy configuration: one HTTP frontend on :80,
 * one HTTPS frontend on :443 (when some Ingress has a usable TLS Secret)
 * choosing the certificate by SNI through a crt-list, both routing by the
 * route table of routes.ts to backends whose servers are the Services' ready
 * endpoints (as ingress-nginx does), then the default backend, then 404.
 * Pure: the Docker side is the Service proxy's (proxy/proxy-docker.ts).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { Endpoints, Secret, Service } from '../../shared/api/core';
import type { Ingress } from '../../shared/api/networking';
import { backendsFor, CONFIG_DIR, type Backend } from '../proxy/haproxy-config';
import { buildRoutes, defaultBackendOf, prefixBase, type BackendRef, type Route } from './routes';

/** What the configuration is computed from (read from the informers' caches). */
export interface IngressInputs {
  ingresses: readonly Readonly<Ingress>[];
  service(namespace: string, name: string): Readonly<Service> | undefined;
  endpoints(namespace: string, name: string): Readonly<Endpoints> | undefined;
  secret(namespace: string, name: string): Readonly<Secret> | undefined;
}

/** RenderedIngressConfig is haproxy.cfg plus the files it reads (paths relative to CONFIG_DIR). */
export interface RenderedIngressConfig {
  config: string;
  files: Record<string, string>;
  /** Problems worth an Event on the Ingress (`namespace/name` → messages): a missing or unusable TLS Secret. */
  warnings: Map<string, string[]>;
}

/** SAFE_PATH: a path HAProxy's configuration can hold as a bare word (no quotes, comment sign, backslash or blank). */
const SAFE_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/]*$/;

/** CRT_LIST is the crt-list file: one certificate per line with the SNI names it serves. */
export const CRT_LIST = 'certs.list';

function haproxyName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

function backendId(b: BackendRef): string {
  return haproxyName(`be_${b.namespace}_${b.service}_${b.port}`);
}

/** hostCondition is the HAProxy condition for a rule host ('' for any host). Hosts hold only [a-z0-9.-*], so `[.]` spells a literal dot. */
function hostCondition(host: string): string {
  if (!host) return '';
  if (host.startsWith('*.')) return `{ var(txn.host) -m reg ^[^.]+${host.slice(1).replace(/\./g, '[.]')}$ }`;
  return `{ var(txn.host) -m str ${host} }`;
}

/** routeCondition is the `if …` of one route: AND binds tighter than ||, so each alternative repeats the host test. */
function routeCondition(r: Route): string {
  const host = hostCondition(r.host);
  const and = (p: string) => [host, p].filter(Boolean).join(' ');
  if (r.pathType === 'Exact') return and(`{ path -m str ${r.path} }`);
  const base = prefixBase(r.path);
  if (!base) return host;
  return `${and(`{ path -m str ${base} }`)} || ${and(`{ path -m beg ${base}/ }`)}`;
}

/** resolveServers finds a backend's servers: the ready endpoints of the Service port it names (by number or name). */
function resolveServers(b: BackendRef, inputs: IngressInputs): Backend[] {
  const svc = inputs.service(b.namespace, b.service);
  const sp = (svc?.spec?.ports ?? []).find((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port));
  if (!sp) return [];
  return backendsFor(sp, inputs.endpoints(b.namespace, b.service));
}

/** tlsCertificate returns the PEM (certificate then key) of a kubernetes.io/tls Secret, or why it cannot be used. */
export function tlsCertificate(secret: Readonly<Secret> | undefined): { pem: string } | { error: string } {
  if (!secret) return { error: 'not found' };
  if (secret.type !== 'kubernetes.io/tls') return { error: `has type ${secret.type ?? 'Opaque'}, not kubernetes.io/tls` };
  const crt = Buffer.from(secret.data?.['tls.crt'] ?? '', 'base64').toString('utf8');
  const key = Buffer.from(secret.data?.['tls.key'] ?? '', 'base64').toString('utf8');
  try {
    // HAProxy refuses a configuration with a bad certificate as a whole: check here, so one bad Secret costs only its hosts.
    new X509Certificate(crt);
    createPrivateKey(key);
  } catch (err) {
    return { error: `does not hold a PEM certificate and key: ${err instanceof Error ? err.message : String(err)}` };
  }
  return { pem: `${crt.trim()}\n${key.trim()}\n` };
}

/** certificates collects the TLS Secrets the Ingresses name, with the SNI host names each serves. */
function certificates(inputs: IngressInputs, warnings: Map<string, string[]>): { files: Record<string, string>; lines: string[] } {
  const byFile = new Map<string, { pem: string; hosts: Set<string>; any: boolean }>();
  for (const ing of inputs.ingresses) {
    const ns = ing.metadata.namespace ?? 'default';
    for (const t of ing.spec?.tls ?? []) {
      if (!t.secretName) continue;
      const cert = tlsCertificate(inputs.secret(ns, t.secretName));
      if ('error' in cert) {
        const key = `${ns}/${ing.metadata.name}`;
        warnings.set(key, [...(warnings.get(key) ?? []), `TLS Secret ${ns}/${t.secretName} ${cert.error}`]);
        continue;
      }
      const file = `cert-${haproxyName(`${ns}_${t.secretName}`)}.pem`;
      const entry = byFile.get(file) ?? { pem: cert.pem, hosts: new Set<string>(), any: false };
      for (const h of t.hosts ?? []) entry.hosts.add(h.toLowerCase());
      if (!t.hosts?.length) entry.any = true;
      byFile.set(file, entry);
    }
  }
  const files: Record<string, string> = {};
  const lines: string[] = [];
  for (const [file, e] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    files[file] = e.pem;
    // Without hosts the certificate answers any name its own CN/SANs cover; the first line is also the default certificate.
    lines.push(e.any ? `${CONFIG_DIR}/${file}` : `${CONFIG_DIR}/${file} ${[...e.hosts].sort().join(' ')}`);
  }
  return { files, lines };
}

/** renderIngressConfig computes haproxy.cfg and its certificate files for the given Ingresses. */
export function renderIngressConfig(inputs: IngressInputs): RenderedIngressConfig {
  const warnings = new Map<string, string[]>();
  const routes = buildRoutes(inputs.ingresses).filter((r) => {
    if (SAFE_PATH.test(r.path)) return true;
    warnings.set(r.from, [...(warnings.get(r.from) ?? []), `path ${JSON.stringify(r.path)} is not served: it holds characters the ingress controller does not route on`]);
    return false;
  });
  const def = defaultBackendOf(inputs.ingresses);
  const { files, lines: crtLines } = certificates(inputs, warnings);
  const refs = new Map<string, BackendRef>();
  for (const r of routes) refs.set(backendId(r.backend), r.backend);
  if (def) refs.set(backendId(def), def);

  const routing: string[] = ['  http-request set-var(txn.host) req.hdr(host),field(1,:),lower'];
  for (const r of routes) {
    const cond = routeCondition(r);
    routing.push(`  # ${r.from}: ${r.host || '*'} ${r.path} (${r.pathType})`, cond ? `  use_backend ${backendId(r.backend)} if ${cond}` : `  use_backend ${backendId(r.backend)}`);
  }
  routing.push(`  default_backend ${def ? backendId(def) : 'be_default_404'}`);

  const out = [
    `# Written by Kubedeck's ingress controller from ${inputs.ingresses.length} Ingress(es). Do not edit.`,
    'global',
    '  stats socket /run/haproxy.sock mode 600 level admin expose-fd listeners',
    '',
    'defaults',
    '  mode http',
    '  option forwardfor',
    '  timeout connect 5s',
    '  timeout http-request 30s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout tunnel 1h',
    '  retries 3',
    '  option redispatch 1',
    '',
    'frontend http',
    '  bind :80',
    ...routing,
    '',
  ];
  if (crtLines.length) {
    files[CRT_LIST] = `${crtLines.join('\n')}\n`;
    out.push('frontend https', `  bind :443 ssl crt-list ${CONFIG_DIR}/${CRT_LIST}`, '  http-request set-header X-Forwarded-Proto https', ...routing, '');
  }
  for (const [id, ref] of [...refs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const servers = resolveServers(ref, inputs);
    out.push(`backend ${id}`, `  # ${ref.namespace}/${ref.service}:${ref.port}: ${servers.length} ready endpoint(s)`, '  balance roundrobin');
    const used = new Set<string>();
    for (const s of servers) {
      let n = haproxyName(s.name);
      if (used.has(n)) n = haproxyName(`${s.name}-${s.ip}-${s.port}`);
      used.add(n);
      out.push(`  server ${n} ${s.ip}:${s.port}`);
    }
    out.push('');
  }
  out.push('backend be_default_404', '  http-request return status 404 content-type text/plain string "404 page not found"', '');
  return { config: out.join('\n'), files, warnings };
}
