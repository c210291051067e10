/** The store's health (`/kubedeck/v1/store`), refreshed while it is on screen. */
import { useQuery } from '@tanstack/react-query';
import { STORE_HEALTH_PATH, type StoreHealth } from '../../../../shared/api/store-health';
import { apiRequest } from './client';
import { k8sKeys } from './query-keys';

/** STORE_HEALTH_REFRESH_MS is how often the card asks again. */
export const STORE_HEALTH_REFRESH_MS = 5_000;

/** fetchStoreHealth reads the store's health once. */
export function fetchStoreHealth(signal?: AbortSignal): Promise<StoreHealth> {
  return apiRequest<StoreHealth>(STORE_HEALTH_PATH, signal ? { signal } : {});
}

/** useStoreHealth keeps the store's health, refetched every STORE_HEALTH_REFRESH_MS (when `enabled`). */
export function useStoreHealth(enabled: boolean) {
  return useQuery({
    queryKey: k8sKeys.storeHealth,
    queryFn: ({ signal }) => fetchStoreHealth(signal),
    enabled,
    refetchInterval: STORE_HEALTH_REFRESH_MS,
    refetchOnWindowFocus: false,
    retry: 1,
  });
}

/** storeSummary says in a few words how the store is: what the card's badge shows. */
export function storeSummary(h: StoreHealth): { text: string; tone: 'ok' | 'progress' | 'error' } {
  if (h.error) return { text: 'not answering', tone: 'error' };
  if (h.backend === 'sqlite') return { text: 'healthy', tone: 'ok' };
  const members = h.etcd?.members ?? [];
  const healthy = members.filter((m) => m.healthy).length;
  if (!h.etcd?.leader || healthy <= members.length / 2) return { text: `no quorum (${healthy}/${members.length})`, tone: 'error' };
  if (healthy < members.length) return { text: `${healthy}/${members.length} members healthy`, tone: 'progress' };
  return { text: `${healthy}/${members.length} members healthy`, tone: 'ok' };
}
