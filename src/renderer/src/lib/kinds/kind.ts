/**
 * A kind descriptor says how the generic list and detail screens show one
 * served kind: its columns, its conditions and the objects related to it.
 * Every kind the UI browses is one file in this folder; adding a kind is
 * adding a file and listing it in registry.ts.
 */
import type { KubeObject } from '../../../../shared/api/meta';
import type { ResourceRef } from '../k8s/client';

/** Column is one table column; `value` is what is shown and sorted on. */
export interface Column {
  header: string;
  value: (obj: KubeObject, now: number) => string;
  /** Sort as a number (Restarts, counts) rather than as text. */
  numeric?: (obj: KubeObject) => number;
  /** Low-priority columns hide below 1,000 px, as `kubectl get` hides them without `-o wide`. */
  wide?: boolean;
}

/** Fact is one "term: value" line of the detail page. */
export interface Fact {
  term: string;
  value: string;
}

/** Link names another object (or list) by route. */
export interface Link {
  kind: string;
  name: string;
  namespace?: string;
  /** A short word after the link ("owner", "Running"). */
  note?: string;
}

/** Related describes a set of objects related to the one on screen, found in one list. */
export interface Related {
  title: string;
  /** The resource (plural) whose list holds the related objects. */
  resource: string;
  /** A second list the selection needs (a Service's pods are found through its Endpoints). */
  uses?: string;
  /** Which objects of that list relate to `obj` (`used` is the `uses` list, or empty). */
  select: (obj: KubeObject, candidate: KubeObject, used: readonly KubeObject[]) => boolean;
  /** A note per related object (its status). */
  note?: (candidate: KubeObject) => string | undefined;
}

/** Condition is the common shape of status conditions. */
export interface ConditionRow {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastHeartbeatTime?: string;
}

/** KindDescriptor is everything the generic screens need about a kind. */
export interface KindDescriptor {
  kind: string;
  /** The plural resource name, also the route segment (`#/deployments`). */
  resource: string;
  /** kubectl's spelling of the resource in `<resource>/<name>` ("deployment.apps"). */
  kubectlName: string;
  title: string;
  gvr: ResourceRef;
  namespaced: boolean;
  columns: Column[];
  /** Facts shown at the top of the detail page (after the metadata). */
  facts?: (obj: KubeObject) => Fact[];
  /** Links the object itself names (a pod's node, an event's object). */
  links?: (obj: KubeObject) => Link[];
  related?: Related[];
  /** The status text the list and detail show (with a tone via StatusBadge). */
  status?: (obj: KubeObject) => string | undefined;
  /** Objects of this kind hold values to hide until revealed (Secrets). */
  secretData?: boolean;
}

/** conditionsOf reads status.conditions of any object. */
export function conditionsOf(obj: KubeObject): ConditionRow[] {
  const status = (obj as { status?: { conditions?: ConditionRow[] } }).status;
  return Array.isArray(status?.conditions) ? status.conditions : [];
}

/** controllerRef is the controlling owner reference of an object. */
export function ownerRefs(obj: KubeObject): { kind: string; name: string; uid: string; controller?: boolean }[] {
  return obj.metadata.ownerReferences ?? [];
}

/** isOwnedBy reports whether `child` names `owner` among its owner references (same namespace). */
export function isOwnedBy(child: KubeObject, owner: KubeObject): boolean {
  return child.metadata.namespace === owner.metadata.namespace && ownerRefs(child).some((r) => r.uid === owner.metadata.uid);
}
