/** networking.k8s.io/v1 kinds: Ingress and IngressClass, and how an Ingress chooses its backend. */
import type { KubeObject, ObjectMeta } from './meta';

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface ServiceBackendPort {
  name?: string;
  number?: number;
}

export interface IngressServiceBackend {
  name: string;
  port?: ServiceBackendPort;
}

export interface TypedLocalObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
}

export interface IngressBackend {
  service?: IngressServiceBackend;
  resource?: TypedLocalObjectReference;
}

export interface HTTPIngressPath {
  path?: string;
  pathType?: PathType;
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths: HTTPIngressPath[] };
}

export interface IngressTLS {
  hosts?: string[];
  secretName?: string;
}

export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  tls?: IngressTLS[];
  rules?: IngressRule[];
}

export interface IngressLoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ports?: { port: number; protocol: string; error?: string }[];
}

export interface IngressStatus {
  loadBalancer?: { ingress?: IngressLoadBalancerIngress[] };
}

export interface Ingress extends KubeObject {
  metadata: ObjectMeta;
  spec?: IngressSpec;
  status?: IngressStatus;
}

export interface IngressClassParametersReference {
  apiGroup?: string;
  kind: string;
  name: string;
  scope?: string;
  namespace?: string;
}

export interface IngressClass extends KubeObject {
  metadata: ObjectMeta;
  spec?: { controller?: string; parameters?: IngressClassParametersReference };
}

/** DEFAULT_CLASS_ANNOTATION marks the IngressClass given to Ingresses that name none. */
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
/** LEGACY_CLASS_ANNOTATION is the pre-IngressClass way of naming a class. */
export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** KUBEDECK_INGRESS_CLASS and KUBEDECK_INGRESS_CONTROLLER name Kubedeck's own class and controller. */
export const KUBEDECK_INGRESS_CLASS = 'kubedeck';
export const KUBEDECK_INGRESS_CONTROLLER = 'kubedeck.io/ingress-haproxy';
/** Annotations on the kubedeck IngressClass: the host ports (on 127.0.0.1) the ingress controller listens on. */
export const HTTP_PORT_ANNOTATION = 'ingress.kubedeck.io/http-port';
export const HTTPS_PORT_ANNOTATION = 'ingress.kubedeck.io/https-port';

/** isDefaultClass reports whether an IngressClass carries the default-class annotation set to "true". */
export function isDefaultClass(c: Readonly<IngressClass>): boolean {
  return c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
}

/** backendPortText renders a service backend's port: its number or its name. */
export function backendPortText(port: ServiceBackendPort | undefined): string {
  if (!port) return '';
  return port.number !== undefined ? String(port.number) : (port.name ?? '');
}

/** backendText renders a backend as kubectl describe does: `svc:80`, or `Kind/name` for a resource. */
export function backendText(b: IngressBackend | undefined): string {
  if (!b) return '';
  if (b.service) return `${b.service.name}:${backendPortText(b.service.port)}`;
  if (b.resource) return `${b.resource.apiGroup ? `${b.resource.apiGroup}/` : ''}${b.resource.kind}/${b.resource.name}`;
  return '';
}

/** ingressHosts are the distinct rule hosts of an Ingress, in order ('' for a rule without host is left out). */
export function ingressHosts(ing: Readonly<Ingress>): string[] {
  const out: string[] = [];
  for (const r of ing.spec?.rules ?? []) if (r.host && !out.includes(r.host)) out.push(r.host);
  return out;
}

/** tlsHosts are the hosts an Ingress serves over TLS. */
export function tlsHosts(ing: Readonly<Ingress>): Set<string> {
  return new Set((ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []));
}

/** IngressRuleRow is one host/path rule as the app lists it. */
export interface IngressRuleRow {
  /** '' for a rule without host (any host). */
  host: string;
  path: string;
  pathType: string;
  /** The backend Service, when the backend is one. */
  service?: string;
  /** `svc:port` or `Kind/name`. */
  backend: string;
  tls: boolean;
}

/** ingressRuleRows flattens an Ingress's rules into one row per path, in the order written. */
export function ingressRuleRows(ing: Readonly<Ingress>): IngressRuleRow[] {
  const tls = tlsHosts(ing);
  const rows: IngressRuleRow[] = [];
  for (const r of ing.spec?.rules ?? []) {
    const host = r.host ?? '';
    for (const p of r.http?.paths ?? []) {
      rows.push({
        host,
        path: p.path || '/',
        pathType: p.pathType ?? '',
        ...(p.backend?.service?.name ? { service: p.backend.service.name } : {}),
        backend: backendText(p.backend),
        tls: !!host && tls.has(host),
      });
    }
  }
  return rows;
}

/**
 * hostUrl is where a browser reaches a rule's host through Kubedeck's ingress
 * on 127.0.0.1: `http://web.localhost:8080/` (no port when it is the
 * scheme's own). A rule without host answers on localhost; a wildcard host
 * has no one address (undefined).
 */
export function hostUrl(host: string, port: number, scheme: 'http' | 'https' = 'http', path = '/'): string | undefined {
  if (host.includes('*')) return undefined;
  const name = host || 'localhost';
  const own = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
  return `${scheme}://${name}${own ? '' : `:${port}`}${path.startsWith('/') ? path : `/${path}`}`;
}

/** ingressPortsOf reads the host ports the kubedeck IngressClass records (undefined before the controller ran). */
export function ingressPortsOf(cls: Readonly<IngressClass> | undefined): { http: number; https: number } | undefined {
  const http = Number(cls?.metadata.annotations?.[HTTP_PORT_ANNOTATION]);
  const https = Number(cls?.metadata.annotations?.[HTTPS_PORT_ANNOTATION]);
  return http > 0 && https > 0 ? { http, https } : undefined;
}
