/** useListWatch: a live list of one resource, from the query cache kept current by a shared ListWatch. */
import { useEffect, useSyncExternalStore } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { KubeObject } from '../../../../shared/api/meta';
import type { ResourceRef } from './client';
import type { LiveList } from './watch-cache';
import { connectionSnapshot, subscribeConnection, type ConnectionState } from './connection-state';
import { acquireListWatch, fetchListAt, fetchLiveList } from './list-watch';
import { k8sKeys } from './query-keys';
import { useTravelRevision } from './time-travel';

export interface LiveListResult<T> {
  items: T[];
  isLoading: boolean;
  error: Error | null;
}

const EMPTY: never[] = [];

/**
 * useListWatch lists `gvr` (in `namespace`, or cluster-wide when undefined),
 * then keeps it live with a watch; no polling, no refetch on focus. Inside a
 * TravelScope with a revision chosen, it is the list at that revision
 * instead (the live one stays watched, so "Live" is instant).
 */
export function useListWatch<T extends KubeObject>(gvr: ResourceRef, namespace?: string): LiveListResult<T> {
  const client = useQueryClient();
  const revision = useTravelRevision();
  const query = useQuery({
    queryKey: revision === undefined ? k8sKeys.list(gvr, namespace) : k8sKeys.listAt(gvr, namespace, revision),
    // Live: the first page is shown at once (a cluster of thousands of pods shows rows before the whole list is in).
    queryFn: () =>
      revision === undefined ? fetchLiveList<T>(gvr, namespace, (first) => client.setQueryData(k8sKeys.list(gvr, namespace), first)) : fetchListAt<T>(gvr, namespace, revision),
    // A past revision never changes: a slider moved back and forth reuses what it read,
    // and shows the previous revision's list (never the live one) while the next loads.
    ...(revision === undefined
      ? {}
      : { gcTime: 60_000, placeholderData: (prev: LiveList<T> | undefined, prevQuery?: { queryKey: readonly unknown[] }) => (prevQuery?.queryKey[4] === 'list-at' ? prev : undefined) }),
    // The watch keeps it fresh; refetching would only race with it.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    // 410: the revision is beyond the history window; no retry brings it back.
    retry: (count, err) => count < 20 && !(err instanceof Error && 'code' in err && [401, 410].includes((err as { code: number }).code)),
    retryDelay: (n) => Math.min(500 * 2 ** n, 8000),
  });
  const { group, version, resource } = gvr;
  useEffect(
    () => acquireListWatch(client, gvr, namespace),
    [client, group, version, resource, namespace],
  );
  return { items: query.data?.items ?? (EMPTY as T[]), isLoading: query.isLoading, error: query.error };
}

/** useConnectionState is the aggregate state of every live list on screen. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribeConnection, connectionSnapshot);
}

/**
 * prefetchLiveList starts the live list a screen is about to ask for, with
 * the same key and request as useListWatch (the screen's query then shares
 * it): a screen whose code is still loading does not wait for its chunk
 * before its data is on the way.
 */
export function prefetchLiveList(client: QueryClient, gvr: ResourceRef, namespace?: string): void {
  const key = k8sKeys.list(gvr, namespace);
  void client.prefetchQuery({ queryKey: key, queryFn: () => fetchLiveList(gvr, namespace, (first) => client.setQueryData(key, first)), staleTime: Infinity });
}
