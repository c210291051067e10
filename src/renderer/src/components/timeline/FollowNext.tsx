/**
 * FollowNext (`#/flow`): waits for the next Deployment or standalone Pod to
 * be created (by kubectl, Apply YAML, anything), then plays its flow as its
 * steps happen.
 */
import { useRef } from 'react';
import type { Deployment } from '../../../../shared/api/apps';
import type { Pod } from '../../../../shared/api/core';
import type { KubeObject } from '../../../../shared/api/meta';
import { GVR } from '../../../../shared/api/resources';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { Loading } from '../common/States';
import { FlowDiagram } from './FlowDiagram';
import { TimelineScreen } from './TimelineScreen';
import './timeline.css';

/** firstNew returns the earliest created of objs not in seen. */
function firstNew<T extends KubeObject>(objs: T[], seen: Set<string>): T | undefined {
  return objs.filter((o) => !seen.has(o.metadata.uid ?? '')).sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))[0];
}

/** FollowNext plays the flow of the first object created after the screen opened. */
export function FollowNext({ namespace }: { namespace?: string }) {
  const deployments = useListWatch<Deployment>(GVR.deployments, namespace);
  const pods = useListWatch<Pod>(GVR.pods, namespace);
  const baseline = useRef<Set<string> | null>(null);
  const chosen = useRef<{ resource: string; namespace: string; name: string } | null>(null);
  if (deployments.isLoading || pods.isLoading) return <Loading what="objects" />;
  if (!baseline.current) baseline.current = new Set([...deployments.items, ...pods.items].map((o) => o.metadata.uid ?? ''));
  if (!chosen.current) {
    const d = firstNew(deployments.items, baseline.current);
    const p = firstNew(
      pods.items.filter((o) => !o.metadata.ownerReferences?.length),
      baseline.current,
    );
    const o = d ?? p;
    if (o) chosen.current = { resource: d ? 'deployments' : 'pods', namespace: o.metadata.namespace ?? 'default', name: o.metadata.name ?? '' };
  }
  if (chosen.current) {
    const c = chosen.current;
    return <TimelineScreen key={`${c.resource}/${c.namespace}/${c.name}`} {...c} flow heading={`Flow of ${c.resource === 'deployments' ? 'Deployment' : 'Pod'} ${c.name}`} />;
  }
  return (
    <div className="screen" data-testid="screen-flow-waiting">
      <div className="screen-header">
        <h1>Flow</h1>
      </div>
      <p className="muted">
        Waiting for the next Deployment or Pod{namespace ? ` in ${namespace}` : ''}: apply one (<code>kubectl apply -f …</code> or Apply YAML) and watch it go through the API server, the store, the controllers, the scheduler and the kubelet.
      </p>
      <FlowDiagram frame={undefined} />
    </div>
  );
}
