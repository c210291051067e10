/** useLiveObject: the target as the live list shows it (kept current by the shared watch). */
import type { KubeObject } from '../../../../shared/api/meta';
import { GVR_BY_KIND } from '../../lib/actions/requests';
import type { ActionTarget } from '../../lib/actions/targets';
import { useListWatch } from '../../lib/k8s/use-list-watch';

/** useLiveObject returns the live object (undefined while loading or once deleted). */
export function useLiveObject<T extends KubeObject>(t: ActionTarget): { obj: T | undefined; isLoading: boolean } {
  const list = useListWatch<T>(GVR_BY_KIND[t.kind], t.kind === 'Node' ? undefined : t.namespace);
  return { obj: list.items.find((o) => o.metadata.name === t.name), isLoading: list.isLoading };
}
