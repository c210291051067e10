/** Nodes: status, roles, version, address and allocation, live. */
import { objectHref } from '../../lib/kinds/registry';
import { useMemo } from 'react';
import { NODE_GVR, nodeAllocation, nodeInternalIP, nodeReady, nodeRoles, podsByNode, type Node } from '../../lib/k8s/node';
import { POD_GVR, type Pod } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { formatAge } from '../../lib/k8s/age';
import { formatBytes, formatCpu } from '../../lib/format';
import { useNow } from '../../hooks/use-now';
import { ListState } from '../common/States';
import { ActionButtons } from '../actions/ActionButtons';
import { VirtualTable } from '../common/VirtualTable';
import { naturalCompare } from '../../lib/kinds/sort';

const NO_PODS: never[] = [];

export function NodesTable() {
  const { items, isLoading, error } = useListWatch<Node>(NODE_GVR);
  const pods = useListWatch<Pod>(POD_GVR);
  const now = useNow(5000);
  // One pass over the pods for all nodes, and nodes in natural order (hollow-node-2 before hollow-node-10).
  const byNode = useMemo(() => podsByNode(pods.items), [pods.items]);
  const sorted = useMemo(() => [...items].sort((a, b) => naturalCompare(a.metadata.name ?? '', b.metadata.name ?? '')), [items]);
  return (
    <div className="screen" data-testid="screen-nodes">
      <div className="screen-header">
        <h1>Nodes</h1>
        <span className="muted">{items.length}</span>
      </div>
      <ListState what="nodes" isLoading={isLoading} error={error} count={items.length}>
        {/* Only the rows in view are in the DOM: a thousand hollow nodes stay light. */}
        <VirtualTable
          items={sorted}
          itemKey={(n) => n.metadata.uid ?? n.metadata.name ?? ''}
          columns={10}
          label="Nodes"
          rowDeps={[now, byNode]}
          testId="nodes-table"
          header={
            <tr aria-rowindex={1}>
              <th>Name</th>
              <th>Status</th>
              <th>Roles</th>
              <th>Version</th>
              <th>Internal IP</th>
              <th>CPU requests</th>
              <th>Memory requests</th>
              <th className="num">Pods</th>
              <th>Age</th>
              <th>Actions</th>
            </tr>
          }
          row={(n, rowProps) => {
            const a = nodeAllocation(n, byNode.get(n.metadata.name ?? '') ?? NO_PODS);
            const ready = nodeReady(n);
            const unschedulable = n.spec?.unschedulable ? ',SchedulingDisabled' : '';
            return (
              <tr key={n.metadata.uid} {...rowProps} data-testid="node-row" data-name={n.metadata.name}>
                <td>
                  <a href={objectHref('Node', undefined, n.metadata.name ?? '')} data-testid="node-link">
                    {n.metadata.name}
                  </a>
                </td>
                <td>
                  <span className={`badge ${ready === 'Ready' ? 'tone-ok' : 'tone-error'}`}>
                    {ready}
                    {unschedulable}
                  </span>
                </td>
                <td>{nodeRoles(n)}</td>
                <td>{n.status?.nodeInfo?.kubeletVersion ?? ''}</td>
                <td className="mono">{nodeInternalIP(n) ?? ''}</td>
                <td>
                  {formatCpu(a.cpu.requested)} / {formatCpu(a.cpu.allocatable)}
                </td>
                <td>
                  {formatBytes(a.memory.requested)} / {formatBytes(a.memory.allocatable)}
                </td>
                <td className="num">
                  {a.pods.count} / {a.pods.allocatable}
                </td>
                <td>{formatAge(n.metadata.creationTimestamp, now)}</td>
                <td>
                  <ActionButtons
                    target={{ kind: 'Node', name: n.metadata.name ?? '', virtual: n.metadata.labels?.['kubedeck.io/virtual'] === 'true' || n.metadata.labels?.['kubedeck.io/remote'] === 'true' }}
                    only={[n.spec?.unschedulable ? 'uncordon' : 'cordon', 'drain', n.metadata.annotations?.['kubedeck.io/power'] === 'off' ? 'power-on' : 'power-off', 'edit', 'copy-kubectl']}
                  />
                </td>
              </tr>
            );
          }}
        />
      </ListState>
    </div>
  );
}
