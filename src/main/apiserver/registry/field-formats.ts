/**
 * Field formats shared by the pod, service and workload validation
 * (k8s.io/apimachinery/pkg/util/validation and pkg/apis/core/validation):
 * IANA service (port) names, environment variable names, resource
 * quantities and label selectors, with Kubernetes' messages.
 */
import type { LabelSelector } from '../../../shared/api/meta';
import { parseQuantity } from '../../../shared/quantity';
import { labelKeyError, labelValueError } from '../selectors';
import { forbiddenField, invalidValue, notSupported, required, type FieldError } from '../status';
import { validateLabels } from './validation';

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])*$/;
const HAS_LETTER = /[a-z]/;

/** ianaSvcNameErrors returns the problems with a port name (IsValidPortName). */
export function ianaSvcNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!IANA_SVC_NAME.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!HAS_LETTER.test(name)) errs.push('must contain at least one letter (a-z)');
  return errs;
}

/** validatePortName checks an IANA service name at field. */
export function validatePortName(name: unknown, field: string): FieldError[] {
  if (typeof name !== 'string') return [invalidValue(field, name, 'must be a string')];
  return ianaSvcNameErrors(name).map((m) => invalidValue(field, name, m));
}

/**
 * ENV_VAR_NAME_MSG is the relaxed rule (RelaxedEnvironmentVariableValidation,
 * on by default since Kubernetes 1.32): any printable ASCII but '='.
 */
export const ENV_VAR_NAME_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** validateEnvVarName checks an environment variable name (or envFrom prefix). */
export function validateEnvVarName(name: string, field: string): FieldError[] {
  if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name)) return [invalidValue(field, name, ENV_VAR_NAME_MSG)];
  return [];
}

/** QUANTITY_MSG is the detail of a malformed resource quantity. */
export const QUANTITY_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** quantityValue parses a quantity, or returns a FieldError for a malformed or negative one. */
export function quantityValue(q: unknown, field: string): number | FieldError {
  if (typeof q !== 'string' && typeof q !== 'number') return invalidValue(field, q, QUANTITY_MSG);
  let n: number;
  try {
    n = parseQuantity(q);
  } catch {
    return invalidValue(field, q, QUANTITY_MSG);
  }
  // The parser trims; Kubernetes' does not.
  if ((typeof q === 'string' && q !== q.trim()) || !Number.isFinite(n)) return invalidValue(field, q, QUANTITY_MSG);
  if (n < 0) return invalidValue(field, q, 'must be greater than or equal to 0');
  return n;
}

const STANDARD_RESOURCE = /^(cpu|memory|ephemeral-storage|storage|hugepages-.+|[a-z0-9.-]+\/[A-Za-z0-9_.-]+)$/;

/** validateResourceList checks a requests/limits map: known names, valid non-negative quantities. */
export function validateResourceList(list: unknown, field: string): { errs: FieldError[]; values: Map<string, number> } {
  const errs: FieldError[] = [];
  const values = new Map<string, number>();
  if (list === undefined || list === null) return { errs, values };
  if (typeof list !== 'object' || Array.isArray(list)) return { errs: [invalidValue(field, list, 'must be a map of resource name to quantity')], values };
  for (const [name, q] of Object.entries(list as Record<string, unknown>)) {
    const f = `${field}[${name}]`;
    if (!STANDARD_RESOURCE.test(name)) {
      errs.push(invalidValue(f, name, 'must be a standard resource type or fully qualified'));
      continue;
    }
    const v = quantityValue(q, f);
    if (typeof v === 'number') values.set(name, v);
    else errs.push(v);
  }
  return { errs, values };
}

/** validateResources checks a container's (or pod's) resources: both lists, and requests not above limits. */
export function validateResources(res: unknown, field: string): FieldError[] {
  if (res === undefined || res === null) return [];
  if (typeof res !== 'object' || Array.isArray(res)) return [invalidValue(field, res, 'must be an object')];
  const r = res as { limits?: unknown; requests?: unknown };
  const lim = validateResourceList(r.limits, `${field}.limits`);
  const req = validateResourceList(r.requests, `${field}.requests`);
  const errs = [...lim.errs, ...req.errs];
  for (const [name, v] of req.values) {
    const l = lim.values.get(name);
    if (l !== undefined && v > l) {
      errs.push(invalidValue(`${field}.requests[${name}]`, (r.requests as Record<string, unknown>)[name], `must be less than or equal to ${name} limit of ${String((r.limits as Record<string, unknown>)[name])}`));
    }
  }
  return errs;
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** validateLabelSelector checks a metav1.LabelSelector (ValidateLabelSelector). */
export function validateLabelSelector(sel: LabelSelector | undefined, field: string): FieldError[] {
  if (!sel || typeof sel !== 'object') return [];
  const errs = validateLabels(sel.matchLabels, `${field}.matchLabels`);
  const exprs = sel.matchExpressions;
  if (exprs === undefined || exprs === null) return errs;
  if (!Array.isArray(exprs)) return [...errs, invalidValue(`${field}.matchExpressions`, exprs, 'must be a list')];
  exprs.forEach((e, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    if (!e || typeof e !== 'object') {
      errs.push(invalidValue(f, e, 'must be an object'));
      return;
    }
    if (!SELECTOR_OPERATORS.includes(e.operator)) errs.push(notSupported(`${f}.operator`, e.operator, SELECTOR_OPERATORS));
    const values = Array.isArray(e.values) ? e.values : [];
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      errs.push(required(`${f}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    }
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      errs.push(forbiddenField(`${f}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    }
    const kerr = typeof e.key === 'string' ? labelKeyError(e.key) : 'must be a string';
    if (kerr) errs.push(invalidValue(`${f}.key`, e.key, kerr));
    values.forEach((v, j) => {
      const verr = typeof v === 'string' ? labelValueError(v) : 'must be a string';
      if (verr) errs.push(invalidValue(`${f}.values[${j}]`, v, verr));
    });
  });
  return errs;
}
