/** Services: type, addresses, ports; their Endpoints and the pods behind them. */
import type { Endpoints, Pod, Service } from '../../../../shared/api/core';
import type { Ingress } from '../../../../shared/api/networking';
import { GVR } from '../../../../shared/api/resources';
import { servicePorts, serviceSelector } from '../k8s/service';
import { podStatus } from '../k8s/pod';
import { AGE, sameNamespace } from './common';
import { ingressServices } from './ingress';
import type { KindDescriptor } from './kind';

/** endpointPodNames lists the pods an Endpoints object names (ready and not ready). */
export function endpointPodNames(e: Endpoints): string[] {
  return (e.subsets ?? []).flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]).flatMap((a) => (a.targetRef?.kind === 'Pod' && a.targetRef.name ? [a.targetRef.name] : []));
}

export const serviceKind: KindDescriptor = {
  kind: 'Service',
  resource: 'services',
  kubectlName: 'service',
  title: 'Services',
  gvr: GVR.services,
  namespaced: true,
  columns: [
    { header: 'Type', value: (o) => (o as Service).spec?.type ?? 'ClusterIP' },
    { header: 'Cluster IP', value: (o) => (o as Service).spec?.clusterIP ?? '<none>', wide: true },
    { header: 'Ports', value: (o) => servicePorts(o as Service) },
    { header: 'Selector', value: (o) => serviceSelector(o as Service), wide: true },
    AGE,
  ],
  facts: (o) => {
    const s = o as Service;
    return [
      { term: 'Type', value: s.spec?.type ?? 'ClusterIP' },
      { term: 'Cluster IP', value: s.spec?.clusterIP ?? '<none>' },
      { term: 'Ports', value: servicePorts(s) },
      { term: 'Selector', value: serviceSelector(s) },
    ];
  },
  related: [
    { title: 'Endpoints', resource: 'endpoints', select: (s, e) => sameNamespace(s, e) && e.metadata.name === s.metadata.name },
    { title: 'EndpointSlices', resource: 'endpointslices', select: (s, e) => sameNamespace(s, e) && e.metadata.labels?.['kubernetes.io/service-name'] === s.metadata.name },
    {
      title: "Pods behind it (the Endpoints' addresses)",
      resource: 'pods',
      uses: 'endpoints',
      select: (s, p, endpoints) =>
        sameNamespace(s, p) &&
        endpoints.some((e) => sameNamespace(e, s) && e.metadata.name === s.metadata.name && endpointPodNames(e as Endpoints).includes(p.metadata.name ?? '')),
      note: (p) => podStatus(p as Pod),
    },
    { title: 'Ingresses sending to it', resource: 'ingresses', select: (s, i) => sameNamespace(s, i) && ingressServices(i as Ingress).includes(s.metadata.name ?? '') },
  ],
};
