/** The banner shown while the cluster is away: what is on screen is as of the last contact, and ages are frozen. */
import { isAway, lastContactTime } from '../../lib/k8s/connection-state';
import { useConnectionState } from '../../lib/k8s/use-list-watch';

/** useClusterAway reports whether the cluster stopped answering. */
export function useClusterAway(): boolean {
  return isAway(useConnectionState());
}

export function ClusterAwayBanner() {
  const away = useClusterAway();
  if (!away) return null;
  const asOf = new Date(lastContactTime());
  return (
    <div className="cluster-away" role="alert" data-testid="cluster-away" data-as-of={asOf.toISOString()}>
      <strong>The cluster is not answering.</strong> What you see is as of {asOf.toLocaleTimeString()}; ages are frozen. Reconnecting… (the page resumes by itself when it is back)
    </div>
  );
}
