import { statusTone } from '../../lib/k8s/pod';

/** StatusBadge shows a pod status in the colour of its tone. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge tone-${statusTone(status)}`} data-testid={testId}>
      {status}
    </span>
  );
}
