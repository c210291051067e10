/** Services: type, cluster IP, ports and selector, live. */
import { objectHref } from '../../lib/kinds/registry';
import { SERVICE_GVR, servicePorts, serviceSelector, type Service } from '../../lib/k8s/service';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { formatAge } from '../../lib/k8s/age';
import { useNow } from '../../hooks/use-now';
import { ListState } from '../common/States';

export function ServicesTable({ namespace }: { namespace: string | undefined }) {
  const { items, isLoading, error } = useListWatch<Service>(SERVICE_GVR, namespace);
  const now = useNow(5000);
  return (
    <div className="screen" data-testid="screen-services">
      <div className="screen-header">
        <h1>Services</h1>
        <span className="muted">{items.length}</span>
      </div>
      <ListState what="services" isLoading={isLoading} error={error} count={items.length}>
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Namespace</th>
              <th>Type</th>
              <th>Cluster IP</th>
              <th>Ports</th>
              <th>Selector</th>
              <th>Age</th>
            </tr>
          </thead>
          <tbody>
            {[...items]
              .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
              .map((s) => (
                <tr key={s.metadata.uid} data-testid="service-row" data-name={s.metadata.name}>
                  <td>
                    <a href={objectHref('Service', s.metadata.namespace, s.metadata.name ?? '')} data-testid="service-link">
                      {s.metadata.name}
                    </a>
                  </td>
                  <td>{s.metadata.namespace}</td>
                  <td>{s.spec?.type ?? 'ClusterIP'}</td>
                  <td className="mono">{s.spec?.clusterIP ?? '<none>'}</td>
                  <td className="mono">{servicePorts(s)}</td>
                  <td className="mono">{serviceSelector(s)}</td>
                  <td>{formatAge(s.metadata.creationTimestamp, now)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </ListState>
    </div>
  );
}
