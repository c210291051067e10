/** Metadata, owners, the links an object names, and its related objects: the shared top of every detail page. */
import type { KubeObject } from '../../../../shared/api/meta';
import type { KindDescriptor } from '../../lib/kinds/kind';
import { formatAge } from '../../lib/k8s/age';
import { ObjectLink } from './ObjectLink';
import { RelatedObjects } from './RelatedObjects';
// CronJobs' next run in their columns and facts.
import '../../lib/kinds/cron-schedules';

/** ObjectMetadata shows namespace, age, labels, annotations and owners. */
export function ObjectMetadata({ obj, kind, now }: { obj: KubeObject; kind: KindDescriptor; now: number }) {
  const owners = obj.metadata.ownerReferences ?? [];
  const links = kind.links?.(obj) ?? [];
  return (
    <dl className="facts card" data-testid="object-metadata">
      {kind.namespaced ? (
        <>
          <dt>Namespace</dt>
          <dd>
            <ObjectLink kind="Namespace" name={obj.metadata.namespace ?? 'default'} label={obj.metadata.namespace ?? 'default'} />
          </dd>
        </>
      ) : null}
      <dt>Created</dt>
      <dd title={obj.metadata.creationTimestamp}>{formatAge(obj.metadata.creationTimestamp, now)} ago</dd>
      {owners.length > 0 ? (
        <>
          <dt>Owned by</dt>
          <dd data-testid="owners">
            {owners.map((o) => (
              <span key={o.uid} className="link-item">
                <ObjectLink kind={o.kind} name={o.name} namespace={obj.metadata.namespace} />
                {o.controller ? <span className="muted"> (controller)</span> : null}
              </span>
            ))}
          </dd>
        </>
      ) : null}
      {links.length > 0 ? (
        <>
          <dt>Refers to</dt>
          <dd data-testid="refers-to">
            {links.map((l) => (
              <span key={`${l.kind}/${l.namespace ?? ''}/${l.name}`} className="link-item">
                <ObjectLink kind={l.kind} name={l.name} namespace={l.namespace} />
                {l.note ? <span className="muted"> {l.note}</span> : null}
              </span>
            ))}
          </dd>
        </>
      ) : null}
      <dt>Labels</dt>
      <dd>
        {Object.entries(obj.metadata.labels ?? {}).map(([k, v]) => (
          <span key={k} className="label-chip">
            {k}={v}
          </span>
        ))}
        {Object.keys(obj.metadata.labels ?? {}).length === 0 ? <span className="muted">none</span> : null}
      </dd>
      <dt>Annotations</dt>
      <dd>
        {Object.entries(obj.metadata.annotations ?? {}).map(([k, v]) => (
          <div key={k} className="annotation mono small" title={v}>
            {k}={v.length > 120 ? `${v.slice(0, 120)}…` : v}
          </div>
        ))}
        {Object.keys(obj.metadata.annotations ?? {}).length === 0 ? <span className="muted">none</span> : null}
      </dd>
      {(kind.facts?.(obj) ?? []).map((f) => (
        <FactRow key={f.term} term={f.term} value={f.value} />
      ))}
    </dl>
  );
}

function FactRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd className="pre-wrap">{value}</dd>
    </>
  );
}

/** ObjectRelations shows each related set of the kind. */
export function ObjectRelations({ obj, kind }: { obj: KubeObject; kind: KindDescriptor }) {
  if (!kind.related?.length) return null;
  return (
    <div className="relations">
      {kind.related.map((r) => (
        <RelatedObjects key={r.title} obj={obj} related={r} />
      ))}
    </div>
  );
}
