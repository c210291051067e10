/** The list of any browsed kind: its columns, sortable; a text filter and a validated label selector. */
import { useState } from 'react';
import type { KubeObject } from '../../../../shared/api/meta';
import { kindByResource, objectHref } from '../../lib/kinds/registry';
import { NAME_COLUMN, nextSort, sortObjects, type SortState } from '../../lib/kinds/sort';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { useNow } from '../../hooks/use-now';
import { ListState } from '../common/States';
import { SortHeader } from './SortHeader';
import { SelectorInput, useSelector } from './SelectorInput';
// CronJobs' next run in their columns and facts.
import '../../lib/kinds/cron-schedules';

/** ResourceList lists `resource` in the selected namespace (or all, or cluster-wide). */
export function ResourceList({ resource, namespace }: { resource: string; namespace: string | undefined }) {
  const kind = kindByResource(resource)!;
  const ns = kind.namespaced ? namespace : undefined;
  const { items, isLoading, error } = useListWatch<KubeObject>(kind.gvr, ns);
  const [search, setSearch] = useState('');
  const [selector, setSelector] = useState('');
  const [sort, setSort] = useState<SortState>({ column: NAME_COLUMN, descending: false });
  const now = useNow(1000);
  const matcher = useSelector(selector);
  const q = search.trim().toLowerCase();
  const filtered = items
    .filter((o) => matcher.match(o.metadata.labels ?? {}))
    .filter((o) => !q || [o.metadata.name, o.metadata.namespace, ...kind.columns.map((c) => c.value(o, now))].some((v) => v?.toLowerCase().includes(q)));
  const rows = sortObjects(filtered, kind.columns, sort, now);
  const showNamespace = kind.namespaced && !ns;
  const onSort = (h: string) => setSort((s) => nextSort(s, h));
  return (
    <div className="screen" data-testid={`screen-${resource}`} data-kind={kind.kind}>
      <div className="screen-header">
        <h1>{kind.title}</h1>
        <span className="muted" data-testid="list-count">
          {rows.length} of {items.length}
        </span>
      </div>
      <div className="filters">
        <input type="search" placeholder="Search…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label={`Search ${kind.title.toLowerCase()}`} data-testid="list-search" />
        <SelectorInput value={selector} onChange={setSelector} error={matcher.error} />
      </div>
      <ListState what={kind.title.toLowerCase()} isLoading={isLoading} error={error} count={items.length}>
        <table className="table" data-testid="resource-table">
          <thead>
            <tr>
              <SortHeader header={NAME_COLUMN} sort={sort} onSort={onSort} />
              {showNamespace ? <SortHeader header="Namespace" sort={sort} onSort={onSort} className="wide" /> : null}
              {kind.columns.map((c) => (
                <SortHeader key={c.header} header={c.header} sort={sort} onSort={onSort} className={c.wide ? 'wide' : undefined} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.metadata.uid ?? `${o.metadata.namespace}/${o.metadata.name}`} data-testid="resource-row" data-name={o.metadata.name} data-namespace={o.metadata.namespace}>
                <td>
                  <a href={objectHref(kind.kind, o.metadata.namespace, o.metadata.name ?? '')} data-testid="resource-link">
                    {o.metadata.name}
                  </a>
                </td>
                {showNamespace ? <td className="wide">{o.metadata.namespace}</td> : null}
                {kind.columns.map((c) => (
                  <td key={c.header} className={c.wide ? 'wide' : undefined} data-column={c.header}>
                    {c.value(o, now)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="muted">Nothing matches the filters.</p> : null}
      </ListState>
    </div>
  );
}
