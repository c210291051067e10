/** The ingresses and ingressclasses tables, as kubectl's printIngress/printIngressClass. */
import type { KubeObject } from '../../../shared/api/meta';
import type { Ingress, IngressClass } from '../../../shared/api/networking';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

/** formatHosts renders up to three rule hosts, "* " without any (kubectl's formatHosts). */
export function formatHosts(ing: Ingress): string {
  const hosts: string[] = [];
  const max = 3;
  let more = false;
  for (const r of ing.spec?.rules ?? []) {
    if (!r.host) continue;
    if (hosts.length === max) {
      more = true;
      break;
    }
    hosts.push(r.host);
  }
  if (!hosts.length) return '*';
  const text = hosts.join(',');
  return more ? `${text} + ${(ing.spec?.rules ?? []).filter((r) => r.host).length - max} more...` : text;
}

function ingressAddress(ing: Ingress): string {
  return (ing.status?.loadBalancer?.ingress ?? [])
    .map((i) => i.ip || i.hostname || '')
    .filter(Boolean)
    .join(',');
}

/** ingressPrinter is the ingresses table. */
export const ingressPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Class', 'string', 'The name of the IngressClass resource that should be used for ingress.'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const ing = obj as Ingress;
    return [
      ing.metadata.name ?? '',
      ing.spec?.ingressClassName ?? '<none>',
      formatHosts(ing),
      ingressAddress(ing),
      ing.spec?.tls?.length ? '80, 443' : '80',
      translateTimestampSince(ing.metadata.creationTimestamp, now),
    ];
  },
};

/** ingressClassPrinter is the ingressclasses table. */
export const ingressClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const c = obj as IngressClass;
    const p = c.spec?.parameters;
    const params = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [c.metadata.name ?? '', c.spec?.controller ?? '', params, translateTimestampSince(c.metadata.creationTimestamp, now)];
  },
};
