/** What an action acts on, and which actions each kind offers (the same list for buttons and the command palette). */

/** TargetKind is a kind the UI can act on. */
export type TargetKind = 'Deployment' | 'ReplicaSet' | 'Pod' | 'Service' | 'Node';

/** ActionTarget names one object. */
export interface ActionTarget {
  kind: TargetKind;
  name: string;
  /** undefined for cluster-scoped kinds (Node). */
  namespace?: string;
}

/** ActionId names one action. */
export type ActionId =
  | 'scale'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'undo'
  | 'edit'
  | 'delete'
  | 'force-delete'
  | 'cordon'
  | 'uncordon'
  | 'drain'
  | 'copy-kubectl';

/** ACTION_LABELS are the visible (and accessible) verbs. */
export const ACTION_LABELS: Record<ActionId, string> = {
  scale: 'Scale',
  restart: 'Restart',
  pause: 'Pause rollout',
  resume: 'Resume rollout',
  undo: 'Rollout history / undo',
  edit: 'Edit YAML',
  delete: 'Delete',
  'force-delete': 'Force delete',
  cordon: 'Cordon',
  uncordon: 'Uncordon',
  drain: 'Drain',
  'copy-kubectl': 'Copy kubectl command',
};

const BY_KIND: Record<TargetKind, ActionId[]> = {
  Deployment: ['scale', 'restart', 'pause', 'resume', 'undo', 'edit', 'delete', 'copy-kubectl'],
  ReplicaSet: ['scale', 'edit', 'delete', 'copy-kubectl'],
  Pod: ['edit', 'delete', 'force-delete', 'copy-kubectl'],
  Service: ['edit', 'delete', 'copy-kubectl'],
  Node: ['cordon', 'uncordon', 'drain', 'edit', 'delete', 'copy-kubectl'],
};

/** actionsFor lists the actions offered on a kind. */
export function actionsFor(kind: TargetKind): readonly ActionId[] {
  return BY_KIND[kind];
}

/** DESTRUCTIVE actions always ask for confirmation first. */
export const DESTRUCTIVE: ReadonlySet<ActionId> = new Set(['delete', 'force-delete', 'drain', 'restart', 'undo', 'cordon']);

/** KUBECTL_NAMES are the short resource names kubectl accepts. */
export const KUBECTL_NAMES: Record<TargetKind, string> = {
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  Pod: 'pod',
  Service: 'service',
  Node: 'node',
};

/** targetLabel is "deployment/web" (kubectl's spelling). */
export function targetLabel(t: ActionTarget): string {
  return `${KUBECTL_NAMES[t.kind]}/${t.name}`;
}
