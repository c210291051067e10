/** The fields a pod field selector may name (as the API server's pod field selector), and their values. */
import type { Pod } from '../../../../shared/api/core';
import { parseFieldSelector } from '../../../../shared/selectors';

/** POD_SELECTABLE_FIELDS are the pod fields kubectl's --field-selector accepts. */
export const POD_SELECTABLE_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
] as const;

/** podFields reads the selectable fields of a pod (absent ones are ""). */
export function podFields(p: Pod): Record<string, string> {
  return {
    'metadata.name': p.metadata.name ?? '',
    'metadata.namespace': p.metadata.namespace ?? '',
    'spec.nodeName': p.spec?.nodeName ?? '',
    'spec.restartPolicy': p.spec?.restartPolicy ?? '',
    'spec.schedulerName': p.spec?.schedulerName ?? '',
    'spec.serviceAccountName': p.spec?.serviceAccountName ?? '',
    'status.phase': p.status?.phase ?? '',
    'status.podIP': p.status?.podIP ?? '',
    'status.nominatedNodeName': p.status?.nominatedNodeName ?? '',
  };
}

/** compilePodFieldSelector compiles a field selector for pods; a malformed one or an unknown field throws (the API server's words). */
export function compilePodFieldSelector(selector: string): (p: Pod) => boolean {
  const m = parseFieldSelector(selector, POD_SELECTABLE_FIELDS);
  return (p) => m.matches(podFields(p));
}
