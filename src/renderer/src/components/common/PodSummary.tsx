/** A compact stand-in for many pods: a strip coloured by status in proportion, and the count of each status. */
import type { Pod } from '../../lib/k8s/pod';
import { countByStatus } from '../../lib/k8s/pod-summary';
import './pod-summary.css';

/** PodSummary stands for many pods: a strip coloured by status in proportion, and the count of each status. */
export function PodSummary({ pods }: { pods: readonly Pod[] }) {
  const counts = countByStatus(pods);
  return (
    <div className="pod-summary" data-testid="pod-summary" data-count={pods.length}>
      <div className="heat-strip" role="img" aria-label={counts.map((c) => `${c.count} ${c.status}`).join(', ')}>
        {counts.map((c) => (
          <span key={c.status} className={`heat-cell tone-${c.tone}`} style={{ flexGrow: c.count }} />
        ))}
      </div>
      <div className="status-counts">
        {counts.map((c) => (
          <span key={c.status} className={`badge tone-${c.tone}`} data-testid="status-count" data-status={c.status} data-count={c.count}>
            {c.count} {c.status}
          </span>
        ))}
      </div>
    </div>
  );
}
