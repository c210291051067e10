/** Events: the live stream, newest first. */
import { EVENT_GVR, eventTime, sortEventsNewestFirst, type Event } from '../../lib/k8s/event';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { formatAge } from '../../lib/k8s/age';
import { podHref } from '../../hooks/use-route';
import { useNow } from '../../hooks/use-now';
import { ListState } from '../common/States';

export function EventsList({ namespace }: { namespace: string | undefined }) {
  const { items, isLoading, error } = useListWatch<Event>(EVENT_GVR, namespace);
  const now = useNow(1000);
  const events = sortEventsNewestFirst(items).slice(0, 500);
  return (
    <div className="screen" data-testid="screen-events">
      <div className="screen-header">
        <h1>Events</h1>
        <span className="muted">{items.length}</span>
      </div>
      <ListState what="events" isLoading={isLoading} error={error} count={items.length}>
        <table className="table">
          <thead>
            <tr>
              <th>Last seen</th>
              <th>Type</th>
              <th>Reason</th>
              <th>Object</th>
              <th className="num">Count</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const o = e.involvedObject ?? {};
              const ref = `${(o.kind ?? '').toLowerCase()}/${o.name ?? ''}`;
              return (
                <tr key={e.metadata.uid} data-testid="event-row" className={e.type === 'Warning' ? 'warning-row' : undefined}>
                  <td>{formatAge(eventTime(e), now)}</td>
                  <td>{e.type}</td>
                  <td>{e.reason}</td>
                  <td>{o.kind === 'Pod' ? <a href={podHref(o.namespace ?? e.metadata.namespace, o.name)}>{ref}</a> : ref}</td>
                  <td className="num">{e.count ?? 1}</td>
                  <td>{e.message}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ListState>
    </div>
  );
}
