/**
 * The query parameters (and the DeleteOptions body) of the REST verbs, read
 * and checked before anything is served: a value the apiserver could not
 * parse is a 400 BadRequest naming the parameter, never a dropped request.
 */
import type { IncomingMessage } from 'node:http';
import type { DeleteOptions } from '../../../shared/api/meta';
import { formatValue } from '../status';
import type { FieldValidation, ListOptions, RegistryDeleteOptions, WatchOptions, WriteOptions } from '../registry/types';
import { inspectFields, type FieldSchema } from '../registry/schema';
import { decodeBody, readBody } from './body';
import { statusError } from './respond';

function badParam(message: string) {
  return statusError(400, 'BadRequest', message);
}

/** intParam reads a non-negative integer parameter (absent or empty: undefined). */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw badParam(`invalid value for ${name}: "${v}"`);
  return n;
}

/** boolParam reads a boolean parameter as Go's strconv.ParseBool does (absent or empty: undefined). */
export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  throw badParam(`invalid value for ${name}: "${v}": must be a boolean`);
}

/** resourceVersionParam reads `resourceVersion`: empty or a revision number. */
export function resourceVersionParam(q: URLSearchParams): string | undefined {
  const rv = q.get('resourceVersion');
  if (rv === null) return undefined;
  if (rv !== '' && (!/^\d+$/.test(rv) || !Number.isSafeInteger(Number(rv)))) {
    throw badParam(`invalid resource version: ${JSON.stringify(rv)}: resourceVersion must be a non-negative integer`);
  }
  return rv;
}

const RV_MATCHES = ['NotOlderThan', 'Exact'];

