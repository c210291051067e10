/** EndpointSlices: a Service's backends as the EndpointSlice controller keeps them, each linked to its pod. */
import { SERVICE_NAME_LABEL, type EndpointSlice } from '../../../../shared/api/discovery';
import { GVR } from '../../../../shared/api/resources';
import { AGE, sameNamespace } from './common';
import type { KindDescriptor } from './kind';

const slice = (o: unknown) => o as EndpointSlice;

function ports(s: EndpointSlice): string {
  return (s.ports ?? []).map((p) => (p.port === undefined ? '<unset>' : String(p.port))).join(',') || '<unset>';
}

function addresses(s: EndpointSlice, ready: boolean): string[] {
  return (s.endpoints ?? []).filter((e) => (e.conditions?.ready ?? true) === ready).flatMap((e) => e.addresses);
}

export const endpointSliceKind: KindDescriptor = {
  kind: 'EndpointSlice',
  resource: 'endpointslices',
  kubectlName: 'endpointslices',
  title: 'EndpointSlices',
  gvr: GVR.endpointslices,
  namespaced: true,
  columns: [
    { header: 'Address type', value: (o) => slice(o).addressType },
    { header: 'Ports', value: (o) => ports(slice(o)) },
    { header: 'Endpoints', value: (o) => addresses(slice(o), true).join(', ') || '<unset>' },
    AGE,
  ],
  facts: (o) => {
    const s = slice(o);
    return [
      { term: 'Service', value: s.metadata.labels?.[SERVICE_NAME_LABEL] ?? '<none>' },
      { term: 'Address type', value: s.addressType },
      { term: 'Ports', value: (s.ports ?? []).map((p) => `${p.name ? `${p.name} ` : ''}${p.port ?? '<unset>'}/${p.protocol ?? 'TCP'}`).join(', ') || '<unset>' },
      { term: 'Ready', value: addresses(s, true).join(', ') || '<none>' },
      { term: 'Not ready', value: addresses(s, false).join(', ') || '<none>' },
    ];
  },
  links: (o) => {
    const s = slice(o);
    return (s.endpoints ?? []).flatMap((e) =>
      e.targetRef?.kind === 'Pod' && e.targetRef.name
        ? [{ kind: 'Pod', name: e.targetRef.name, namespace: e.targetRef.namespace ?? s.metadata.namespace, note: `${e.addresses.join(', ')}${e.conditions?.ready === false ? ' (not ready)' : ''}` }]
        : [],
    );
  },
  related: [{ title: 'Service', resource: 'services', select: (e, s) => sameNamespace(e, s) && s.metadata.name === e.metadata.labels?.[SERVICE_NAME_LABEL] }],
};
