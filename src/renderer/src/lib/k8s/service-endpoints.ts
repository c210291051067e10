/**
 * The endpoints of a Service as the Service view lists them: the ready and
 * not-ready addresses of its Endpoints object (what the API serves; there
 * are no EndpointSlices), plus the selected pods that are terminating. The
 * endpoints controller drops a pod from Endpoints as soon as it has a
 * deletionTimestamp (so the proxy stops sending it traffic before SIGTERM);
 * such a pod is listed as "terminating" until it is gone, as an
 * EndpointSlice's `terminating` condition would show it.
 */
import type { Endpoints, Pod, Service } from '../../../../shared/api/core';
import { matchesLabels } from './labels';

export type EndpointState = 'ready' | 'not ready' | 'terminating';

/** EndpointRow is one address of the Service. */
export interface EndpointRow {
  ip: string;
  pod?: string;
  node?: string;
  ports: string;
  state: EndpointState;
}

/** serviceEndpointRows lists a Service's endpoints: ready first, then not ready, then terminating; each group by pod name. */
export function serviceEndpointRows(svc: Service, endpoints: Endpoints | undefined, pods: readonly Pod[]): EndpointRow[] {
  const rows: EndpointRow[] = [];
  const seen = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    const ports = (subset.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ');
    for (const [list, state] of [[subset.addresses, 'ready'], [subset.notReadyAddresses, 'not ready']] as const) {
      for (const a of list ?? []) {
        const pod = a.targetRef?.kind === 'Pod' ? a.targetRef.name : undefined;
        if (pod) seen.add(pod);
        rows.push({ ip: a.ip, ...(pod ? { pod } : {}), ...(a.nodeName ? { node: a.nodeName } : {}), ports, state });
      }
    }
  }
  const selector = svc.spec?.selector;
  const ns = svc.metadata.namespace;
  for (const p of pods) {
    if (!p.metadata.deletionTimestamp || p.metadata.namespace !== ns || seen.has(p.metadata.name ?? '')) continue;
    if (!selector || !matchesLabels(p.metadata.labels, selector)) continue;
    // Gone already as far as traffic goes; still shown until its containers stopped.
    rows.push({ ip: p.status?.podIP ?? '<none>', pod: p.metadata.name ?? '', ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}), ports: '', state: 'terminating' });
  }
  const order: Record<EndpointState, number> = { ready: 0, 'not ready': 1, terminating: 2 };
  return rows.sort((a, b) => order[a.state] - order[b.state] || (a.pod ?? a.ip).localeCompare(b.pod ?? b.ip));
}
