/**
 * The ingress controller's one HAProxy container per cluster: its name,
 * labels (the host ports it publishes are kept there, so a restarted
 * controller adopting it knows them) and ports, published on 127.0.0.1 only.
 * Which host ports: those asked for (config.yaml `ingress:`, default 80 and
 * 443) when free, otherwise free ones the controller picks.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { DEFAULT_CLUSTER_ID, LABEL_CLUSTER, LABEL_PROXY, LABEL_SPEC_HASH, PROXY_IMAGE, type ProxyContainerSpec } from '../proxy/haproxy-config';

/** IngressPorts are host ports on 127.0.0.1. */
export interface IngressPorts {
  http: number;
  https: number;
}

/** DEFAULT_INGRESS_PORTS are taken when config.yaml says nothing and they are free. */
export const DEFAULT_INGRESS_PORTS: IngressPorts = { http: 80, https: 443 };
export const LABEL_HTTP_PORT = 'kubedeck.ingress.http-port';
export const LABEL_HTTPS_PORT = 'kubedeck.ingress.https-port';
/** INGRESS_ROLE is the kubedeck.proxy label value of the ingress container. */
export const INGRESS_ROLE = 'ingress';

/** ingressContainerName is `kubedeck-ingress-<cluster id>` (container names are engine-wide). */
export function ingressContainerName(clusterId = DEFAULT_CLUSTER_ID): string {
  return `kubedeck-ingress-${clusterId}`;
}

/**
 * ingressContainerSpec is the container publishing HAProxy's :80 and :443 on
 * the actual host ports; its spec hash covers the image and the ports asked
 * for, so a changed config.yaml recreates it, while a fallback port does not.
 */
export function ingressContainerSpec(requested: IngressPorts, actual: IngressPorts, clusterId = DEFAULT_CLUSTER_ID, image = PROXY_IMAGE): ProxyContainerSpec {
  const hash = createHash('sha256').update(JSON.stringify({ image, requested })).digest('hex').slice(0, 16);
  return {
    name: ingressContainerName(clusterId),
    image,
    labels: {
      [LABEL_PROXY]: INGRESS_ROLE,
      [LABEL_CLUSTER]: clusterId,
      [LABEL_SPEC_HASH]: hash,
      [LABEL_HTTP_PORT]: String(actual.http),
      [LABEL_HTTPS_PORT]: String(actual.https),
    },
    aliases: [],
    publishes: [
      { containerPort: 80, hostPort: actual.http },
      { containerPort: 443, hostPort: actual.https },
    ],
  };
}

/** portsFromLabels reads the published ports back from an adopted container's labels. */
export function portsFromLabels(labels: Record<string, string> | undefined): IngressPorts | undefined {
  const http = Number(labels?.[LABEL_HTTP_PORT]);
  const https = Number(labels?.[LABEL_HTTPS_PORT]);
  return Number.isInteger(http) && http > 0 && Number.isInteger(https) && https > 0 ? { http, https } : undefined;
}

/**
 * portFree reports whether nothing listens on 127.0.0.1:port. A refusal to
 * bind for lack of privilege (a low port, not root) says nothing about the
 * port: Docker's daemon may still bind it, so it counts as free.
 */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EACCES'));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** freePort asks the kernel for a free port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
