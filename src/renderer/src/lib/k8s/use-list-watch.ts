/** useListWatch: a live list of one resource, from the query cache kept current by a shared ListWatch. */
import { useEffect, useSyncExternalStore } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { KubeObject } from '../../../../shared/api/meta';
import type { ResourceRef } from './client';
import { connectionSnapshot, subscribeConnection, type ConnectionState } from './connection-state';
import { acquireListWatch, fetchLiveList } from './list-watch';
import { k8sKeys } from './query-keys';

export interface LiveListResult<T> {
  items: T[];
  isLoading: boolean;
  error: Error | null;
}

const EMPTY: never[] = [];

/**
 * useListWatch lists `gvr` (in `namespace`, or cluster-wide when undefined),
 * then keeps it live with a watch; no polling, no refetch on focus.
 */
export function useListWatch<T extends KubeObject>(gvr: ResourceRef, namespace?: string): LiveListResult<T> {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: k8sKeys.list(gvr, namespace),
    // The first page is shown at once (a cluster of thousands of pods shows rows before the whole list is in).
    queryFn: () => fetchLiveList<T>(gvr, namespace, (first) => client.setQueryData(k8sKeys.list(gvr, namespace), first)),
    // The watch keeps it fresh; refetching would only race with it.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (count, err) => count < 20 && !(err instanceof Error && 'code' in err && (err as { code: number }).code === 401),
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
