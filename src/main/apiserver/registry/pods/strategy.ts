/**
 * Pods: defaults, validation, the mostly immutable spec, graceful deletion
 * and the binding subresource (pkg/registry/core/pod/strategy.go).
 */
import type { Pod, PodSpec, Toleration } from '../../../../shared/api/core';
import type { KubeObject } from '../../../../shared/api/meta';
import { forbiddenField, type FieldError } from '../../status';
import { podPrinter } from '../../table/pods';
import { topLevel } from '../schema';
import { POD_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { deepEqual, dns1123Subdomain } from '../validation';
import { bindPod } from './binding';
import { takeEphemeralContainers, validateEphemeralContainers } from './ephemeral-containers';
import { evictPod } from './eviction';
import { defaultPodSpec, POD_SPEC, qosClass, validatePodSpec } from './pod-spec';

/** POD_UPDATE_FORBIDDEN is the detail Kubernetes gives for a forbidden pod spec change. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function tolerationsOnlyAdded(next: Toleration[] | undefined, old: Toleration[] | undefined): boolean {
  const n = next ?? [];
  return (old ?? []).every((o) => n.some((t) => deepEqual(t, o)));
}

/** validatePodSpecUpdate allows only images, activeDeadlineSeconds and added tolerations to change. */
export function validatePodSpecUpdate(next: PodSpec, old: PodSpec): FieldError[] {
  const masked = structuredClone(next) as PodSpec & { schedulingGates?: unknown };
  const sameLength = (a: unknown[] | undefined, b: unknown[] | undefined) => (a?.length ?? 0) === (b?.length ?? 0);
  if (sameLength(masked.containers, old.containers)) masked.containers?.forEach((c, i) => (c.image = old.containers[i]!.image));
  if (sameLength(masked.initContainers, old.initContainers)) masked.initContainers?.forEach((c, i) => (c.image = old.initContainers![i]!.image));
  // activeDeadlineSeconds may be set, or lowered, but not removed or raised.
  const oldAds = old.activeDeadlineSeconds;
  const newAds = masked.activeDeadlineSeconds;
  if (oldAds === undefined || (newAds !== undefined && newAds <= oldAds)) {
    if (oldAds === undefined) delete masked.activeDeadlineSeconds;
    else masked.activeDeadlineSeconds = oldAds;
  }
  if (tolerationsOnlyAdded(masked.tolerations, old.tolerations)) {
    if (old.tolerations === undefined) delete masked.tolerations;
    else masked.tolerations = old.tolerations;
  }
  // Scheduling gates may only be removed.
  const oldGates = (old as PodSpec & { schedulingGates?: unknown[] }).schedulingGates;
  if (Array.isArray(masked.schedulingGates) && (masked.schedulingGates.length === 0 || deepEqual(masked.schedulingGates, oldGates))) {
    if (oldGates === undefined) delete masked.schedulingGates;
    else masked.schedulingGates = oldGates;
  } else if (masked.schedulingGates === undefined && oldGates !== undefined) {
    masked.schedulingGates = oldGates;
  }
  return deepEqual(masked, old) ? [] : [forbiddenField('spec', POD_UPDATE_FORBIDDEN)];
}

/** podStrategy declares pods. */
export const podStrategy: Strategy = {
  schema: topLevel({ spec: POD_SPEC, status: POD_STATUS }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    defaultPodSpec((obj as Pod).spec);
  },
  prepareForCreate(obj) {
    const pod = obj as Pod;
    pod.status = { phase: 'Pending', qosClass: pod.spec && Array.isArray(pod.spec.containers) ? qosClass(pod.spec) : 'BestEffort' };
  },
  validate(obj) {
    return validatePodSpec((obj as Pod).spec, 'spec');
  },
  validateUpdate(obj, old) {
    const next = (obj as Pod).spec;
    const prev = (old as Pod).spec;
    if (!next || !prev) return [];
    return validatePodSpecUpdate(next, prev);
  },
  // Pods carry no generation semantics beyond spec, which is (mostly) immutable anyway.
  specOf: (obj: KubeObject) => obj.spec,
  fieldSelectors: {
    'spec.nodeName': (o) => (o as Pod).spec?.nodeName,
    'spec.restartPolicy': (o) => (o as Pod).spec?.restartPolicy,
    'spec.schedulerName': (o) => (o as Pod).spec?.schedulerName,
    'spec.serviceAccountName': (o) => (o as Pod).spec?.serviceAccountName,
    'spec.hostNetwork': (o) => String(((o as Pod).spec as (PodSpec & { hostNetwork?: boolean }) | undefined)?.hostNetwork === true),
    'status.phase': (o) => (o as Pod).status?.phase,
    'status.podIP': (o) => (o as Pod).status?.podIP,
    'status.nominatedNodeName': (o) => (o as Pod).status?.nominatedNodeName,
  },
  gracePeriod(obj, opts) {
    const pod = obj as Pod;
    // An unscheduled pod has no kubelet to confirm, and a finished one nothing to stop.
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    if (opts.gracePeriodSeconds !== undefined) return opts.gracePeriodSeconds;
    return pod.spec.terminationGracePeriodSeconds ?? 30;
  },
  subresourceUpdates: { ephemeralcontainers: { take: takeEphemeralContainers, validate: validateEphemeralContainers } },
  createSubresource: { binding: bindPod, eviction: evictPod },
  printer: podPrinter,
};
