/** Events: the live stream, newest first, filterable by type, reason, object and text, with the true count. */
import { useMemo, useState } from 'react';
import { EVENT_GVR, eventTime, sortEventsNewestFirst, type Event } from '../../lib/k8s/event';
import { eventReasons, involvedLabel, matchesEventFilter, NO_EVENT_FILTER, shownCountText, type EventFilter } from '../../lib/k8s/event-filter';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { formatAge } from '../../lib/k8s/age';
import { objectHref } from '../../lib/kinds/registry';
import { useNow } from '../../hooks/use-now';
import { ListState } from '../common/States';
import { VirtualTable } from '../common/VirtualTable';


export function EventsList({ namespace }: { namespace: string | undefined }) {
  const { items, isLoading, error } = useListWatch<Event>(EVENT_GVR, namespace);
  const now = useNow(1000);
  const [filter, setFilter] = useState<EventFilter>(NO_EVENT_FILTER);
  const set = (patch: Partial<EventFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // Every matching event is a row; only those in view are in the DOM.
  const matching = useMemo(() => sortEventsNewestFirst(items.filter((e) => matchesEventFilter(e, filter))), [items, filter]);
  const reasons = useMemo(() => eventReasons(items), [items]);
  return (
    <div className="screen" data-testid="screen-events">
      <div className="screen-header">
        <h1>Events</h1>
        <span className="muted" data-testid="events-count">
          {shownCountText(matching.length, matching.length, items.length)}
        </span>
      </div>
      <div className="filters">
        <select value={filter.type} onChange={(e) => set({ type: e.target.value as EventFilter['type'] })} aria-label="Event type" data-testid="event-type-filter">
          <option value="">All types</option>
          <option value="Normal">Normal</option>
          <option value="Warning">Warning</option>
        </select>
        <select value={filter.reason} onChange={(e) => set({ reason: e.target.value })} aria-label="Event reason" data-testid="event-reason-filter">
          <option value="">All reasons</option>
          {reasons.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <input type="search" placeholder="Object, e.g. pod/web" value={filter.object} onChange={(e) => set({ object: e.target.value })} aria-label="Involved object" data-testid="event-object-filter" />
        <input type="search" placeholder="Search messages…" value={filter.text} onChange={(e) => set({ text: e.target.value })} aria-label="Search events" data-testid="event-search" />
      </div>
      <ListState what="events" isLoading={isLoading} error={error} count={items.length}>
        <VirtualTable
          items={matching}
          itemKey={(e) => e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`}
          columns={namespace ? 6 : 7}
          label="Events"
          rowDeps={[now, namespace]}
          testId="events-table"
          header={
            <tr aria-rowindex={1}>
              <th>Last seen</th>
              <th>Type</th>
              <th>Reason</th>
              {namespace ? null : <th className="wide">Namespace</th>}
              <th>Object</th>
              <th className="num wide">Count</th>
              <th>Message</th>
            </tr>
          }
          row={(e, rowProps) => {
            const o = e.involvedObject ?? {};
            const href = o.kind && o.name ? objectHref(o.kind, o.namespace ?? e.metadata.namespace, o.name) : undefined;
            const ref = involvedLabel(e);
            return (
              <tr key={e.metadata.uid} {...rowProps} data-testid="event-row" data-type={e.type} className={e.type === 'Warning' ? 'warning-row' : undefined}>
                <td>
                  <a href={objectHref('Event', e.metadata.namespace, e.metadata.name ?? '')}>{formatAge(eventTime(e), now)}</a>
                </td>
                <td>{e.type}</td>
                <td>{e.reason}</td>
                {namespace ? null : <td className="wide">{e.metadata.namespace}</td>}
                <td>{href ? <a href={href}>{ref}</a> : ref}</td>
                <td className="num wide">{e.count ?? 1}</td>
                <td className="message-cell">{e.message}</td>
              </tr>
            );
          }}
        />
        {matching.length === 0 ? <p className="muted">No events match the filters.</p> : null}
      </ListState>
    </div>
  );
}
