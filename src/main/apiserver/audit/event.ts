/**
 * The audit.k8s.io/v1 Event of one mutating request, at the policy's level:
 * Metadata (who, what, when, the result) by default, Request adds the
 * request body, RequestResponse the response body too. Secrets never go
 * beyond Metadata, as Kubernetes' own example policies do.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject, Status } from '../../../shared/api/meta';
import type { ResourceInfo } from '../../../shared/api/resources';
import type { RequestContext } from './context';

export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
export const AUDIT_LEVELS: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** AuditEvent is audit.k8s.io/v1 Event (the fields Kubedeck fills). */
export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: AuditLevel;
  auditID: string;
  stage: 'ResponseComplete';
  requestURI: string;
  verb: string;
  user: RequestContext['user'];
  sourceIPs: string[];
  userAgent?: string;
  objectRef: {
    resource: string;
    namespace?: string;
    name?: string;
    uid?: string;
    apiGroup?: string;
    apiVersion: string;
    resourceVersion?: string;
    subresource?: string;
  };
  responseStatus: { metadata: Record<string, never>; status?: string; reason?: string; message?: string; code: number };
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** MutationRecord is what the audited registry knows of one call once it has finished. */
export interface MutationRecord {
  info: ResourceInfo;
  verb: 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
  namespace?: string;
  name?: string;
  subresource?: string;
  request?: unknown;
  /** The result (an object, a list or a Status), absent on failure. */
  response?: unknown;
  error?: { code: number; status: Status | undefined; message: string };
  ctx: RequestContext | undefined;
  started: number;
  finished: number;
}

/** requestURIOf is the REST path an in-process call would have used. */
function requestURIOf(r: MutationRecord): string {
  const { info } = r;
  let p = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && r.namespace) p += `/namespaces/${r.namespace}`;
  p += `/${info.resource}`;
  if (r.name) p += `/${r.name}`;
  if (r.subresource) p += `/${r.subresource}`;
  return p;
}

const SUCCESS_CODE: Record<MutationRecord['verb'], number> = { create: 201, update: 200, patch: 200, delete: 200, deletecollection: 200 };

/** auditEvent builds the Event for a finished call at level (never called at None). */
export function auditEvent(r: MutationRecord, level: Exclude<AuditLevel, 'None'>): AuditEvent {
  const effective = r.info.resource === 'secrets' ? 'Metadata' : level;
  const obj = r.response as Partial<KubeObject> | undefined;
  const meta = obj && typeof obj === 'object' && obj.kind !== 'Status' ? obj.metadata : undefined;
  const ctx = r.ctx;
  const code = r.error ? r.error.code : r.info.resource === 'pods' && r.subresource === 'binding' ? 201 : SUCCESS_CODE[r.verb];
  const ev: AuditEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: effective,
    auditID: randomUUID(),
    stage: 'ResponseComplete',
    requestURI: ctx?.requestURI ?? requestURIOf(r),
    verb: r.verb,
    user: ctx?.user ?? { username: 'system:unknown' },
    sourceIPs: ctx?.sourceIPs ?? ['127.0.0.1'],
    ...(ctx?.userAgent ? { userAgent: ctx.userAgent } : {}),
    objectRef: {
      resource: r.info.resource,
      ...(r.namespace && r.info.namespaced ? { namespace: r.namespace } : {}),
      ...((r.name ?? meta?.name) ? { name: r.name ?? meta?.name } : {}),
      ...(meta?.uid ? { uid: meta.uid } : {}),
      ...(r.info.group ? { apiGroup: r.info.group } : {}),
      apiVersion: r.info.version,
      ...(meta?.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
      ...(r.subresource ? { subresource: r.subresource } : {}),
    },
    responseStatus: r.error
      ? { metadata: {}, status: 'Failure', ...(r.error.status?.reason ? { reason: r.error.status.reason } : {}), message: r.error.message, code }
      : { metadata: {}, code },
    requestReceivedTimestamp: new Date(ctx?.received ?? r.started).toISOString(),
    stageTimestamp: new Date(r.finished).toISOString(),
  };
  if ((effective === 'Request' || effective === 'RequestResponse') && r.request !== undefined) ev.requestObject = r.request;
  if (effective === 'RequestResponse' && r.response !== undefined) ev.responseObject = r.response;
  return ev;
}
