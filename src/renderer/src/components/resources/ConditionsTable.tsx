/** Status conditions with their reason, message and when they last changed. */
import type { ConditionRow } from '../../lib/kinds/kind';
import { formatAge } from '../../lib/k8s/age';

export function ConditionsTable({ conditions, now, testId = 'conditions' }: { conditions: readonly ConditionRow[]; now: number; testId?: string }) {
  if (conditions.length === 0) return <p className="muted">No conditions reported.</p>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Type</th>
          <th>Status</th>
          <th>Reason</th>
          <th>Message</th>
          <th>Last transition</th>
        </tr>
      </thead>
      <tbody>
        {conditions.map((c) => {
          const when = c.lastTransitionTime ?? c.lastUpdateTime ?? c.lastHeartbeatTime;
          return (
            <tr key={c.type} data-testid="condition-row" data-type={c.type}>
              <td>{c.type}</td>
              <td>{c.status}</td>
              <td>{c.reason ?? ''}</td>
              <td>{c.message ?? ''}</td>
              <td title={when}>{when ? `${formatAge(when, now)} ago` : <span className="muted">never</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
