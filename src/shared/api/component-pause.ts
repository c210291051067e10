/**
 * Pausing a component (the scheduler, the controller manager, one node's
 * kubelet) so the gap between desired and actual state stays visible. The
 * switch is a set of annotations on the `kube-system` Namespace, value
 * "true" while paused:
 *
 *   kubedeck.io/pause-scheduler           the scheduler binds nothing
 *   kubedeck.io/pause-controller-manager  no controller syncs (ReplicaSet, Deployment, …, Endpoints)
 *   kubedeck.io/pause-kubelet.<node>      that node's kubelet starts, stops and reports no pods
 *
 * Components follow it through the API client like any other object, so the
 * app, `kubectl annotate namespace kube-system …` and `config.yaml`
 * (`paused:`) all use the same switch, as the virtual nodes' power switch is
 * a Node annotation. (A Namespace, not a ConfigMap of its own: every page
 * of the app already watches Namespaces, and a browser has only six
 * connections per origin for its watches.) No annotation means running.
 */
import type { Namespace } from './core';

export const PAUSE_NAMESPACE = 'kube-system';
const PREFIX = 'kubedeck.io/pause-';

/** PausableComponent names what can be paused: `scheduler`, `controller-manager` or `kubelet/<node>`. */
export type PausableComponent = 'scheduler' | 'controller-manager' | `kubelet/${string}`;

/** pauseKey is the annotation of a component ("/" cannot appear in an annotation's name). */
export function pauseKey(component: PausableComponent): string {
  return PREFIX + (component.startsWith('kubelet/') ? `kubelet.${component.slice('kubelet/'.length)}` : component);
}

/** componentOfPauseKey is the inverse of pauseKey (undefined for an annotation naming nothing pausable). */
export function componentOfPauseKey(key: string): PausableComponent | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const rest = key.slice(PREFIX.length);
  if (rest === 'scheduler' || rest === 'controller-manager') return rest;
  if (rest.startsWith('kubelet.') && rest.length > 'kubelet.'.length) return `kubelet/${rest.slice('kubelet.'.length)}`;
  return undefined;
}

/** isPaused reads one component's state from the Namespace (absent = running). */
export function isPaused(ns: Pick<Namespace, 'metadata'> | undefined, component: PausableComponent): boolean {
  return ns?.metadata.annotations?.[pauseKey(component)] === 'true';
}

/** pausedComponents lists the components the Namespace's annotations pause. */
export function pausedComponents(ns: Pick<Namespace, 'metadata'> | undefined): PausableComponent[] {
  const out: PausableComponent[] = [];
  for (const [k, v] of Object.entries(ns?.metadata.annotations ?? {})) {
    const c = componentOfPauseKey(k);
    if (c && v === 'true') out.push(c);
  }
  return out.sort();
}

/** pausePatch is the JSON merge patch of the Namespace that pauses (or resumes, removing the annotation) one component. */
export function pausePatch(component: PausableComponent, paused: boolean): { metadata: { annotations: Record<string, string | null> } } {
  return { metadata: { annotations: { [pauseKey(component)]: paused ? 'true' : null } } };
}

/** pauseKubectl is the kubectl command that does what the app's switch does. */
export function pauseKubectl(component: PausableComponent, paused: boolean): string {
  return paused ? `kubectl annotate namespace ${PAUSE_NAMESPACE} ${pauseKey(component)}=true --overwrite` : `kubectl annotate namespace ${PAUSE_NAMESPACE} ${pauseKey(component)}-`;
}
