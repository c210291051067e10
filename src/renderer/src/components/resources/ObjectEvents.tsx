/** The events about one object, newest first. */
import { EVENT_GVR, eventTime, eventsFor, sortEventsNewestFirst, type Event } from '../../lib/k8s/event';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { formatAge } from '../../lib/k8s/age';

export function ObjectEvents({ kind, namespace, name, now, testId = 'object-events' }: { kind: string; namespace: string | undefined; name: string; now: number; testId?: string }) {
  const events = useListWatch<Event>(EVENT_GVR, namespace);
  const mine = sortEventsNewestFirst(eventsFor(events.items, kind, namespace, name));
  if (events.isLoading) return <p className="muted">Loading events…</p>;
  if (mine.length === 0) return <p className="muted">No events.</p>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Type</th>
          <th>Reason</th>
          <th>Age</th>
          <th>From</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {mine.map((e) => (
          <tr key={e.metadata.uid} className={e.type === 'Warning' ? 'warning-row' : undefined}>
            <td>{e.type}</td>
            <td>
              <a href={`#/events/${encodeURIComponent(e.metadata.namespace ?? 'default')}/${encodeURIComponent(e.metadata.name ?? '')}`}>{e.reason}</a>
            </td>
            <td>{formatAge(eventTime(e), now)}</td>
            <td>{e.source?.component ?? e.reportingComponent ?? ''}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
