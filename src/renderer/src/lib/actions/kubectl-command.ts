/** The kubectl command equivalent to each action, for people learning (shown and copied by "Copy kubectl command"). */
import type { ActionId, ActionTarget } from './targets';
import { targetLabel } from './targets';

/** ActionParams are the choices made in an action's dialog. */
export interface ActionParams {
  replicas?: number;
  propagation?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  toRevision?: number;
  force?: boolean;
  deleteEmptyDirData?: boolean;
}

function quote(s: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** kubectlCommand returns the command line that does what the action does. */
export function kubectlCommand(action: ActionId, t: ActionTarget, p: ActionParams = {}): string {
  const ns = t.namespace && t.kind !== 'Node' ? ` -n ${quote(t.namespace)}` : '';
  const obj = quote(targetLabel(t));
  switch (action) {
    case 'scale':
      return `kubectl scale ${obj}${ns} --replicas=${p.replicas ?? 1}`;
    case 'restart':
      return `kubectl rollout restart ${obj}${ns}`;
    case 'pause':
      return `kubectl rollout pause ${obj}${ns}`;
    case 'resume':
      return `kubectl rollout resume ${obj}${ns}`;
    case 'undo':
      return `kubectl rollout undo ${obj}${ns}${p.toRevision ? ` --to-revision=${p.toRevision}` : ''}`;
    case 'edit':
      return `kubectl edit ${obj}${ns}`;
    case 'delete': {
      const cascade = p.propagation === 'Orphan' ? ' --cascade=orphan' : p.propagation === 'Foreground' ? ' --cascade=foreground' : '';
      const grace = p.gracePeriodSeconds !== undefined ? ` --grace-period=${p.gracePeriodSeconds}` : '';
      return `kubectl delete ${obj}${ns}${cascade}${grace}`;
    }
    case 'force-delete':
      return `kubectl delete ${obj}${ns} --grace-period=0 --force`;
    case 'cordon':
      return `kubectl cordon ${quote(t.name)}`;
    case 'uncordon':
      return `kubectl uncordon ${quote(t.name)}`;
    case 'drain':
      return `kubectl drain ${quote(t.name)} --ignore-daemonsets${p.deleteEmptyDirData ? ' --delete-emptydir-data' : ''}${p.force ? ' --force' : ''}`;
    case 'power-off':
    case 'power-on':
      return `kubectl annotate node ${quote(t.name)} kubedeck.io/power=${action === 'power-off' ? 'off' : 'on'} --overwrite`;
    case 'copy-kubectl':
      return `kubectl get ${obj}${ns} -o yaml`;
  }
}
