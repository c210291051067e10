/**
 * withAudit wraps a Registry so every mutating call (create, update, patch,
 * delete, deletecollection, POST to a subresource), from HTTPS or from the
 * in-process client, leaves one audit Event once it has completed, with the
 * identity of the request it ran in (./context.ts) and the resulting
 * resourceVersion. Reads and watches are not audited (they change nothing).
 */
import { isApiError } from '../../../shared/errors';
import type { Registry, Resource } from '../registry/types';
import { currentRequest } from './context';
import { auditEvent, type AuditEvent, type AuditLevel, type MutationRecord } from './event';

/** AuditSink receives finished Events (the log file writer). */
export interface AuditSink {
  write(ev: AuditEvent): void;
}

export interface AuditOptions {
  level: AuditLevel;
  sink: AuditSink;
  now?: () => number;
  /** Called when an Event could not be built or written (the request goes on). */
  onError?: (err: unknown) => void;
}

function errorOf(err: unknown): MutationRecord['error'] {
  if (isApiError(err)) return { code: err.code, status: err.status, message: err.message };
  return { code: 500, status: undefined, message: String((err as Error)?.message ?? err) };
}

/** auditResource returns resource with its mutating methods audited. */
function auditResource(inner: Resource, opts: AuditOptions): Resource {
  const now = opts.now ?? Date.now;
  const level = opts.level;
  async function audited<T>(rec: Omit<MutationRecord, 'ctx' | 'started' | 'finished' | 'info'>, call: () => Promise<T>, dryRun?: boolean): Promise<T> {
    const started = now();
    const ctx = currentRequest();
    const record = (extra: Partial<MutationRecord>) => {
      if (level === 'None') return;
      try {
        const ev = auditEvent({ ...rec, info: inner.info, ctx, started, finished: now(), ...extra }, level);
        // A dry run changes nothing; Kubernetes audits it all the same, marked, and so do we.
        if (dryRun) ev.annotations = { ...ev.annotations, 'kubedeck.io/dry-run': 'true' };
        opts.sink.write(ev);
      } catch (err) {
        // Auditing never changes a request's outcome.
        opts.onError?.(err);
      }
    };
    try {
      const out = await call();
      record({ response: out });
      return out;
    } catch (err) {
      record({ error: errorOf(err) });
      throw err;
    }
  }
  // Reads, watch and tables go straight to inner.
  return {
    get info() {
      return inner.info;
    },
    create: (ns, obj, o) => audited({ verb: 'create', namespace: ns, request: obj }, () => inner.create(ns, obj, o), o.dryRun),
    update: (ns, name, obj, o) => audited({ verb: 'update', namespace: ns, name, subresource: o.subresource, request: obj }, () => inner.update(ns, name, obj, o), o.dryRun),
    patch: (ns, name, type, patch, o) => audited({ verb: 'patch', namespace: ns, name, subresource: o.subresource, request: patch }, () => inner.patch(ns, name, type, patch, o), o.dryRun),
    delete: (ns, name, o) => audited({ verb: 'delete', namespace: ns, name }, () => inner.delete(ns, name, o), o.dryRun),
    deleteCollection: (ns, list, o) => audited({ verb: 'deletecollection', namespace: ns }, () => inner.deleteCollection(ns, list, o), o.dryRun),
    createSubresource: (ns, name, sub, body, o) => audited({ verb: 'create', namespace: ns, name, subresource: sub, request: body }, () => inner.createSubresource(ns, name, sub, body, o), o.dryRun),
    get: inner.get.bind(inner),
    list: inner.list.bind(inner),
    // Lists served from cached JSON stay so behind the audit (without it every list decodes and serialises every object).
    ...(inner.listJson ? { listJson: inner.listJson.bind(inner) } : {}),
    getSubresource: inner.getSubresource.bind(inner),
    watch: inner.watch.bind(inner),
    toTable: inner.toTable.bind(inner),
  };
}

/** withAudit returns a Registry whose resources audit their mutations to opts.sink. */
export function withAudit(inner: Registry, opts: AuditOptions): Registry {
  if (opts.level === 'None') return inner;
  const cache = new Map<Resource, Resource>();
  const wrap = (r: Resource | undefined) => {
    if (!r) return r;
    let w = cache.get(r);
    if (!w) cache.set(r, (w = auditResource(r, opts)));
    return w;
  };
  return {
    resources: () => inner.resources().map((r) => wrap(r)!),
    lookup: (group, version, resource) => wrap(inner.lookup(group, version, resource)),
  };
}
