/** Pods: a live table with kubectl's columns, a label filter and a text search. */
import { useMemo, useState } from 'react';
import { POD_GVR, podReady, podRestarts, podStatus, type Pod } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { podKind } from '../../lib/kinds/pod';
import { NAME_COLUMN, nextSort, sortObjects, type SortState } from '../../lib/kinds/sort';
import { SortHeader } from '../resources/SortHeader';
import { SelectorInput, useSelector } from '../resources/SelectorInput';
import { compilePodFieldSelector } from '../../lib/k8s/pod-fields';
import { formatAge } from '../../lib/k8s/age';
import { podHref } from '../../hooks/use-route';
import { useNow } from '../../hooks/use-now';
import { StatusBadge } from '../common/StatusBadge';
import { ListState } from '../common/States';
import { ActionButtons } from '../actions/ActionButtons';
import { PausedBanner } from '../control/PausedBanner';
import { VirtualTable } from '../common/VirtualTable';
import { PullBar, PullFailureNote } from './PullProgress';

/** PodsTable lists pods of the selected namespace (or all). */
export function PodsTable({ namespace }: { namespace: string | undefined }) {
  const { items, isLoading, error } = useListWatch<Pod>(POD_GVR, namespace);
  const [search, setSearch] = useState('');
  const [selector, setSelector] = useState('');
  const now = useNow(1000);

  const [sort, setSort] = useState<SortState>({ column: NAME_COLUMN, descending: false });
  const onSort = (h: string) => setSort((s) => nextSort(s, h));
  const matcher = useSelector(selector);
  const [fieldSelector, setFieldSelector] = useState('');
  const fieldMatcher = useMemo(() => {
    try {
      return { match: compilePodFieldSelector(fieldSelector), error: undefined };
    } catch (err) {
      // A wrong selector matches nothing, and says why.
      return { match: () => false, error: (err as Error).message };
    }
  }, [fieldSelector]);

  // Filtered and sorted once per change of the list or the filters, not on every render; the clock
  // only matters when sorting by age.
  const sortClock = sort.column === 'Age' ? now : 0;
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const filtered = items.filter(
      (p) =>
        matcher.match(p.metadata.labels ?? {}) &&
        fieldMatcher.match(p) &&
        (!q || [p.metadata.name, p.metadata.namespace, p.spec?.nodeName, p.status?.podIP].some((v) => v?.toLowerCase().includes(q))),
    );
    return sortObjects(filtered, podKind.columns, sort, sortClock);
  }, [items, matcher, fieldMatcher, search, sort, sortClock]);

  return (
    <div className="screen" data-testid="screen-pods">
      <div className="screen-header">
        <h1>Pods</h1>
        <span className="muted">
          {rows.length} of {items.length}
        </span>
      </div>
      {/* Pods wait on the scheduler and the kubelets: a paused one explains the Pending rows. */}
      <PausedBanner only={(c) => c !== 'controller-manager'} />
      <div className="filters">
        <input type="search" placeholder="Search name, node, IP…" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="pod-search" aria-label="Search pods" />
        <SelectorInput value={selector} onChange={setSelector} error={matcher.error} testId="pod-label-filter" />
        <SelectorInput
          value={fieldSelector}
          onChange={setFieldSelector}
          error={fieldMatcher.error}
          testId="pod-field-filter"
          placeholder="Field selector, e.g. status.phase=Running"
          label="Field selector"
          errorTestId="field-selector-error"
        />
      </div>
      <ListState what="pods" isLoading={isLoading} error={error} count={items.length}>
        {/* Only the rows in view are in the DOM: a namespace of thousands of pods stays light. */}
        <VirtualTable
          items={rows}
          itemKey={(p) => p.metadata.uid ?? `${p.metadata.namespace}/${p.metadata.name}`}
          columns={namespace ? 8 : 9}
          label="Pods"
          testId="pods-table"
          rowDeps={[now, namespace]}
          header={
            <tr aria-rowindex={1}>
              <SortHeader header={NAME_COLUMN} sort={sort} onSort={onSort} />
              {namespace ? null : <SortHeader header="Namespace" sort={sort} onSort={onSort} className="wide" />}
              <th>Ready</th>
              <SortHeader header="Status" sort={sort} onSort={onSort} />
              <SortHeader header="Restarts" sort={sort} onSort={onSort} className="num" />
              <SortHeader header="Node" sort={sort} onSort={onSort} className="wide" />
              <th className="wide">IP</th>
              <SortHeader header="Age" sort={sort} onSort={onSort} />
              <th>Actions</th>
            </tr>
          }
          row={(p, rowProps) => {
            const status = podStatus(p);
            const [ready, total] = podReady(p);
            return (
              <tr key={p.metadata.uid} {...rowProps} data-testid="pod-row" data-name={p.metadata.name} data-namespace={p.metadata.namespace} data-status={status}>
                <td>
                  <a href={podHref(p.metadata.namespace, p.metadata.name)} data-testid="pod-link">
                    {p.metadata.name}
                  </a>
                </td>
                {namespace ? null : <td className="wide">{p.metadata.namespace}</td>}
                <td data-testid="pod-ready">
                  {ready}/{total}
                </td>
                <td>
                  <StatusBadge status={status} testId="pod-status" />
                  <PullBar pod={p} compact />
                  <PullFailureNote pod={p} compact />
                </td>
                <td className="num" data-testid="pod-restarts">{podRestarts(p)}</td>
                <td className="wide">{p.spec?.nodeName ?? <span className="muted">&lt;none&gt;</span>}</td>
                <td className="mono wide">{p.status?.podIP ?? <span className="muted">&lt;none&gt;</span>}</td>
                <td data-testid="pod-age">{formatAge(p.metadata.creationTimestamp, now)}</td>
                <td>
                  {/* A pod already Terminating is offered the force delete that unsticks it. */}
                  <ActionButtons target={{ kind: 'Pod', name: p.metadata.name ?? '', namespace: p.metadata.namespace ?? 'default' }} only={[p.metadata.deletionTimestamp ? 'force-delete' : 'delete', 'edit', 'copy-kubectl']} />
                </td>
              </tr>
            );
          }}
        />
        {rows.length === 0 ? <p className="muted">No pods match the filters.</p> : null}
      </ListState>
    </div>
  );
}
