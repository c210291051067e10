/**
 * Which cluster this tab shows: Kubedeck's own (no `?context=` in the page
 * URL) or a context of the user's kubeconfig (`?context=<name>`), reached
 * through the UI server at `/contexts/<name>/api/…`, which adds that
 * context's credentials. Per tab, so two tabs can show two clusters.
 */

/** contextName is this tab's kubeconfig context, or undefined for Kubedeck's own cluster. */
export function contextName(search: string = typeof window === 'undefined' ? '' : window.location.search): string | undefined {
  return new URLSearchParams(search).get('context') || undefined;
}

/** isOwnCluster tells whether this tab shows Kubedeck's own cluster (where pause, power and other Kubedeck-only features exist). */
export function isOwnCluster(search?: string): boolean {
  return contextName(search) === undefined;
}

/** apiUrl prefixes an API path (`/api/…`, `/apis/…`) with this tab's context, if any. */
export function apiUrl(path: string, search?: string): string {
  const ctx = contextName(search);
  return ctx === undefined ? path : `/contexts/${encodeURIComponent(ctx)}${path}`;
}

/** contextHref is the page URL that shows the given context (undefined: Kubedeck's own), keeping the route. */
export function contextHref(ctx: string | undefined, loc: { pathname: string; hash: string }): string {
  return `${loc.pathname}${ctx === undefined ? '' : `?context=${encodeURIComponent(ctx)}`}${loc.hash}`;
}
