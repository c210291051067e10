/**
 * The pause switch in the page: which components are paused (annotations of
 * the kube-system Namespace, from the Namespaces list every page already
 * watches) and the request that pauses or resumes one — the merge patch
 * `kubectl annotate namespace kube-system …` makes.
 */
import { isPaused, pausedComponents, pausePatch, PAUSE_NAMESPACE, type PausableComponent } from '../../../../shared/api/component-pause';
import type { Namespace } from '../../../../shared/api/core';
import { resourcePath } from '../../../../shared/api/resources';
import { apiRequest } from './client';
import { NAMESPACE_GVR } from './namespace';
import { useListWatch } from './use-list-watch';

export interface PauseState {
  /** The paused components, sorted. */
  paused: PausableComponent[];
  isPaused(c: PausableComponent): boolean;
}

/** usePauseState follows the pause annotations (the Namespaces list the header's selector shares). */
export function usePauseState(): PauseState {
  const { items } = useListWatch<Namespace>(NAMESPACE_GVR);
  const ns = items.find((n) => n.metadata.name === PAUSE_NAMESPACE);
  return { paused: pausedComponents(ns), isPaused: (c) => isPaused(ns, c) };
}

/** setComponentPaused pauses or resumes one component. */
export async function setComponentPaused(component: PausableComponent, paused: boolean): Promise<void> {
  await apiRequest<Namespace>(resourcePath(NAMESPACE_GVR, undefined, PAUSE_NAMESPACE), { method: 'PATCH', body: pausePatch(component, paused), contentType: 'application/merge-patch+json' });
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
