/** Ingresses: class, hosts, address and ports as kubectl shows them; the Services their rules send to. */
import { backendText, ingressHosts, ingressRuleRows, type Ingress } from '../../../../shared/api/networking';
import { GVR } from '../../../../shared/api/resources';
import { AGE, sameNamespace } from './common';
import type { KindDescriptor } from './kind';

const ing = (o: unknown) => o as Ingress;

/** ingressHostsText is kubectl's HOSTS column: up to three hosts, `*` without any. */
export function ingressHostsText(i: Ingress): string {
  const hosts = (i.spec?.rules ?? []).map((r) => r.host).filter((h): h is string => !!h);
  if (!hosts.length) return '*';
  return hosts.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${hosts.length - 3} more...` : hosts.join(',');
}

/** ingressAddress is kubectl's ADDRESS column. */
export function ingressAddress(i: Ingress): string {
  return (i.status?.loadBalancer?.ingress ?? [])
    .map((x) => x.ip || x.hostname || '')
    .filter(Boolean)
    .join(',');
}

/** ingressServices are the Services an Ingress sends to (rules and default backend). */
export function ingressServices(i: Ingress): string[] {
  const names = ingressRuleRows(i).flatMap((r) => (r.service ? [r.service] : []));
  if (i.spec?.defaultBackend?.service?.name) names.push(i.spec.defaultBackend.service.name);
  return [...new Set(names)];
}

export const ingressKind: KindDescriptor = {
  kind: 'Ingress',
  resource: 'ingresses',
  kubectlName: 'ingress.networking.k8s.io',
  title: 'Ingresses',
  gvr: GVR.ingresses,
  namespaced: true,
  columns: [
    { header: 'Class', value: (o) => ing(o).spec?.ingressClassName ?? '<none>' },
    { header: 'Hosts', value: (o) => ingressHostsText(ing(o)) },
    { header: 'Address', value: (o) => ingressAddress(ing(o)) },
    { header: 'Ports', value: (o) => (ing(o).spec?.tls?.length ? '80, 443' : '80') },
    AGE,
  ],
  facts: (o) => {
    const i = ing(o);
    return [
      { term: 'Class', value: i.spec?.ingressClassName ?? '<none>' },
      { term: 'Hosts', value: ingressHosts(i).join(', ') || '*' },
      { term: 'Address', value: ingressAddress(i) || '<pending>' },
      { term: 'Default backend', value: backendText(i.spec?.defaultBackend) || '<default>' },
      { term: 'TLS', value: (i.spec?.tls ?? []).map((t) => `${t.secretName ?? '<no secret>'} terminates ${(t.hosts ?? []).join(',') || '*'}`).join('; ') || '<none>' },
    ];
  },
  links: (o) => {
    const i = ing(o);
    return [
      ...(i.spec?.ingressClassName ? [{ kind: 'IngressClass', name: i.spec.ingressClassName, note: 'class' }] : []),
      ...(i.spec?.tls ?? []).flatMap((t) => (t.secretName ? [{ kind: 'Secret', name: t.secretName, namespace: i.metadata.namespace, note: 'TLS' }] : [])),
    ];
  },
  related: [
    {
      title: 'Services it sends to',
      resource: 'services',
      select: (i, s) => sameNamespace(i, s) && ingressServices(ing(i)).includes(s.metadata.name ?? ''),
    },
  ],
};
