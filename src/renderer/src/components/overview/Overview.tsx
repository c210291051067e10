/** Overview: every node as a card with its allocation and its pods as tiles, live. */
import { ComponentSwitches } from '../control/ComponentSwitches';
import { PausedBanner } from '../control/PausedBanner';
import { NODE_GVR, nodeAllocation, nodeInternalIP, nodeReady, type Node } from '../../lib/k8s/node';
import { POD_GVR, podStatus, statusTone, type Pod } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { podHref } from '../../hooks/use-route';
import { formatBytes, formatCpu } from '../../lib/format';
import { UsageBar } from '../common/Bar';
import { ListState } from '../common/States';
import { PullBar, PullFailureNote } from '../pods/PullProgress';
import { StoreCard } from './StoreCard';

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

function NodeCard({ node, allPods, pods }: { node: Node; allPods: readonly Pod[]; pods: readonly Pod[] }) {
  // Allocation counts every pod on the node, whatever namespace is selected.
  const alloc = nodeAllocation(node, allPods);
  const ready = nodeReady(node);
  const mine = pods.filter((p) => p.spec?.nodeName === node.metadata.name);
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
      <div className="pod-tiles">
        {mine.length === 0 ? <span className="muted small">No pods{pods.length !== allPods.length ? ' in this namespace' : ''}.</span> : null}
        {mine.map((p) => (
          <PodTile key={p.metadata.uid} pod={p} />
        ))}
      </div>
    </section>
  );
}

/** Overview is the home screen. */
export function Overview({ namespace }: { namespace: string | undefined }) {
  const nodes = useListWatch<Node>(NODE_GVR);
  const allPods = useListWatch<Pod>(POD_GVR);
  const pods = namespace ? allPods.items.filter((p) => p.metadata.namespace === namespace) : allPods.items;
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
          {[...nodes.items]
            .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
            .map((n) => (
              <NodeCard key={n.metadata.uid} node={n} allPods={allPods.items} pods={pods} />
            ))}
          {unscheduled.length > 0 ? (
            <section className="card node-card unscheduled" data-testid="unscheduled-card">
              <header className="card-header">
                <h2>Waiting for a node</h2>
              </header>
              <div className="pod-tiles">
                {unscheduled.map((p) => (
                  <PodTile key={p.metadata.uid} pod={p} />
                ))}
              </div>
            </section>
          ) : null}
        </div>
      </ListState>
    </div>
  );
}