/** listOptions reads the parameters of a list, watch or deletecollection. */
export function listOptions(q: URLSearchParams): ListOptions {
  const opts: ListOptions = {};
  const label = q.get('labelSelector');
  const field = q.get('fieldSelector');
  const rv = resourceVersionParam(q);
  const rvm = q.get('resourceVersionMatch');
  const cont = q.get('continue');
  const limit = intParam(q, 'limit');
  if (rvm) {
    if (!RV_MATCHES.includes(rvm)) throw badParam(`resourceVersionMatch: Unsupported value: ${formatValue(rvm)}: supported values: "NotOlderThan", "Exact"`);
    if (!rv) throw badParam('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  }
  if (cont && rv) throw badParam('specifying resource version is not allowed when using continue');
  if (label) opts.labelSelector = label;
  if (field) opts.fieldSelector = field;
  if (rv !== undefined) opts.resourceVersion = rv;
  if (rvm) opts.resourceVersionMatch = rvm;
  if (limit) opts.limit = limit;
  if (cont) opts.continue = cont;
  return opts;
}

/** writeOptions reads dryRun, fieldValidation and fieldManager of a create, update, patch or delete. */
export function writeOptions(q: URLSearchParams): WriteOptions {
  const opts: WriteOptions = { warnings: [] };
  const dryRun = q.getAll('dryRun');
  if (dryRun.length) {
    const bad = dryRun.find((d) => d !== 'All');
    if (bad !== undefined) throw badParam(`Invalid dry run value: "${bad}" (supported: "All")`);
    opts.dryRun = true;
  }
  const fv = q.get('fieldValidation');
  if (fv) {
    if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
      throw badParam(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`);
    }
    opts.fieldValidation = fv as FieldValidation;
  }
  const fm = q.get('fieldManager');
  if (fm) {
    // ValidateFieldManager: at most 128 printable characters.
    if (fm.length > 128) throw badParam(`fieldManager: Too long: may not be more than 128 bytes`);
    if (/[^\x20-\x7e]/.test(fm)) throw badParam(`fieldManager: Invalid value: ${formatValue(fm)}: must only contain printable characters`);
    opts.fieldManager = fm;
  }
  return opts;
}

/** isWatch reports whether the request asks for a watch (`watch=true`). */
export function isWatch(q: URLSearchParams): boolean {
  return boolParam(q, 'watch') === true;
}

/** watchOptions narrows list options to a watch's, with its own parameters. */
export function watchOptions(q: URLSearchParams, list: ListOptions): WatchOptions {
  const opts: WatchOptions = { ...list };
  if (boolParam(q, 'allowWatchBookmarks')) opts.allowWatchBookmarks = true;
  const timeout = intParam(q, 'timeoutSeconds');
  if (timeout !== undefined) opts.timeoutSeconds = timeout;
  const sie = boolParam(q, 'sendInitialEvents');
  if (sie !== undefined) opts.sendInitialEvents = sie;
  delete opts.limit;
  delete opts.continue;
  return opts;
}

const PROPAGATION_POLICIES = ['Orphan', 'Background', 'Foreground'];

/** DELETE_OPTIONS is meta/v1 DeleteOptions' fields, to refuse values of the wrong type. */
const DELETE_OPTIONS: FieldSchema = {
  kind: 'string',
  apiVersion: 'string',
  gracePeriodSeconds: 'int64',
  preconditions: { uid: 'string', resourceVersion: 'string' },
  orphanDependents: 'bool',
  propagationPolicy: 'string',
  dryRun: 'strings',
};

function checkPropagationPolicy(policy: unknown): void {
  if (policy === undefined || policy === null) return;
  if (!PROPAGATION_POLICIES.includes(policy as string)) {
    throw badParam(`propagationPolicy: Unsupported value: ${formatValue(policy)}: supported values: "Foreground", "Background", "Orphan"`);
  }
}

/**
 * deleteOptions reads a DELETE's options from its body (a DeleteOptions
 * object, or nothing) and its query; a body of another shape or with values
 * of the wrong type is a 400, as the apiserver's decoder answers it.
 */
export async function deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<RegistryDeleteOptions> {
  const raw = await readBody(req);
  let body: DeleteOptions = {};
  if (raw.length && raw.toString().trim()) {
    const decoded = decodeBody(raw, req.headers['content-type']);
    if (decoded !== null) {
      if (typeof decoded !== 'object' || Array.isArray(decoded)) {
        throw badParam(`json: cannot unmarshal ${Array.isArray(decoded) ? 'array' : typeof decoded} into Go value of type v1.DeleteOptions`);
      }
      const { typeErrors } = inspectFields(decoded, DELETE_OPTIONS);
      if (typeErrors.length) {
        const t = typeErrors[0]!;
        throw badParam(`json: cannot unmarshal ${t.got} into Go struct field DeleteOptions.${t.path} of type ${t.want}`);
      }
      body = decoded as DeleteOptions;
    }
  }
  const { dryRun, kind: _kind, apiVersion: _apiVersion, ...rest } = body;
  const opts: RegistryDeleteOptions = {};
  if (rest.preconditions) opts.preconditions = rest.preconditions;
  if (typeof rest.gracePeriodSeconds === 'number') opts.gracePeriodSeconds = rest.gracePeriodSeconds;
  checkPropagationPolicy(rest.propagationPolicy);
  if (rest.propagationPolicy) opts.propagationPolicy = rest.propagationPolicy;
  if (dryRun) {
    const bad = dryRun.find((d) => d !== 'All');
    if (bad !== undefined) throw badParam(`Invalid dry run value: "${bad}" (supported: "All")`);
    if (dryRun.length) opts.dryRun = true;
  }
  const grace = intParam(q, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) {
    checkPropagationPolicy(policy);
    opts.propagationPolicy = policy as RegistryDeleteOptions['propagationPolicy'];
  }
  const orphan = boolParam(q, 'orphanDependents') ?? (body as { orphanDependents?: boolean }).orphanDependents;
  if (orphan === true && !opts.propagationPolicy) opts.propagationPolicy = 'Orphan';
  return opts;
}
