/** A tiny hash router: the UI server falls back to the shell for any path, but hash routes survive reloads everywhere (Electron included). */
import { useSyncExternalStore } from 'react';

export type Route =
  | { view: 'overview' }
  | { view: 'workloads' }
  | { view: 'pods' }
  | { view: 'pod'; namespace: string; name: string }
  | { view: 'services' }
  | { view: 'nodes' }
  | { view: 'events' };

/** parseRoute reads a location hash ("#/pods/default/web-1"). */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'workloads':
    case 'services':
    case 'nodes':
    case 'events':
      return { view: parts[0] };
    case 'pods':
      if (parts[1] && parts[2]) return { view: 'pod', namespace: parts[1], name: parts[2] };
      return { view: 'pods' };
    default:
      return { view: 'overview' };
  }
}

/** podHref links to a pod's detail page. */
export function podHref(namespace: string | undefined, name: string | undefined): string {
  return `#/pods/${encodeURIComponent(namespace ?? 'default')}/${encodeURIComponent(name ?? '')}`;
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

/** useRoute follows location.hash. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
