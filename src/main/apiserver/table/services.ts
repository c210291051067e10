/** The service and endpoints tables, as kubectl's printService/printEndpoints. */
import type { Endpoints, Service } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { formatLabels } from '../selectors';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

function externalIP(svc: Service): string {
  const spec = (svc.spec ?? {}) as NonNullable<Service['spec']> & { externalIPs?: string[] };
  const type = spec.type ?? 'ClusterIP';
  const externalIPs = spec.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...ingress, ...externalIPs];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** servicePorts renders "80/TCP,443:30443/TCP" ("<none>" without ports). */
export function servicePorts(svc: Service): string {
  const ports = svc.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
}

/** servicePrinter is the services table. */
export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const svc = obj as Service;
    const spec = svc.spec ?? {};
    return [
      svc.metadata.name ?? '',
      spec.type ?? 'ClusterIP',
      spec.clusterIP || '<none>',
      externalIP(svc),
      servicePorts(svc),
      translateTimestampSince(svc.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};

/** formatEndpoints renders "10.0.0.1:80,10.0.0.2:80 + 3 more..." ("<none>" without subsets). */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (!ports.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** endpointsPrinter is the endpoints table. */
export const endpointsPrinter: TablePrinter = {
  columns: [nameColumn(), col('Endpoints', 'string', 'Endpoints of the service'), ageColumn()],
  cells: (obj: KubeObject, now: Date) => [obj.metadata.name ?? '', formatEndpoints(obj as Endpoints), translateTimestampSince(obj.metadata.creationTimestamp, now)],
};
