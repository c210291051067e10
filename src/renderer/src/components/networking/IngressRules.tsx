/**
 * An Ingress's rules: host, path, path type and backend (the Service as a
 * link), with a link to each host through Kubedeck's ingress on 127.0.0.1
 * (its ports come from the kubedeck IngressClass). `*.localhost` names need
 * no DNS: browsers resolve them to the loopback address themselves.
 */
import { backendText, hostUrl, ingressPortsOf, ingressRuleRows, type Ingress, type IngressClass } from '../../../../shared/api/networking';
import { GVR } from '../../../../shared/api/resources';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { ObjectLink } from '../resources/ObjectLink';
import './ingress-rules.css';

function HostLinks({ host, ports, tls }: { host: string; ports: { http: number; https: number } | undefined; tls: boolean }) {
  const http = ports ? hostUrl(host, ports.http) : undefined;
  const https = ports && tls ? hostUrl(host, ports.https, 'https') : undefined;
  return (
    <>
      <span className="mono">{host || '*'}</span>
      {http ? (
        <a className="ingress-host-link" href={http} target="_blank" rel="noreferrer" data-testid="ingress-host-link" data-host={host}>
          {http}
        </a>
      ) : null}
      {https ? (
        <a className="ingress-host-link" href={https} target="_blank" rel="noreferrer" data-testid="ingress-host-link-tls" data-host={host}>
          {https}
        </a>
      ) : null}
    </>
  );
}

export function IngressRules({ ingress }: { ingress: Ingress }) {
  const classes = useListWatch<IngressClass>(GVR.ingressclasses);
  const ns = ingress.metadata.namespace;
  const cls = classes.items.find((c) => c.metadata.name === ingress.spec?.ingressClassName);
  const ports = ingressPortsOf(cls);
  const rows = ingressRuleRows(ingress);
  const def = ingress.spec?.defaultBackend;
  return (
    <>
      <h2>Rules</h2>
      {!ports && !classes.isLoading ? (
        <p className="muted" data-testid="ingress-no-controller">
          No host links: the class {ingress.spec?.ingressClassName ?? '(none)'} records no ports (only Kubedeck&apos;s own class, kubedeck, is served here).
        </p>
      ) : null}
      <table className="table" data-testid="ingress-rules">
        <thead>
          <tr>
            <th>Host</th>
            <th>Path</th>
            <th>Path type</th>
            <th>Backend</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.host}/${r.path}/${i}`} data-testid="ingress-rule" data-host={r.host} data-path={r.path} data-path-type={r.pathType} data-backend={r.backend}>
              <td>
                <div className="ingress-host">
                  <HostLinks host={r.host} ports={ports} tls={r.tls} />
                </div>
              </td>
              <td className="mono">{r.path}</td>
              <td>{r.pathType}</td>
              <td>{r.service ? <ObjectLink kind="Service" name={r.service} namespace={ns} label={r.backend} /> : r.backend}</td>
            </tr>
          ))}
          {def ? (
            <tr data-testid="ingress-default-backend" data-backend={backendText(def)}>
              <td className="muted">any other request</td>
              <td className="muted">—</td>
              <td className="muted">default backend</td>
              <td>{def.service ? <ObjectLink kind="Service" name={def.service.name} namespace={ns} label={backendText(def)} /> : backendText(def)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </>
  );
}
