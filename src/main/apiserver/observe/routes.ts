/**
 * The observation endpoints under `/kubedeck/v1/` (non-resource paths, as
 * `/metrics` or `/debug` are in Kubernetes): read-only, behind the same
 * authentication as the API, so kubectl (`kubectl get --raw`) and the app
 * (through the UI server, which holds the credential) read them alike.
 * - `/kubedeck/v1/timeline?group=&resource=pods&namespace=default&name=web-1`:
 *   the object's Timeline (src/shared/api/timeline.ts).
 * - `/kubedeck/v1/watchdeliveries?since=<revision>&limit=<n>`: the revision
 *   ring: each revision's writer and the watches that received it, with the
 *   delay from the write.
 */
import type { ServerResponse } from 'node:http';
import { TIMELINE_PATH, WATCH_DELIVERIES_PATH, type WatchDeliveryList, type WatchDeliveryRecord } from '../../../shared/api/timeline';
import { badRequest } from '../status';
import { statusError, writeJson } from '../http/respond';
import type { RevisionRecord, RevisionRing } from './revision-ring';
import type { TimelineSource } from './timeline-source';

/** OBSERVE_PREFIX is where the observation endpoints live. */
export const OBSERVE_PREFIX = '/kubedeck/v1/';

export interface ObserveDeps {
  ring: RevisionRing;
  timelines: TimelineSource;
}

/** KEY_RE splits a store key into group, resource, namespace and name. */
const KEY_RE = /^\/registry\/([^/]+)\/([^/]+)\/(?:([^/]+)\/)?([^/]+)$/;

/** deliveryRecord is a ring entry as served. */
export function deliveryRecord(e: Readonly<RevisionRecord>): WatchDeliveryRecord {
  const m = e.key ? KEY_RE.exec(e.key) : null;
  const base = e.committedAt;
  return {
    revision: e.revision,
    ...(m ? { group: m[1] === 'core' ? '' : m[1]!, resource: m[2]!, ...(m[3] ? { namespace: m[3] } : {}), name: m[4]! } : {}),
    ...(e.type ? { type: e.type } : {}),
    ...(e.writer ? { writer: e.writer } : {}),
    ...(e.verb ? { verb: e.verb } : {}),
    ...(e.subresource ? { subresource: e.subresource } : {}),
    ...(base !== undefined ? { committedAt: base } : {}),
    deliveries: base === undefined ? [] : e.deliveries.map((d) => ({ watcher: d.watcher, latencyMs: Math.max(0, d.at - base) })),
  };
}

function intParam(url: URL, name: string, dflt: number): number {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer`);
  return n;
}

/** serveObserve answers a GET under OBSERVE_PREFIX. */
export async function serveObserve(deps: ObserveDeps, path: string, url: URL, res: ServerResponse): Promise<void> {
  if (path === WATCH_DELIVERIES_PATH) {
    const since = intParam(url, 'since', 0);
    const limit = Math.min(intParam(url, 'limit', 500), 10_000);
    const body: WatchDeliveryList = {
      kind: 'WatchDeliveryList',
      apiVersion: 'kubedeck.io/v1',
      oldest: deps.ring.oldest,
      items: deps.ring.since(since, limit).map(deliveryRecord),
    };
    return writeJson(res, 200, body);
  }
  if (path === TIMELINE_PATH) {
    const q = url.searchParams;
    const resource = q.get('resource');
    const name = q.get('name');
    if (!resource || !name) throw badRequest('resource and name are required');
    const timeline = await deps.timelines.timeline(q.get('group') ?? '', resource, q.get('namespace') || undefined, name);
    return writeJson(res, 200, timeline);
  }
  throw statusError(404, 'NotFound', 'the server could not find the requested resource');
}
