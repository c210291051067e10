/** A tiny hash router: the UI server falls back to the shell for any path, but hash routes survive reloads everywhere (Electron included). */
import { useSyncExternalStore } from 'react';
import { kindByResource } from '../lib/kinds/registry';

export type Route =
  | { view: 'overview' }
  | { view: 'workloads' }
  | { view: 'pods' }
  | { view: 'pod'; namespace: string; name: string; tab: PodTab }
  | { view: 'workload-logs'; namespace: string; kind: WorkloadKind; name: string }
  | { view: 'services' }
  | { view: 'nodes' }
  | { view: 'events' }
  | { view: 'list'; resource: string }
  | { view: 'object'; resource: string; namespace?: string; name: string }
  | { view: 'timeline'; resource: string; namespace: string; name: string; flow: boolean }
  | { view: 'flow' }
  | { view: 'not-found'; path: string };

/** PodTab is the part of Pod detail on screen. */
export type PodTab = 'details' | 'logs' | 'shell';

/** WorkloadKind is a controller whose pods' logs can be shown together. */
export type WorkloadKind = 'deployments' | 'replicasets';

/** parseRoute reads a location hash ("#/pods/default/web-1"). */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'workloads':
      if ((parts[2] === 'deployments' || parts[2] === 'replicasets') && parts[1] && parts[3] && parts[4] === 'logs') {
        return { view: 'workload-logs', namespace: parts[1], kind: parts[2], name: parts[3] };
      }
      return { view: 'workloads' };
    case undefined:
    case 'overview':
      return { view: 'overview' };
    case 'services':
    case 'nodes':
    case 'events':
      if (parts.length === 1) return { view: parts[0] };
      return kindRoute(parts, hash);
    case 'timeline':
      if (parts[1] && parts[2] && parts[3]) return { view: 'timeline', resource: parts[1], namespace: parts[2], name: parts[3], flow: parts[4] === 'flow' };
      return { view: 'not-found', path: hash.replace(/^#/, '') };
    case 'flow':
      return { view: 'flow' };
    case 'pods':
      if (parts[1] && parts[2]) {
        const tab: PodTab = parts[3] === 'logs' || parts[3] === 'shell' ? parts[3] : 'details';
        return { view: 'pod', namespace: parts[1], name: parts[2], tab };
      }
      return { view: 'pods' };
    default:
      return kindRoute(parts, hash);
  }
}

/** kindRoute reads `<resource>`, `<resource>/<ns>/<name>` or (cluster-scoped) `<resource>/<name>`. */
function kindRoute(parts: string[], hash: string): Route {
  const kind = kindByResource(parts[0] ?? '');
  const notFound: Route = { view: 'not-found', path: hash.replace(/^#/, '') };
  if (!kind) return notFound;
  if (parts.length === 1) return { view: 'list', resource: kind.resource };
  if (kind.namespaced && parts.length === 3) return { view: 'object', resource: kind.resource, namespace: parts[1], name: parts[2] as string };
  if (!kind.namespaced && parts.length === 2) return { view: 'object', resource: kind.resource, name: parts[1] as string };
  return notFound;
}

/** podHref links to a pod's detail page (or one of its tabs). */
export function podHref(namespace: string | undefined, name: string | undefined, tab: PodTab = 'details'): string {
  const base = `#/pods/${encodeURIComponent(namespace ?? 'default')}/${encodeURIComponent(name ?? '')}`;
  return tab === 'details' ? base : `${base}/${tab}`;
}

/** timelineHref links to an object's timeline (`flow` adds the animated diagram of the components). */
export function timelineHref(resource: string, namespace: string | undefined, name: string | undefined, flow = false): string {
  const base = `#/timeline/${encodeURIComponent(resource)}/${encodeURIComponent(namespace ?? 'default')}/${encodeURIComponent(name ?? '')}`;
  return flow ? `${base}/flow` : base;
}

/** workloadLogsHref links to the interleaved logs of a Deployment's or ReplicaSet's pods. */
export function workloadLogsHref(namespace: string | undefined, kind: WorkloadKind, name: string | undefined): string {
  return `#/workloads/${encodeURIComponent(namespace ?? 'default')}/${kind}/${encodeURIComponent(name ?? '')}/logs`;
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
