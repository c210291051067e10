/** Objects related to the one on screen (owned ReplicaSets, a node's pods, a Service's pods), each a link. */
import type { KubeObject } from '../../../../shared/api/meta';
import type { Related } from '../../lib/kinds/kind';
import { kindByResource } from '../../lib/kinds/registry';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { ObjectLink } from './ObjectLink';

const NONE: KubeObject[] = [];

/** RelatedObjects lists one relation of `obj`. */
export function RelatedObjects({ obj, related }: { obj: KubeObject; related: Related }) {
  const kind = kindByResource(related.resource)!;
  // A cluster-scoped object (Node, Namespace) looks through every namespace.
  const ns = kind.namespaced ? obj.metadata.namespace : undefined;
  const list = useListWatch<KubeObject>(kind.gvr, ns);
  // Without a second list this watches the same list again (shared, so free).
  const usedKind = kindByResource(related.uses ?? related.resource)!;
  const usedList = useListWatch<KubeObject>(usedKind.gvr, usedKind.namespaced ? obj.metadata.namespace : undefined);
  const used = related.uses ? usedList.items : NONE;
  const matches = list.items.filter((c) => related.select(obj, c, used)).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '', undefined, { numeric: true }));
  return (
    <section className="related" data-testid="related" data-title={related.title}>
      <h3>{related.title}</h3>
      {list.isLoading ? (
        <p className="muted">Loading…</p>
      ) : matches.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="link-list">
          {matches.map((c) => (
            <li key={c.metadata.uid}>
              <ObjectLink kind={kind.kind} name={c.metadata.name ?? ''} namespace={c.metadata.namespace} />
              {related.note?.(c) ? <span className="muted"> {related.note(c)}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
