/** The logs of a Deployment's or ReplicaSet's pods, interleaved and following the pod list live (new pods join). */
import { Suspense, useMemo } from 'react';
import { DEPLOYMENT_GVR, type Deployment } from '../../lib/k8s/deployment';
import { REPLICASET_GVR, isOwnedBy, type ReplicaSet } from '../../lib/k8s/replicaset';
import { POD_GVR, type Pod } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import type { WorkloadKind } from '../../hooks/use-route';
import { Loading } from '../common/States';
import { selectorString } from '../../lib/logs/kubectl-command';
import { logPanel } from '../../screens/panels';

const LogPanel = logPanel.Screen;

/** WorkloadLogs shows every pod of a workload in one log pane. */
export function WorkloadLogs({ namespace, kind, name }: { namespace: string; kind: WorkloadKind; name: string }) {
  const deployments = useListWatch<Deployment>(DEPLOYMENT_GVR, namespace);
  const replicaSets = useListWatch<ReplicaSet>(REPLICASET_GVR, namespace);
  const pods = useListWatch<Pod>(POD_GVR, namespace);
  const owner = kind === 'deployments' ? deployments.items.find((d) => d.metadata.name === name) : replicaSets.items.find((r) => r.metadata.name === name);
  // A Deployment's pods are those of its ReplicaSets (all revisions, so a rollout's new pods join too).
  const owned = useMemo(() => {
    if (!owner) return [];
    const controllers = kind === 'deployments' ? replicaSets.items.filter((rs) => isOwnedBy(rs, owner)) : [owner];
    return pods.items.filter((p) => controllers.some((c) => isOwnedBy(p, c)));
  }, [owner, kind, replicaSets.items, pods.items]);
  // Keep the array identity while the set of pods is the same, so the pane is not disturbed by status updates.
  const podKey = owned.map((p) => p.metadata.uid).sort().join(',');
  const stablePods = useMemo(() => owned, [podKey]);
  const kindLabel = kind === 'deployments' ? 'Deployment' : 'ReplicaSet';
  if (deployments.isLoading || replicaSets.isLoading || pods.isLoading) return <Loading what="workload" />;
  return (
    <div className="screen" data-testid="screen-workload-logs" data-name={name}>
      <div className="screen-header">
        <h1>
          <a href="#/workloads" className="muted">
            Workloads
          </a>{' '}
          / {kindLabel} {name} / logs
        </h1>
        <span className="muted" data-testid="workload-log-pods" data-count={owned.length}>
          {owned.length} pods
        </span>
      </div>
      {!owner ? (
        <p className="muted">
          {kindLabel} {namespace}/{name} does not exist (any more).
        </p>
      ) : (
        <Suspense fallback={<Loading what="log viewer" />}>
          <LogPanel key={owner.metadata.uid} pods={stablePods} workload={{ kind: kindLabel, name, selector: selectorString(owner.spec?.selector) }} />
        </Suspense>
      )}
    </div>
  );
}
