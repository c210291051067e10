/** A screen that can show the past: the time slider above it, its lists read at the chosen revision, marked while they are. */
import type { ReactNode } from 'react';
import { isOwnCluster } from '../../lib/k8s/context';
import { TravelScope, useTravelTarget } from '../../lib/k8s/time-travel';
import { TimeSlider } from './TimeSlider';

/**
 * TravelScreen wraps Overview, Workloads or Pods for time travel. Only on
 * Kubedeck's own cluster: another kubeconfig context has no revision
 * history endpoint, and a real cluster's etcd keeps minutes, not an hour.
 */
export function TravelScreen({ children }: { children: ReactNode }) {
  const target = useTravelTarget();
  if (!isOwnCluster()) return <>{children}</>;
  return (
    <TravelScope>
      <TimeSlider />
      <div className={target ? 'travel-screen' : undefined} data-testid="travel-screen" data-revision={target?.revision}>
        {children}
      </div>
    </TravelScope>
  );
}
