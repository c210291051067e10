/**
 * Builders for metav1.Status errors with the messages, reasons and details
 * Kubernetes' apimachinery (k8s.io/apimachinery/pkg/api/errors) produces, so
 * kubectl and client libraries print and classify them as they do against a
 * real cluster. Every builder returns an ApiError ready to throw.
 */
import type { Status, StatusCause, StatusDetails } from '../../shared/api/meta';
import { ApiError } from '../../shared/errors';

/** GroupResource names a resource for messages: `pods`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** qualifiedResource formats a GroupResource as Kubernetes does ("pods", "deployments.apps"). */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** qualifiedKind formats a kind with its group ("Pod", "Deployment.apps"). */
export function qualifiedKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** failure builds a Failure Status body. */
export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

/** apiError wraps a Failure Status in an ApiError. */
export function apiError(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  return new ApiError(failure(code, reason, message, details));
}

/** successStatus is the body of a delete that completed at once. */
export function successStatus(gr: GroupResource, name: string, uid?: string): Status {
  const details: StatusDetails = { name, group: gr.group, kind: gr.resource };
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}

/** notFound is 404 `pods "x" not found`. */
export function notFound(gr: GroupResource, name: string): ApiError {
  return apiError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });
}

/** alreadyExists is 409 `pods "x" already exists`. */
export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return apiError(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** CONFLICT_MODIFIED is the detail kubectl shows for a stale resourceVersion. */
export const CONFLICT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** conflict is 409 `Operation cannot be fulfilled on pods "x": <detail>`. */
export function conflict(gr: GroupResource, name: string, detail: string = CONFLICT_MODIFIED): ApiError {
  return apiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${detail}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** FieldErrorType is field.ErrorType, rendered as the cause reason. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound'
  | 'FieldValueTypeInvalid';

/** FieldError is one validation failure at a field path. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The rendered body after "<field>: " (e.g. `Required value`, `Invalid value: "x": detail`). */
  body: string;
}

/**
 * formatValue renders a bad value as Go's %#v-ish output in field errors:
 * strings quoted, numbers and booleans bare, string maps as
 * map[string]string{"k":"v"}, string slices as []string{"a"}.
 */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  if (typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')) {
    const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** required is field.Required: `<field>: Required value[: detail]`. */
export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, body: detail ? `Required value: ${detail}` : 'Required value' };
}

/** invalid is field.Invalid: `<field>: Invalid value: <value>: detail`. */
export function invalidValue(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, body: `Invalid value: ${formatValue(value)}${detail ? `: ${detail}` : ''}` };
}

/** notSupported is field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return {
    type: 'FieldValueNotSupported',
    field,
    body: `Unsupported value: ${formatValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  };
}

/** forbidden is field.Forbidden: `<field>: Forbidden: detail`. */
export function forbiddenField(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, body: `Forbidden: ${detail}` };
}

/** fieldNotFound is field.NotFound: `<field>: Not found: "x"`. */
export function fieldNotFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, body: `Not found: ${formatValue(value)}` };
}

/** duplicate is field.Duplicate: `<field>: Duplicate value: "x"`. */
export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, body: `Duplicate value: ${formatValue(value)}` };
}

/** tooLong is field.TooLong. */
export function tooLong(field: string, value: unknown, max: number): FieldError {
  return { type: 'FieldValueTooLong', field, body: `Too long: may not be more than ${max} bytes` };
}

/** tooMany is field.TooMany: `<field>: Too many: 101: must have at most 100 items`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, body: `Too many: ${actual}: must have at most ${max} items` };
}

/** fieldErrorString renders one field error as `<field>: <body>`. */
export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${e.body}` : e.body;
}

/**
 * invalid is 422 Invalid: `Pod "x" is invalid: <field>: <body>` (several
 * errors are bracketed and comma-joined, as errors.NewInvalid does).
 */
export function invalid(group: string, kind: string, name: string, errs: readonly FieldError[]): ApiError {
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
  const list = errs.map(fieldErrorString);
  const agg = list.length === 1 ? list[0]! : `[${list.join(', ')}]`;
  return apiError(422, 'Invalid', `${qualifiedKind(group, kind)} "${name}" is invalid: ${agg}`, {
    name,
    group,
    kind,
    causes,
  });
}

/** badRequest is 400 BadRequest with a free message. */
export function badRequest(message: string): ApiError {
  return apiError(400, 'BadRequest', message);
}

/** expired is 410 Expired (compacted resourceVersion or continue token). */
export function expired(message: string): ApiError {
  return apiError(410, 'Expired', message);
}

/** gone is 410 Gone. */
export function gone(message: string): ApiError {
  return apiError(410, 'Gone', message);
}

/** tooOldResourceVersion is the 410 a watch from a compacted revision gets. */
export function tooOldResourceVersion(requested: number, compacted: number): ApiError {
  return expired(`too old resource version: ${requested} (${compacted})`);
}

/** EXPIRED_CONTINUE is apimachinery's message for a continue token whose revision was compacted. */
export const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** methodNotSupported is 405 `<action> is not supported on resources of kind "pods"`. */
export function methodNotSupported(gr: GroupResource, action: string): ApiError {
  return apiError(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualifiedResource(gr)}"`, {
    group: gr.group,
    kind: gr.resource,
  });
}

/** forbidden is 403 `pods "x" is forbidden: <why>`. */
export function forbidden(gr: GroupResource, name: string, why: string): ApiError {
  return apiError(403, 'Forbidden', `${qualifiedResource(gr)} "${name}" is forbidden: ${why}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** internalError is 500 InternalError. */
export function internalError(message: string): ApiError {
  return apiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** errorToStatus turns an ApiError into its Status, anything else into a 500 Status. */
export function errorToStatus(err: unknown): Status {
  if (err instanceof ApiError) return err.status;
  return internalError(err instanceof Error ? err.message : String(err)).status;
}
