/** What a log view reads: one container of one pod, and the options kubectl logs has. */
import { withQuery } from '../k8s/client';

/** LogSource is one container's log; `label` prefixes its lines when several are interleaved. */
export interface LogSource {
  /** id is unique among the sources of one view (namespace/pod/container). */
  id: string;
  namespace: string;
  pod: string;
  container: string;
  label?: string;
}

/** LogOptions are the viewer's choices that change what the API sends. */
export interface LogOptions {
  follow: boolean;
  previous: boolean;
  /** tailLines: undefined means the whole log. */
  tailLines?: number;
  sinceSeconds?: number;
}

/** sourceId names a source. */
export function sourceId(namespace: string, pod: string, container: string): string {
  return `${namespace}/${pod}/${container}`;
}

/** logPath is the API path of a container's log (served through the UI server, which adds the token). */
export function logPath(src: LogSource, query: { follow?: boolean; previous?: boolean; timestamps?: boolean; tailLines?: number; sinceSeconds?: number; sinceTime?: string }): string {
  const base = `/api/v1/namespaces/${encodeURIComponent(src.namespace)}/pods/${encodeURIComponent(src.pod)}/log`;
  return withQuery(base, {
    container: src.container,
    follow: query.follow ? 'true' : undefined,
    previous: query.previous ? 'true' : undefined,
    timestamps: query.timestamps ? 'true' : undefined,
    tailLines: query.tailLines !== undefined ? String(query.tailLines) : undefined,
    sinceSeconds: query.sinceSeconds !== undefined ? String(query.sinceSeconds) : undefined,
    sinceTime: query.sinceTime,
  });
}

/** downloadName is the file name a downloaded log gets. */
export function downloadName(parts: string[], previous: boolean): string {
  const safe = parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('_');
  return `${safe}${previous ? '_previous' : ''}.log`;
}
