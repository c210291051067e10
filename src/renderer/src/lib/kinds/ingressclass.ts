/** IngressClasses: the controller behind each, which is the default, and (for kubedeck) the host ports it listens on. */
import { ingressPortsOf, isDefaultClass, type IngressClass, type Ingress } from '../../../../shared/api/networking';
import { GVR } from '../../../../shared/api/resources';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

const cls = (o: unknown) => o as IngressClass;

function parameters(c: IngressClass): string {
  const p = c.spec?.parameters;
  return p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
}

export const ingressClassKind: KindDescriptor = {
  kind: 'IngressClass',
  resource: 'ingressclasses',
  kubectlName: 'ingressclass.networking.k8s.io',
  title: 'Ingress classes',
  gvr: GVR.ingressclasses,
  namespaced: false,
  columns: [
    { header: 'Controller', value: (o) => cls(o).spec?.controller ?? '' },
    { header: 'Parameters', value: (o) => parameters(cls(o)) },
    { header: 'Default', value: (o) => (isDefaultClass(cls(o)) ? 'yes' : ''), wide: true },
    AGE,
  ],
  facts: (o) => {
    const c = cls(o);
    const ports = ingressPortsOf(c);
    return [
      { term: 'Controller', value: c.spec?.controller ?? '' },
      { term: 'Parameters', value: parameters(c) },
      { term: 'Default class', value: isDefaultClass(c) ? 'yes' : 'no' },
      ...(ports ? [{ term: 'Listens on', value: `http://127.0.0.1:${ports.http}, https://127.0.0.1:${ports.https}` }] : []),
    ];
  },
  related: [{ title: 'Ingresses of this class', resource: 'ingresses', select: (c, i) => (i as Ingress).spec?.ingressClassName === c.metadata.name }],
};
