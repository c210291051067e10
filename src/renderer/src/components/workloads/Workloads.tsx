/** Workloads: Deployments → ReplicaSets → Pods, each with desired vs actual converging. */
import { PausedBanner } from '../control/PausedBanner';
import { objectHref } from '../../lib/kinds/registry';
import { DEPLOYMENT_GVR, deploymentCounts, type Deployment } from '../../lib/k8s/deployment';
import { REPLICASET_GVR, isOwnedBy, replicaSetCounts, controllerOf, type ReplicaCounts, type ReplicaSet } from '../../lib/k8s/replicaset';
import { POD_GVR, podStatus, statusTone, type Pod } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { podHref, workloadLogsHref } from '../../hooks/use-route';
import { ReplicaBar } from '../common/Bar';
import { Loading } from '../common/States';
import { ActionButtons } from '../actions/ActionButtons';

const byName = <T extends { metadata: { name?: string; namespace?: string } }>(a: T, b: T) =>
  `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`);

function Counts({ counts }: { counts: ReplicaCounts }) {
  const done = counts.ready === counts.desired && counts.current === counts.desired;
  return (
    <div className="counts">
      <span data-testid="count-desired">
        <b>{counts.desired}</b> desired
      </span>
      <span data-testid="count-current">
        <b>{counts.current}</b> current
      </span>
      <span data-testid="count-ready">
        <b>{counts.ready}</b> ready
      </span>
      <span data-testid="count-available">
        <b>{counts.available}</b> available
      </span>
      <span className={done ? 'converged' : 'converging'}>{done ? 'converged' : 'converging…'}</span>
    </div>
  );
}

function WorkloadRow({ kind, obj, counts, depth }: { kind: string; obj: Deployment | ReplicaSet; counts: ReplicaCounts; depth: number }) {
  return (
    <div
      className={`workload-row depth-${depth}`}
      data-testid="workload-row"
      data-kind={kind}
      data-name={obj.metadata.name}
      data-namespace={obj.metadata.namespace}
      data-desired={counts.desired}
      data-current={counts.current}
      data-ready={counts.ready}
      data-available={counts.available}
    >
      <div className="workload-title">
        <span className="kind-tag">{kind === 'Deployment' ? 'deploy' : 'rs'}</span>
        <a className="workload-name" href={objectHref(kind, obj.metadata.namespace, obj.metadata.name ?? '')} data-testid="workload-link">
          {obj.metadata.name}
        </a>
        <span className="muted small">{obj.metadata.namespace}</span>
      </div>
      <ReplicaBar desired={counts.desired} current={counts.current} ready={counts.ready} />
      <Counts counts={counts} />
      <a
        className="button ghost small"
        href={workloadLogsHref(obj.metadata.namespace, kind === 'Deployment' ? 'deployments' : 'replicasets', obj.metadata.name)}
        aria-label={`Logs of ${kind} ${obj.metadata.name}`}
        data-testid="workload-logs-link"
      >
        Logs
      </a>
      <ActionButtons target={{ kind: kind === 'Deployment' ? 'Deployment' : 'ReplicaSet', name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? 'default' }} />
    </div>
  );
}

function PodChips({ pods }: { pods: readonly Pod[] }) {
  if (pods.length === 0) return null;
  return (
    <div className="pod-chips depth-2">
      {[...pods].sort(byName).map((p) => {
        const status = podStatus(p);
        return (
          <a key={p.metadata.uid} href={podHref(p.metadata.namespace, p.metadata.name)} className={`pod-chip tone-${statusTone(status)}`} data-testid="workload-pod" data-name={p.metadata.name} data-status={status}>
            {p.metadata.name} <span className="muted">{status}</span>
          </a>
        );
      })}
    </div>
  );
}

function ReplicaSetBlock({ rs, pods, depth }: { rs: ReplicaSet; pods: readonly Pod[]; depth: number }) {
  const owned = pods.filter((p) => isOwnedBy(p, rs));
  return (
    <div className="workload-block">
      <WorkloadRow kind="ReplicaSet" obj={rs} counts={replicaSetCounts(rs)} depth={depth} />
      <PodChips pods={owned} />
    </div>
  );
}

/** Workloads lists controllers with their children. */
export function Workloads({ namespace }: { namespace: string | undefined }) {
  const deployments = useListWatch<Deployment>(DEPLOYMENT_GVR, namespace);
  const replicaSets = useListWatch<ReplicaSet>(REPLICASET_GVR, namespace);
  const pods = useListWatch<Pod>(POD_GVR, namespace);
  if (deployments.isLoading || replicaSets.isLoading) return <Loading what="workloads" />;
  const standalone = replicaSets.items.filter((rs) => controllerOf(rs)?.kind !== 'Deployment' || !deployments.items.some((d) => isOwnedBy(rs, d)));
  const bare = pods.items.filter((p) => !controllerOf(p));
  return (
    <div className="screen" data-testid="screen-workloads">
      <div className="screen-header">
        <h1>Workloads</h1>
        <span className="muted">
          {deployments.items.length} deployments · {replicaSets.items.length} replica sets · {pods.items.length} pods
        </span>
      </div>
      {/* Replicas missing while a component is paused: the banner says which and why. */}
      <PausedBanner />
      {deployments.items.length + replicaSets.items.length === 0 ? <p className="muted">No deployments or replica sets.</p> : null}
      {[...deployments.items].sort(byName).map((d) => (
        <section key={d.metadata.uid} className="card workload-card">
          <WorkloadRow kind="Deployment" obj={d} counts={deploymentCounts(d)} depth={0} />
          {replicaSets.items
            .filter((rs) => isOwnedBy(rs, d))
            .sort(byName)
            .map((rs) => (
              <ReplicaSetBlock key={rs.metadata.uid} rs={rs} pods={pods.items} depth={1} />
            ))}
        </section>
      ))}
      {[...standalone].sort(byName).map((rs) => (
        <section key={rs.metadata.uid} className="card workload-card">
          <ReplicaSetBlock rs={rs} pods={pods.items} depth={0} />
        </section>
      ))}
      {bare.length > 0 ? (
        <section className="card workload-card">
          <h2 className="small-heading">Pods without a controller</h2>
          <PodChips pods={bare} />
        </section>
      ) : null}
    </div>
  );
}
