/** The one factory of TanStack Query keys for Kubernetes data. */
import type { GroupVersionResource } from '../../../../shared/api/resources';

/** ALL_NAMESPACES is the key segment of a cluster-wide list. */
export const ALL_NAMESPACES = '*';

export const k8sKeys = {
  all: ['k8s'] as const,
  /** list is the key of a (namespaced or cluster-wide) list kept live by a watch. */
  list: (gvr: GroupVersionResource, namespace?: string) =>
    ['k8s', gvr.group, gvr.version, gvr.resource, 'list', namespace ?? ALL_NAMESPACES] as const,
  /** listAt is the key of a list read at one past revision (time travel); it never changes. */
  listAt: (gvr: GroupVersionResource, namespace: string | undefined, revision: number) =>
    ['k8s', gvr.group, gvr.version, gvr.resource, 'list-at', namespace ?? ALL_NAMESPACES, revision] as const,
  /** revisions is the key of the cluster's revision history (the time slider's steps). */
  revisions: ['kubedeck', 'revisions'] as const,
  /** timeline is the key of one object's timeline (/kubedeck/v1/timeline). */
  timeline: (group: string, resource: string, namespace: string, name: string) => ['k8s', 'kubedeck.io', 'timeline', group, resource, namespace, name] as const,
  /** storeHealth is the key of the store's health (/kubedeck/v1/store). */
  storeHealth: ['kubedeck', 'store-health'] as const,
};
