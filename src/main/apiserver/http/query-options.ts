/**
 * The query parameters (and the DeleteOptions body) of the REST verbs, read
 * and checked before anything is served: a value the apiserver could not
 * parse is a 400 BadRequest naming the parameter, never a dropped request.
 */
import type { IncomingMessage } from 'node:http';
import type { DeleteOptions } from '../../../shared/api/meta';
import { forbiddenField, formatValue, invalid, notSupported, type FieldError } from '../status';
import type { FieldValidation, ListOptions, RegistryDeleteOptions, WatchOptions, WriteOptions } from '../registry/types';
import { inspectFields, type FieldSchema } from '../registry/schema';
import { decodeBody, readBody } from './body';
import { statusError } from './respond';

function badParam(message: string) {
  return statusError(400, 'BadRequest', message);
}

/**
 * intParam reads an integer parameter as the apiserver's conversion does
 * (strconv.ParseInt: optional sign, decimal, int64); absent or empty:
 * undefined. What each value means (limit ≤ 0 is no limit) is the caller's.
 */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(n)) throw badParam(`invalid value for ${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return n;
}

/**
 * boolParam reads a boolean parameter as the apiserver's conversion
 * (Convert_Slice_string_To_bool) does: absent is undefined, "0" and "false"
 * in any case are false, and anything else, the empty string included, is
 * true (`?watch` and `?watch=yes` both watch).
 */
export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  return !(v === '0' || v.toLowerCase() === 'false');
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

const NOT_OLDER_THAN = 'NotOlderThan';
const RV_MATCHES = [NOT_OLDER_THAN, 'Exact'];

/**
 * validateListOptions is the apiserver's ValidateListOptions: a list may ask
 * for a resourceVersionMatch (with a resourceVersion, without continue) but
 * not for initial events; a watch may ask for initial events only as a
 * watch-list (resourceVersionMatch NotOlderThan, bookmarks on), and for a
 * resourceVersionMatch only with them. Errors are 422, as Kubernetes answers.
 */
function validateListOptions(q: URLSearchParams, watch: boolean): void {
  const rv = q.get('resourceVersion') ?? '';
  const rvm = q.get('resourceVersionMatch') ?? '';
  const cont = q.get('continue') ?? '';
  const sie = boolParam(q, 'sendInitialEvents');
  const errs: FieldError[] = [];
  if (!watch) {
    if (rvm) {
      if (!rv) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
      if (cont) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
      if (!RV_MATCHES.includes(rvm)) errs.push(notSupported('resourceVersionMatch', rvm, RV_MATCHES));
      if (rvm === 'Exact' && rv === '0') errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
    if (sie !== undefined) errs.push(forbiddenField('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  } else {
    if (sie !== undefined) {
      if (rvm !== NOT_OLDER_THAN) errs.push(forbiddenField('resourceVersionMatch', `sendInitialEvents requires setting resourceVersionMatch to ${NOT_OLDER_THAN}`));
      if (boolParam(q, 'allowWatchBookmarks') !== true) errs.push(forbiddenField('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true'));
    }
    if (rvm) {
      if (sie === undefined) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
      if (rvm !== NOT_OLDER_THAN) errs.push(notSupported('resourceVersionMatch', rvm, [NOT_OLDER_THAN]));
      if (cont) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    }
  }
  if (errs.length) throw invalid('meta.k8s.io', 'ListOptions', '', errs);
}

/** listOptions reads the parameters of a list, watch or deletecollection (watch: as isWatch(q) says). */
export function listOptions(q: URLSearchParams, watch = isWatch(q)): ListOptions {
  const opts: ListOptions = {};
  const label = q.get('labelSelector');
  const field = q.get('fieldSelector');
  const rv = resourceVersionParam(q);
  const rvm = q.get('resourceVersionMatch');
  const cont = q.get('continue');
  const limit = intParam(q, 'limit');
  validateListOptions(q, watch);
  if (cont && rv) throw badParam('specifying resource version is not allowed when using continue');
  if (label) opts.labelSelector = label;
  if (field) opts.fieldSelector = field;
  if (rv !== undefined) opts.resourceVersion = rv;
  if (rvm) opts.resourceVersionMatch = rvm;
  // Zero or less is no limit, as for Kubernetes.
  if (limit !== undefined && limit > 0) opts.limit = limit;
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
  // Zero is the server's own timeout; a negative one ends the watch at once (a deadline already passed).
  if (timeout !== undefined && timeout !== 0) opts.timeoutSeconds = timeout;
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
  // Negative values mean 1 s on the delete path, as in Kubernetes (rest.BeforeDelete).
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 1;
  const policy = q.get('propagationPolicy');
  if (policy) {
    checkPropagationPolicy(policy);
    opts.propagationPolicy = policy as RegistryDeleteOptions['propagationPolicy'];
  }
  const orphan = boolParam(q, 'orphanDependents') ?? (body as { orphanDependents?: boolean }).orphanDependents;
  if (orphan === true && !opts.propagationPolicy) opts.propagationPolicy = 'Orphan';
  return opts;
}
