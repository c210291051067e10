/**
 * Pausing a component (the scheduler, the controller manager, one node's
 * kubelet) so the gap between desired and actual state stays visible. The
 * switch is an ordinary ConfigMap, `kube-system/kubedeck-paused-components`,
 * whose data keys name the paused components with the value "true":
 *
 *   scheduler: "true"            the scheduler binds nothing
 *   controller-manager: "true"   no controller syncs (ReplicaSet, Deployment, …, Endpoints)
 *   kubelet.<node>: "true"       that node's kubelet starts, stops and reports no pods
 *
 * Components follow it through the API client like any other object, so the
 * app, `kubectl patch`/`kubectl edit` and `config.yaml` (`paused:`) all use
 * the same switch. A missing ConfigMap or key means running.
 */
import type { ConfigMap } from './core';

export const PAUSE_NAMESPACE = 'kube-system';
export const PAUSE_CONFIGMAP = 'kubedeck-paused-components';

/** PausableComponent names what can be paused: `scheduler`, `controller-manager` or `kubelet/<node>`. */
export type PausableComponent = 'scheduler' | 'controller-manager' | `kubelet/${string}`;

/** pauseKey is the ConfigMap data key of a component (ConfigMap keys cannot hold "/"). */
export function pauseKey(component: PausableComponent): string {
  return component.startsWith('kubelet/') ? `kubelet.${component.slice('kubelet/'.length)}` : component;
}

/** componentOfPauseKey is the inverse of pauseKey (undefined for a key naming nothing pausable). */
export function componentOfPauseKey(key: string): PausableComponent | undefined {
  if (key === 'scheduler' || key === 'controller-manager') return key;
  if (key.startsWith('kubelet.') && key.length > 'kubelet.'.length) return `kubelet/${key.slice('kubelet.'.length)}`;
  return undefined;
}

/** isPaused reads one component's state from the ConfigMap (absent = running). */
export function isPaused(cm: Pick<ConfigMap, 'data'> | undefined, component: PausableComponent): boolean {
  return cm?.data?.[pauseKey(component)] === 'true';
}

/** pausedComponents lists the components the ConfigMap pauses. */
export function pausedComponents(cm: Pick<ConfigMap, 'data'> | undefined): PausableComponent[] {
  const out: PausableComponent[] = [];
  for (const [k, v] of Object.entries(cm?.data ?? {})) {
    const c = componentOfPauseKey(k);
    if (c && v === 'true') out.push(c);
  }
  return out.sort();
}

/**
 * pausePatch is the JSON merge patch that pauses (or resumes, by removing
 * the key) one component; apply it to the ConfigMap, creating it first if
 * missing.
 */
export function pausePatch(component: PausableComponent, paused: boolean): { data: Record<string, string | null> } {
  return { data: { [pauseKey(component)]: paused ? 'true' : null } };
}

/** pauseConfigMap is the ConfigMap to create when none exists yet. */
export function pauseConfigMap(paused: readonly PausableComponent[]): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: PAUSE_CONFIGMAP, namespace: PAUSE_NAMESPACE },
    data: Object.fromEntries(paused.map((c) => [pauseKey(c), 'true'])),
  };
}

/** pauseKubectl is the kubectl command that does what the app's switch does. */
export function pauseKubectl(component: PausableComponent, paused: boolean): string {
  const patch = JSON.stringify(pausePatch(component, paused));
  return `kubectl -n ${PAUSE_NAMESPACE} patch configmap ${PAUSE_CONFIGMAP} --type merge -p '${patch}'`;
}
