/** What an action acts on, and which actions each kind offers (the same list for buttons and the command palette). */
import { isOwnCluster } from '../k8s/context';

/** TargetKind is a kind the UI can act on. */
export type TargetKind = 'Deployment' | 'ReplicaSet' | 'Pod' | 'Service' | 'Node' | 'ConfigMap' | 'Secret' | 'Endpoints' | 'Lease';

/** ActionTarget names one object. */
export interface ActionTarget {
  kind: TargetKind;
  name: string;
  /** undefined for cluster-scoped kinds (Node). */
  namespace?: string;
  /** A virtual node (label kubedeck.io/virtual): it has a power switch. */
  virtual?: boolean;
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
  | 'power-off'
  | 'power-on'
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
  'power-off': 'Power off',
  'power-on': 'Power on',
  'copy-kubectl': 'Copy kubectl command',
};

const BY_KIND: Record<TargetKind, ActionId[]> = {
  Deployment: ['scale', 'restart', 'pause', 'resume', 'undo', 'edit', 'delete', 'copy-kubectl'],
  ReplicaSet: ['scale', 'edit', 'delete', 'copy-kubectl'],
  Pod: ['edit', 'delete', 'force-delete', 'copy-kubectl'],
  Service: ['edit', 'delete', 'copy-kubectl'],
  Node: ['cordon', 'uncordon', 'drain', 'power-off', 'power-on', 'edit', 'delete', 'copy-kubectl'],
  ConfigMap: ['edit', 'delete', 'copy-kubectl'],
  // No Edit YAML: the editor would show every value, which stay hidden until revealed one by one.
  Secret: ['delete', 'copy-kubectl'],
  Endpoints: ['edit', 'delete', 'copy-kubectl'],
  Lease: ['edit', 'delete', 'copy-kubectl'],
};

const POWER: ReadonlySet<ActionId> = new Set(['power-off', 'power-on']);

/** actionsFor lists the actions offered on a target (the power switch only on virtual nodes of Kubedeck's own cluster). */
export function actionsFor(kind: TargetKind, virtual = false): readonly ActionId[] {
  return virtual && isOwnCluster() ? BY_KIND[kind] : BY_KIND[kind].filter((a) => !POWER.has(a));
}

/** DESTRUCTIVE actions always ask for confirmation first. */
export const DESTRUCTIVE: ReadonlySet<ActionId> = new Set(['delete', 'force-delete', 'drain', 'restart', 'undo', 'cordon', 'power-off']);

/** KUBECTL_NAMES are the short resource names kubectl accepts. */
export const KUBECTL_NAMES: Record<TargetKind, string> = {
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  Pod: 'pod',
  Service: 'service',
  Node: 'node',
  ConfigMap: 'configmap',
  Secret: 'secret',
  Endpoints: 'endpoints',
  Lease: 'lease',
};

/** targetLabel is "deployment/web" (kubectl's spelling). */
export function targetLabel(t: ActionTarget): string {
  return `${KUBECTL_NAMES[t.kind]}/${t.name}`;
}
