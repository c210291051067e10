import { useQuery } from '@tanstack/react-query';
import { contextHref, contextName } from '../../lib/k8s/context';

/** KubeContext is a kubeconfig context as the UI server describes it (never its credentials). */
interface KubeContext {
  name: string;
  server: string;
  namespace?: string;
  current: boolean;
}

async function fetchContexts(): Promise<KubeContext[]> {
  const res = await fetch('/ui/contexts', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) return [];
  return ((await res.json()) as { contexts: KubeContext[] }).contexts;
}

/**
 * ContextSelect switches this tab between Kubedeck's own cluster and the
 * contexts of the user's kubeconfig (KUBECONFIG or ~/.kube/config). The UI
 * server forwards with the context's credentials; the page holds none.
 * Switching reloads the tab on the same route, so every view starts afresh.
 */
export function ContextSelect() {
  const { data: contexts = [] } = useQuery({ queryKey: ['ui', 'contexts'], queryFn: fetchContexts, staleTime: 30_000 });
  const current = contextName();
  if (contexts.length === 0 && current === undefined) return null;
  const names = contexts.map((c) => c.name);
  if (current !== undefined && !names.includes(current)) names.unshift(current);
  return (
    <label className="context-select" title="Which cluster this tab shows">
      <span className="muted">Cluster</span>
      <select
        data-testid="context-select"
        value={current ?? ''}
        onChange={(e) => window.location.assign(contextHref(e.target.value || undefined, window.location))}
      >
        <option value="">Kubedeck (this app)</option>
        {names.map((n) => {
          const c = contexts.find((x) => x.name === n);
          return (
            <option key={n} value={n}>
              {n}
              {c ? ` — ${c.server}` : ''}
            </option>
          );
        })}
      </select>
    </label>
  );
}
