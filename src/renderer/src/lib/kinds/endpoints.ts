/** Endpoints: the addresses behind a Service, each linked to its pod. */
import type { Endpoints } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { AGE, sameNamespace } from './common';
import type { KindDescriptor } from './kind';

function addresses(e: Endpoints): string {
  const out: string[] = [];
  for (const s of e.subsets ?? []) for (const a of s.addresses ?? []) for (const p of s.ports ?? [{ port: 0 }]) out.push(p.port ? `${a.ip}:${p.port}` : a.ip);
  return out.join(', ') || '<none>';
}

export const endpointsKind: KindDescriptor = {
  kind: 'Endpoints',
  resource: 'endpoints',
  kubectlName: 'endpoints',
  title: 'Endpoints',
  gvr: GVR.endpoints,
  namespaced: true,
  columns: [{ header: 'Endpoints', value: (o) => addresses(o as Endpoints) }, AGE],
  facts: (o) => {
    const e = o as Endpoints;
    const notReady = (e.subsets ?? []).flatMap((s) => s.notReadyAddresses ?? []).map((a) => a.ip);
    return [
      { term: 'Ready addresses', value: addresses(e) },
      { term: 'Not ready', value: notReady.join(', ') || '<none>' },
    ];
  },
  links: (o) => {
    const e = o as Endpoints;
    const pods = (e.subsets ?? []).flatMap((s) => [...(s.addresses ?? []).map((a) => ({ a, ready: true })), ...(s.notReadyAddresses ?? []).map((a) => ({ a, ready: false }))]);
    return pods.flatMap(({ a, ready }) =>
      a.targetRef?.kind === 'Pod' && a.targetRef.name ? [{ kind: 'Pod', name: a.targetRef.name, namespace: a.targetRef.namespace ?? e.metadata.namespace, note: `${a.ip}${ready ? '' : ' (not ready)'}` }] : [],
    );
  },
  related: [{ title: 'Service', resource: 'services', select: (e, s) => sameNamespace(e, s) && s.metadata.name === e.metadata.name }],
};
