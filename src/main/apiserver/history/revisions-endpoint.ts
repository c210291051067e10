/**
 * GET /kubedeck/revisions: the revision index (revision-index.ts) as a
 * bounded, newest-first RevisionList, for the app's time slider. Read-only;
 * every answer is limited (REVISIONS_MAX_LIMIT) and pages with `before`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  describeKey,
  REVISIONS_DEFAULT_LIMIT,
  REVISIONS_MAX_LIMIT,
  REVISIONS_PATH,
  type RevisionItem,
  type RevisionList,
} from '../../../shared/api/revision-history';
import type { Store } from '../../storage/types';
import { intParam } from '../http/query-options';
import { methodNotAllowed, statusError, writeJson } from '../http/respond';
import type { RevisionEntry, RevisionIndex } from './revision-index';

/** RevisionHistory is what the endpoint reads: the index, the store's bounds and the configured window. */
export interface RevisionHistory {
  index: RevisionIndex;
  store: Pick<Store, 'currentRevision' | 'compactedRevision'>;
  windowMs: number;
  maxRevisions: number;
}

/** isRevisionsPath reports whether a request path is the endpoint's. */
export function isRevisionsPath(path: string): boolean {
  return path === REVISIONS_PATH;
}

/** revisionItem turns an index entry into the wire form; undefined for keys outside the registry. */
export function revisionItem(e: RevisionEntry): RevisionItem | undefined {
  const where = describeKey(e.key);
  return where ? { revision: e.revision, time: new Date(e.time).toISOString(), type: e.type, ...where } : undefined;
}

/** revisionList builds the answer for a query (limit, before). */
export async function revisionList(history: RevisionHistory, query: URLSearchParams): Promise<RevisionList> {
  const limitParam = intParam(query, 'limit');
  const limit = limitParam && limitParam > 0 ? Math.min(limitParam, REVISIONS_MAX_LIMIT) : REVISIONS_DEFAULT_LIMIT;
  const before = intParam(query, 'before');
  const [current, compacted] = await Promise.all([history.store.currentRevision(), history.store.compactedRevision()]);
  // What compaction removed can no longer be read: it leaves the index too.
  history.index.forgetBefore(compacted);
  const page = history.index.page(limit, before);
  return {
    kind: 'RevisionList',
    apiVersion: 'kubedeck.io/v1alpha1',
    currentRevision: current,
    oldestRevision: compacted,
    windowSeconds: history.windowMs / 1000,
    maxRevisions: history.maxRevisions,
    items: page.items.flatMap((e) => revisionItem(e) ?? []),
    more: page.more,
  };
}

/** serveRevisions answers GET /kubedeck/revisions (404 when the cluster keeps no index). */
export async function serveRevisions(history: RevisionHistory | undefined, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(res, ['GET', 'HEAD']);
  if (!history) throw statusError(404, 'NotFound', 'the server could not find the requested resource');
  writeJson(res, 200, await revisionList(history, query));
}
