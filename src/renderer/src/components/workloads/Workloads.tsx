/**
 * Workloads: Deployments → ReplicaSets → Pods, each with desired vs actual
 * converging. Cards are virtualised (only those near the view are in the
 * DOM) and a ReplicaSet with many pods shows them summarised, every chip on
 * demand.
 */
import { memo, useMemo, useState } from 'react';
import { PausedBanner } from '../control/PausedBanner';
import { objectHref } from '../../lib/kinds/registry';
import { DEPLOYMENT_GVR, deploymentCounts, type Deployment } from '../../lib/k8s/deployment';
import { REPLICASET_GVR, isOwnedBy, replicaSetCounts, controllerOf, type ReplicaCounts, type ReplicaSet } from '../../lib/k8s/replicaset';
import type { KubeObject } from '../../../../shared/api/meta';
import { POD_GVR, podStatus, statusTone, type Pod } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { podHref, workloadLogsHref } from '../../hooks/use-route';
import { ReplicaBar } from '../common/Bar';
import { Loading } from '../common/States';
import { ActionButtons } from '../actions/ActionButtons';
import { PodSummary } from '../common/PodSummary';
import { VirtualList } from '../common/VirtualList';
import { naturalCompare } from '../../lib/kinds/sort';

/** MAX_CHIPS is the most pods a block shows as chips before it summarises them. */
const MAX_CHIPS = 40;

const NO_PODS: never[] = [];
const NO_RS: never[] = [];

const byName = <T extends { metadata: { name?: string; namespace?: string } }>(a: T, b: T) =>
  naturalCompare(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`);

/** byController groups objects by the uid of their controller (one pass, instead of one filter per owner). */
function byController<T extends KubeObject>(objs: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const o of objs) {
    const uid = controllerOf(o)?.uid;
    if (!uid) continue;
    const list = out.get(uid);
    if (list) list.push(o);
    else out.set(uid, [o]);
  }
  return out;
}

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
  const [expanded, setExpanded] = useState(false);
  if (pods.length === 0) return null;
  if (pods.length > MAX_CHIPS && !expanded) {
    return (
      <div className="pod-chips depth-2">
        <PodSummary pods={pods} />
        <button type="button" className="button ghost small" aria-expanded={false} onClick={() => setExpanded(true)} data-testid="pod-chips-toggle">
          Show all {pods.length} pods
        </button>
      </div>
    );
  }
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
  const owned = pods.filter((p) => p.metadata.namespace === rs.metadata.namespace);
  return (
    <div className="workload-block">
      <WorkloadRow kind="ReplicaSet" obj={rs} counts={replicaSetCounts(rs)} depth={depth} />
      <PodChips pods={owned} />
    </div>
  );
}

/** Card is one block of the list: a Deployment with its ReplicaSets, a ReplicaSet on its own, or the pods without a controller. */
type Card = { kind: 'deployment'; obj: Deployment } | { kind: 'replicaset'; obj: ReplicaSet } | { kind: 'bare' };

interface Family {
  rsByOwner: Map<string, ReplicaSet[]>;
  podsByOwner: Map<string, Pod[]>;
  bare: Pod[];
}

function CardView({ card, family }: { card: Card; family: Family }) {
  if (card.kind === 'deployment') {
    const d = card.obj;
    return (
      <section className="card workload-card">
        <WorkloadRow kind="Deployment" obj={d} counts={deploymentCounts(d)} depth={0} />
        {[...(family.rsByOwner.get(d.metadata.uid ?? '') ?? NO_RS)]
          .filter((rs) => rs.metadata.namespace === d.metadata.namespace)
          .sort(byName)
          .map((rs) => (
            <ReplicaSetBlock key={rs.metadata.uid} rs={rs} pods={family.podsByOwner.get(rs.metadata.uid ?? '') ?? NO_PODS} depth={1} />
          ))}
      </section>
    );
  }
  if (card.kind === 'replicaset') {
    return (
      <section className="card workload-card">
        <ReplicaSetBlock rs={card.obj} pods={family.podsByOwner.get(card.obj.metadata.uid ?? '') ?? NO_PODS} depth={0} />
      </section>
    );
  }
  return (
    <section className="card workload-card">
      <h2 className="small-heading">Pods without a controller</h2>
      <PodChips pods={family.bare} />
    </section>
  );
}

const MemoCard = memo(CardView);

/** Workloads lists controllers with their children. */
export function Workloads({ namespace }: { namespace: string | undefined }) {
  const deployments = useListWatch<Deployment>(DEPLOYMENT_GVR, namespace);
  const replicaSets = useListWatch<ReplicaSet>(REPLICASET_GVR, namespace);
  const pods = useListWatch<Pod>(POD_GVR, namespace);
  const family = useMemo<Family>(
    () => ({ rsByOwner: byController(replicaSets.items), podsByOwner: byController(pods.items), bare: pods.items.filter((p) => !controllerOf(p)) }),
    [replicaSets.items, pods.items],
  );
  const cards = useMemo<Card[]>(() => {
    const standalone = replicaSets.items.filter((rs) => controllerOf(rs)?.kind !== 'Deployment' || !deployments.items.some((d) => isOwnedBy(rs, d)));
    return [
      ...[...deployments.items].sort(byName).map((obj): Card => ({ kind: 'deployment', obj })),
      ...[...standalone].sort(byName).map((obj): Card => ({ kind: 'replicaset', obj })),
      ...(family.bare.length > 0 ? [{ kind: 'bare' } as const] : []),
    ];
  }, [deployments.items, replicaSets.items, family.bare.length]);
  if (deployments.isLoading || replicaSets.isLoading) return <Loading what="workloads" />;
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
      <VirtualList
        items={cards}
        itemKey={(c) => (c.kind === 'bare' ? 'bare' : (c.obj.metadata.uid ?? `${c.obj.metadata.namespace}/${c.obj.metadata.name}`))}
        render={(card) => <MemoCard card={card} family={family} />}
        estimatePx={160}
        label="Workloads"
        testId="workloads-list"
      />
    </div>
  );
}
