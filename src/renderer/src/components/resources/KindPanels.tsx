/**
 * The part of a detail page that only some kinds have: a workload's HPA
 * card, a node's usage sparklines, a Service's endpoints, an Ingress's rules.
 */
import type { Node, Pod, Service } from '../../../../shared/api/core';
import type { HorizontalPodAutoscaler } from '../../../../shared/api/autoscaling';
import type { KubeObject } from '../../../../shared/api/meta';
import type { Ingress } from '../../../../shared/api/networking';
import { nodeAllocation } from '../../lib/k8s/node';
import { POD_GVR } from '../../lib/k8s/pod';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { HpaCard, HpaCards } from '../metrics/HpaCard';
import { UsageSparklines } from '../metrics/UsageSparklines';
import { IngressRules } from '../networking/IngressRules';
import { ServiceEndpoints } from '../services/ServiceEndpoints';

/** KindPanels renders the kind-specific sections of `obj` (nothing for most kinds). */
export function KindPanels({ kind, obj }: { kind: string; obj: KubeObject }) {
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return <HpaCards namespace={obj.metadata.namespace ?? 'default'} kind={kind} name={obj.metadata.name ?? ''} />;
    case 'HorizontalPodAutoscaler':
      return <HpaCard hpa={obj as HorizontalPodAutoscaler} />;
    case 'Node':
      return <NodeUsage node={obj as Node} />;
    case 'Service':
      return (
        <>
          <h2>Addresses: ready, not ready, terminating</h2>
          <ServiceEndpoints service={obj as Service} />
        </>
      );
    case 'Ingress':
      return <IngressRules ingress={obj as Ingress} />;
    default:
      return null;
  }
}

function NodeUsage({ node }: { node: Node }) {
  const pods = useListWatch<Pod>(POD_GVR);
  const a = nodeAllocation(node, pods.items);
  return (
    <>
      <h2>Usage</h2>
      <UsageSparklines
        kind="node"
        name={node.metadata.name ?? ''}
        bounds={{
          requests: { cpu: Math.round(a.cpu.requested * 1000), memory: a.memory.requested },
          limits: { ...(a.cpu.allocatable ? { cpu: Math.round(a.cpu.allocatable * 1000) } : {}), ...(a.memory.allocatable ? { memory: a.memory.allocatable } : {}) },
          requestWord: 'requested',
          limitWord: 'allocatable',
        }}
      />
    </>
  );
}
