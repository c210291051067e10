/** A Service's endpoints, live: each address with its pod, node, ports and state (ready / not ready / terminating). */
import type { Endpoints, Pod, Service } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { POD_GVR } from '../../lib/k8s/pod';
import { serviceEndpointRows } from '../../lib/k8s/service-endpoints';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { ObjectLink } from '../resources/ObjectLink';

export function ServiceEndpoints({ service }: { service: Service }) {
  const ns = service.metadata.namespace;
  const endpoints = useListWatch<Endpoints>(GVR.endpoints, ns);
  const pods = useListWatch<Pod>(POD_GVR, ns);
  if (endpoints.isLoading || pods.isLoading) return <p className="muted">Loading endpoints…</p>;
  const mine = endpoints.items.find((e) => e.metadata.name === service.metadata.name);
  const rows = serviceEndpointRows(service, mine, pods.items);
  const count = (s: string) => rows.filter((r) => r.state === s).length;
  return (
    <>
      <p className="muted" data-testid="endpoint-counts">
        {count('ready')} ready, {count('not ready')} not ready, {count('terminating')} terminating
        {service.spec?.selector ? '' : ' · no selector: the Endpoints are managed by hand'}
      </p>
      {rows.length === 0 ? (
        <p className="muted" data-testid="service-endpoints-none">
          No endpoints: no ready or starting pod matches the selector.
        </p>
      ) : (
        <table className="table" data-testid="service-endpoints">
          <thead>
            <tr>
              <th>Pod</th>
              <th>Address</th>
              <th>Ports</th>
              <th>Node</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.state}/${r.pod ?? ''}/${r.ip}`} data-testid="endpoint-row" data-pod={r.pod ?? ''} data-ip={r.ip} data-state={r.state}>
                <td>{r.pod ? <ObjectLink kind="Pod" name={r.pod} namespace={ns} label={r.pod} /> : <span className="muted">—</span>}</td>
                <td className="mono">{r.ip}</td>
                <td>{r.ports || <span className="muted">—</span>}</td>
                <td>{r.node ? <ObjectLink kind="Node" name={r.node} label={r.node} /> : <span className="muted">—</span>}</td>
                <td className={`endpoint-state-${r.state.replace(' ', '-')}`} data-testid="endpoint-state">
                  {r.state}
                  {r.state === 'terminating' ? <span className="muted"> (no traffic)</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
