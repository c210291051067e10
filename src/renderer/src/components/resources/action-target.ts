/** Which browsed objects issue 10's actions apply to. */
import type { KubeObject } from '../../../../shared/api/meta';
import type { ActionTarget, TargetKind } from '../../lib/actions/targets';

const ACTIONABLE: ReadonlySet<string> = new Set<TargetKind>(['Deployment', 'ReplicaSet', 'Pod', 'Service', 'Node', 'ConfigMap', 'Secret', 'Endpoints', 'Lease']);

/** actionTargetOf names `obj` as an action target, or undefined for kinds without actions. */
export function actionTargetOf(kind: string, obj: KubeObject): ActionTarget | undefined {
  if (!ACTIONABLE.has(kind)) return undefined;
  return {
    kind: kind as TargetKind,
    name: obj.metadata.name ?? '',
    namespace: kind === 'Node' ? undefined : (obj.metadata.namespace ?? 'default'),
    virtual: kind === 'Node' && obj.metadata.labels?.['kubedeck.io/virtual'] === 'true',
  };
}
