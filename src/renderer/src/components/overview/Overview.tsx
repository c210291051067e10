/**
 * Overview: every node as a card with its allocation and its pods, live. A
 * node with more pods than fit shows them summarised (counts by status and a
 * heat strip), with every tile on demand; nodes come in natural order
 * (hollow-node-2 before hollow-node-10).
 */
import { memo, useMemo, useState } from 'react';
import { ComponentSwitches } from '../control/ComponentSwitches';
import { PausedBanner } from '../control/PausedBanner';
import { NODE_GVR, nodeAllocation, nodeInternalIP, nodeReady, podsByNode, type Node } from '../../lib/k8s/node';
import { POD_GVR, podStatus, statusTone, type Pod } from '../../lib/k8s/pod';
import { naturalCompare } from '../../lib/kinds/sort';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { podHref } from '../../hooks/use-route';
import { formatBytes, formatCpu } from '../../lib/format';
import { UsageBar } from '../common/Bar';
import { ListState } from '../common/States';
import { PullBar, PullFailureNote } from '../pods/PullProgress';
import { StoreCard } from './StoreCard';
import { PodSummary } from '../common/PodSummary';


/** MAX_TILES is the most pods a card shows as tiles before it summarises them. */
export const MAX_TILES = 24;

const NO_PODS: never[] = [];

function PodTile({ pod }: { pod: Pod }) {
  const status = podStatus(pod);
  const ns = pod.metadata.namespace;
  return (
    <a
      href={podHref(ns, pod.metadata.name)}
      className={`pod-tile tone-${statusTone(status)}`}
      data-testid="pod-tile"
      data-name={pod.metadata.name}
      data-status={status}
      title={`${ns}/${pod.metadata.name}: ${status}`}
    >
      <span className="pod-tile-name">{pod.metadata.name}</span>
      <span className="pod-tile-status">{status}</span>
      <PullBar pod={pod} compact />
      <PullFailureNote pod={pod} compact />
    </a>
  );
}

/** PodTiles shows pods as tiles, or summarised when there are more than MAX_TILES, with a switch to show them all. */
function PodTiles({ pods, empty }: { pods: readonly Pod[]; empty: string }) {
  const [expanded, setExpanded] = useState(false);
  const many = pods.length > MAX_TILES;
  return (
    <>
      {many ? <PodSummary pods={pods} /> : null}
      {many ? (
        <button type="button" className="button ghost small" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)} data-testid="pod-tiles-toggle">
          {expanded ? 'Summarise' : `Show all ${pods.length} pods`}
        </button>
      ) : null}
      {!many || expanded ? (
        <div className="pod-tiles">
          {pods.length === 0 ? <span className="muted small">{empty}</span> : null}
          {pods.map((p) => (
            <PodTile key={p.metadata.uid} pod={p} />
          ))}
        </div>
      ) : null}
    </>
  );
}

interface NodeCardProps {
  node: Node;
  /** nodePods are every pod bound to the node, whatever namespace is selected (allocation counts them all). */
  nodePods: readonly Pod[];
  /** shown are the node's pods in the selected namespace. */
  shown: readonly Pod[];
  filtered: boolean;
}

function NodeCardView({ node, nodePods, shown, filtered }: NodeCardProps) {
  const alloc = nodeAllocation(node, nodePods);
  const ready = nodeReady(node);
  return (
    <section className="card node-card" data-testid="node-card" data-name={node.metadata.name}>
      <header className="card-header">
        <h2>{node.metadata.name}</h2>
        <span className={`badge ${ready === 'Ready' ? 'tone-ok' : 'tone-error'}`} data-testid="node-ready">
          {ready}
        </span>
      </header>
      <p className="muted small">
        {nodeInternalIP(node) ?? 'no address'} · {node.status?.nodeInfo?.kubeletVersion ?? ''} · {alloc.pods.count} pods
      </p>
      <UsageBar label="CPU requests" value={alloc.cpu.requested} max={alloc.cpu.allocatable} format={formatCpu} testId="node-cpu" />
      <UsageBar label="Memory requests" value={alloc.memory.requested} max={alloc.memory.allocatable} format={formatBytes} testId="node-memory" />
      <PodTiles pods={shown} empty={`No pods${filtered ? ' in this namespace' : ''}.`} />
    </section>
  );
}

const sameItems = (a: readonly unknown[], b: readonly unknown[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/** NodeCard re-renders only when its node or one of its pods changed (the cache replaces changed objects, never mutates them). */
const NodeCard = memo(NodeCardView, (a, b) => a.node === b.node && a.filtered === b.filtered && sameItems(a.nodePods, b.nodePods) && sameItems(a.shown, b.shown));

/** Overview is the home screen. */
export function Overview({ namespace }: { namespace: string | undefined }) {
  const nodes = useListWatch<Node>(NODE_GVR);
  const allPods = useListWatch<Pod>(POD_GVR);
  const pods = useMemo(() => (namespace ? allPods.items.filter((p) => p.metadata.namespace === namespace) : allPods.items), [allPods.items, namespace]);
  // One pass over the pods for every card, not one per card.
  const allByNode = useMemo(() => podsByNode(allPods.items), [allPods.items]);
  const shownByNode = useMemo(() => (pods === allPods.items ? allByNode : podsByNode(pods)), [pods, allPods.items, allByNode]);
  const sortedNodes = useMemo(() => [...nodes.items].sort((a, b) => naturalCompare(a.metadata.name ?? '', b.metadata.name ?? '')), [nodes.items]);
  const unscheduled = pods.filter((p) => !p.spec?.nodeName);
  const running = pods.filter((p) => podStatus(p) === 'Running').length;
  return (
    <div className="screen" data-testid="screen-overview">
      <div className="screen-header">
        <h1>Overview</h1>
        <span className="muted">
          {nodes.items.length} nodes · {pods.length} pods · {running} running
        </span>
      </div>
      <PausedBanner />
      <ComponentSwitches nodes={nodes.items} />
      <StoreCard />
      <ListState what="nodes" isLoading={nodes.isLoading} error={nodes.error} count={nodes.items.length}>
        <div className="node-grid">
          {sortedNodes.map((n) => {
            const name = n.metadata.name ?? '';
            return <NodeCard key={n.metadata.uid} node={n} nodePods={allByNode.get(name) ?? NO_PODS} shown={shownByNode.get(name) ?? NO_PODS} filtered={pods !== allPods.items} />;
          })}
          {unscheduled.length > 0 ? (
            <section className="card node-card unscheduled" data-testid="unscheduled-card">
              <header className="card-header">
                <h2>Waiting for a node</h2>
              </header>
              <PodTiles pods={unscheduled} empty="" />
            </section>
          ) : null}
        </div>
      </ListState>
    </div>
  );
}
