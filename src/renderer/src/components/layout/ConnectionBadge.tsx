import { useConnectionState } from '../../lib/k8s/use-list-watch';

const LABELS = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', unauthorized: 'Signed out' } as const;

/** ConnectionBadge shows whether the watches are streaming. */
export function ConnectionBadge() {
  const state = useConnectionState();
  return (
    <span className={`connection connection-${state}`} data-testid="connection-state" data-state={state} title="State of the watch streams">
      <span className="dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
