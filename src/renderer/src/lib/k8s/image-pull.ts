/**
 * An image pull in the pod's words: the progress bar's numbers from the
 * kubelet's pull-progress annotation, and the failed pull (ErrImagePull,
 * ImagePullBackOff) with the registry's own message.
 */
import type { Pod } from '../../../../shared/api/core';
import { pullProgress, type PullProgress } from './pod-explain';

/** PullBarValue is what a progress bar shows of a pull. */
export interface PullBarValue {
  progress: PullProgress;
  /** 0–100, undefined until the layer sizes are known (the bar is indeterminate). */
  percent?: number;
  /** "12.3 MB of 150.0 MB" (empty until sizes are known). */
  bytes: string;
  /** "1 of 2 layers" (empty when the kubelet does not count layers). */
  layers: string;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** pullBarValue reads the pod's pull in progress as a bar's numbers; undefined when nothing is pulling. */
export function pullBarValue(pod: Pod): PullBarValue | undefined {
  const p = pullProgress(pod);
  if (!p) return undefined;
  const percent = typeof p.fraction === 'number' ? Math.max(0, Math.min(100, Math.floor(p.fraction * 100))) : undefined;
  const bytes = p.totalBytes ? `${mb(p.currentBytes ?? 0)} of ${mb(p.totalBytes)}` : '';
  const layers = p.layersTotal ? `${p.layersDone ?? 0} of ${p.layersTotal} layer${p.layersTotal === 1 ? '' : 's'}` : '';
  return { progress: p, ...(percent !== undefined ? { percent } : {}), bytes, layers };
}

/** PULL_FAILURES are the waiting reasons of a container whose image cannot be had. */
export const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);

/** PullFailure is one container's failed image pull. */
export interface PullFailure {
  container: string;
  image: string;
  reason: string;
  /** What the registry (or Docker) said, without the kubelet's back-off preamble. */
  message: string;
}

/** registryMessage strips `Back-off pulling image "x": ErrImagePull: ` from a waiting message. */
export function registryMessage(message: string): string {
  return message.replace(/^Back-off pulling image "[^"]*":\s*/, '').replace(/^ErrImagePull:\s*/, '');
}

/** pullFailure is the pod's first container whose image pull failed, if any. */
export function pullFailure(pod: Pod): PullFailure | undefined {
  const specs = new Map([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => [c.name, c]));
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const w = s.state?.waiting;
    if (!w?.reason || !PULL_FAILURES.has(w.reason)) continue;
    return { container: s.name, image: specs.get(s.name)?.image ?? s.image ?? '', reason: w.reason, message: registryMessage(w.message ?? '') };
  }
  return undefined;
}
