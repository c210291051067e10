/**
 * The revision history the app's time slider moves over: Kubedeck's own
 * read-only, non-resource endpoint (as /metrics or /logs are in
 * kube-apiserver), reached by the page through the UI server like the API.
 *
 *   GET /kubedeck/revisions?limit=500&before=<revision>
 *
 * answers a RevisionList, newest first. Reading the objects at one of these
 * revisions is the Kubernetes API's own
 * `?resourceVersion=N&resourceVersionMatch=Exact` on lists.
 */

/** REVISIONS_PATH is the endpoint's path. */
export const REVISIONS_PATH = '/kubedeck/revisions';

/** REVISIONS_DEFAULT_LIMIT and REVISIONS_MAX_LIMIT bound one answer. */
export const REVISIONS_DEFAULT_LIMIT = 500;
export const REVISIONS_MAX_LIMIT = 5000;

/** RevisionItem is one write to the store. */
export interface RevisionItem {
  revision: number;
  /** Commit time (RFC 3339 with milliseconds, UTC). */
  time: string;
  type: 'create' | 'update' | 'delete';
  /** The resource written (plural, e.g. `pods`), its group ('' for core), namespace and name. */
  group: string;
  resource: string;
  namespace?: string;
  name: string;
}

/** RevisionList answers GET /kubedeck/revisions. */
export interface RevisionList {
  kind: 'RevisionList';
  apiVersion: 'kubedeck.io/v1alpha1';
  /** The store's newest revision. */
  currentRevision: number;
  /** The oldest revision that can still be read (the compacted one); older ones answer 410 Gone. */
  oldestRevision: number;
  /** The configured history: how long and how many revisions are kept. */
  windowSeconds: number;
  maxRevisions: number;
  items: RevisionItem[];
  /** True when older revisions are known below this page (ask again with before=<last revision>). */
  more: boolean;
}

/**
 * describeKey splits a store key (`/registry/<group|core>/<resource>/[<namespace>/]<name>`)
 * into what the app shows; undefined for other keys.
 */
export function describeKey(key: string): Pick<RevisionItem, 'group' | 'resource' | 'namespace' | 'name'> | undefined {
  const parts = key.split('/');
  if (parts[0] !== '' || parts[1] !== 'registry' || parts.length < 5 || parts.length > 6) return undefined;
  const group = parts[2] === 'core' ? '' : parts[2]!;
  const resource = parts[3]!;
  if (parts.length === 6) return { group, resource, namespace: parts[4]!, name: parts[5]! };
  return { group, resource, name: parts[4]! };
}

/** formatDuration writes milliseconds back as the shortest Go-style duration (for messages and the UI). */
export function formatDuration(ms: number): string {
  if (ms % 1000 !== 0 || ms === 0) return `${ms}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
