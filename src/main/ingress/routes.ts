/**
 * From Ingresses to an ordered route table, with Kubernetes' matching rules
 * (https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types):
 * a rule with a host beats a wildcard host, which beats a rule without one;
 * among a host's paths the longest wins, and Exact beats Prefix at equal
 * length. Prefix matches path elements: `/api` matches `/api`, `/api/` and
 * `/api/v1`, not `/apis`. ImplementationSpecific is treated as Prefix.
 * When two Ingresses claim the same host and path, the older one wins.
 */
import type { Ingress, IngressServiceBackend, PathType } from '../../shared/api/networking';

/** BackendRef names a Service port in a namespace. */
export interface BackendRef {
  namespace: string;
  service: string;
  /** A port number, or a port name. */
  port: number | string;
}

/** Route is one host/path rule, in match order. */
export interface Route {
  /** '' for any host; `*.example.com` for a wildcard. */
  host: string;
  /** The path as written (Prefix paths keep their trailing slash here; matching ignores it). */
  path: string;
  pathType: PathType;
  backend: BackendRef;
  /** The Ingress the rule comes from (`namespace/name`). */
  from: string;
}

/** backendRef turns an Ingress's service backend into a BackendRef (undefined for resource backends or a port missing). */
export function backendRef(namespace: string, s: IngressServiceBackend | undefined): BackendRef | undefined {
  if (!s?.name) return undefined;
  const port = s.port?.number ?? s.port?.name;
  if (port === undefined || port === '') return undefined;
  return { namespace, service: s.name, port };
}

function byAge(a: Readonly<Ingress>, b: Readonly<Ingress>): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata.namespace}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function hostRank(host: string): number {
  if (!host) return 2;
  return host.startsWith('*.') ? 1 : 0;
}

/** prefixBase is a Prefix path without its trailing slashes ('' for `/`: it matches everything). */
export function prefixBase(path: string): string {
  return path.replace(/\/+$/, '');
}

function matchLength(r: Route): number {
  return r.pathType === 'Exact' ? r.path.length : prefixBase(r.path || '/').length;
}

/** buildRoutes lists every rule of the given Ingresses in the order they must be tried. */
export function buildRoutes(ingresses: readonly Readonly<Ingress>[]): Route[] {
  const out: Route[] = [];
  const seen = new Set<string>();
  for (const ing of [...ingresses].sort(byAge)) {
    const ns = ing.metadata.namespace ?? 'default';
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const backend = backendRef(ns, p.backend?.service);
        if (!backend) continue;
        const pathType: PathType = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
        const path = p.path || '/';
        const route: Route = { host: (rule.host ?? '').toLowerCase(), path, pathType, backend, from: `${ns}/${ing.metadata.name}` };
        const key = `${route.host} ${route.pathType} ${pathType === 'Exact' ? path : prefixBase(path)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(route);
      }
    }
  }
  // Array.prototype.sort is stable: ties keep the older Ingress first.
  return out.sort((a, b) => hostRank(a.host) - hostRank(b.host) || matchLength(b) - matchLength(a) || (a.pathType === 'Exact' ? 0 : 1) - (b.pathType === 'Exact' ? 0 : 1));
}

/** defaultBackendOf is the oldest Ingress's spec.defaultBackend, if any declares one. */
export function defaultBackendOf(ingresses: readonly Readonly<Ingress>[]): BackendRef | undefined {
  for (const ing of [...ingresses].sort(byAge)) {
    const b = backendRef(ing.metadata.namespace ?? 'default', ing.spec?.defaultBackend?.service);
    if (b) return b;
  }
  return undefined;
}

/** hostMatches reports whether a request's host (lower case, without port) matches a rule host. */
export function hostMatches(ruleHost: string, host: string): boolean {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
  }
  return ruleHost === host;
}

/** pathMatches reports whether a request path matches a route's path and type. */
export function pathMatches(r: Pick<Route, 'path' | 'pathType'>, path: string): boolean {
  if (r.pathType === 'Exact') return path === r.path;
  const base = prefixBase(r.path);
  return base === '' || path === base || path.startsWith(`${base}/`);
}

/** matchRoute is the route a request takes (undefined: the default backend). HAProxy's configuration encodes the same order. */
export function matchRoute(routes: readonly Route[], host: string, path: string): Route | undefined {
  return routes.find((r) => hostMatches(r.host, host) && pathMatches(r, path));
}
