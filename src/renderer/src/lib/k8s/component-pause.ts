/**
 * The pause switch in the page: which components are paused (the ConfigMap
 * `kube-system/kubedeck-paused-components`, live) and the request that
 * pauses or resumes one — the same merge patch as `kubectl patch`.
 */
import { isPaused, pauseConfigMap, pausedComponents, pausePatch, PAUSE_CONFIGMAP, PAUSE_NAMESPACE, type PausableComponent } from '../../../../shared/api/component-pause';
import type { ConfigMap } from '../../../../shared/api/core';
import { GVR, resourcePath } from '../../../../shared/api/resources';
import { isNotFound } from '../../../../shared/errors';
import { apiRequest } from './client';
import { useListWatch } from './use-list-watch';

export interface PauseState {
  /** The paused components, sorted. */
  paused: PausableComponent[];
  isPaused(c: PausableComponent): boolean;
}

/** usePauseState follows the pause ConfigMap (kube-system's ConfigMaps, live). */
export function usePauseState(): PauseState {
  const { items } = useListWatch<ConfigMap>(GVR.configmaps, PAUSE_NAMESPACE);
  const cm = items.find((c) => c.metadata.name === PAUSE_CONFIGMAP);
  return { paused: pausedComponents(cm), isPaused: (c) => isPaused(cm, c) };
}

/** setComponentPaused pauses or resumes one component (creating the ConfigMap if someone deleted it). */
export async function setComponentPaused(component: PausableComponent, paused: boolean): Promise<void> {
  const path = resourcePath(GVR.configmaps, PAUSE_NAMESPACE, PAUSE_CONFIGMAP);
  try {
    await apiRequest<ConfigMap>(path, { method: 'PATCH', body: pausePatch(component, paused), contentType: 'application/merge-patch+json' });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    if (paused) await apiRequest<ConfigMap>(resourcePath(GVR.configmaps, PAUSE_NAMESPACE), { method: 'POST', body: pauseConfigMap([component]) });
  }
}

/** componentLabel is how the page names a component ("the scheduler", "the kubelet on node-1"). */
export function componentLabel(c: PausableComponent): string {
  if (c === 'scheduler') return 'the scheduler';
  if (c === 'controller-manager') return 'the controller manager';
  return `the kubelet on ${c.slice('kubelet/'.length)}`;
}

/** pauseConsequence says in a sentence what a paused component leaves undone. */
export function pauseConsequence(c: PausableComponent): string {
  if (c === 'scheduler') return 'new pods stay Pending: no node is chosen for them.';
  if (c === 'controller-manager') return 'Deployments and ReplicaSets are not reconciled: missing pods are not created, extra ones not deleted, Endpoints not updated.';
  return `pods bound to ${c.slice('kubelet/'.length)} are not started, stopped or reported.`;
}
