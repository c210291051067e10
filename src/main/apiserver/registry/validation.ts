/**
 * Shared validation (k8s.io/apimachinery/pkg/api/validation and
 * pkg/util/validation): name formats, object metadata, labels and
 * annotations, with Kubernetes' exact messages.
 */
import type { KubeObject } from '../../../shared/api/meta';
import { labelKeyError, labelValueError } from '../selectors';
import { forbiddenField, invalidValue, required, type FieldError } from '../status';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** DNS1123_SUBDOMAIN_MSG is the detail for a bad RFC 1123 subdomain. */
export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/** DNS1123_LABEL_MSG is the detail for a bad RFC 1123 label. */
export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/** DNS1035_LABEL_MSG is the detail for a bad RFC 1035 label. */
export const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** NameValidator returns the problems with a name (empty when valid). */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** dns1123Subdomain validates names such as pods', deployments' and configmaps'. */
export const dns1123Subdomain: NameValidator = (name, prefix) => {
  // A generateName prefix is validated as if a suffix followed, as k8s does.
  const n = prefix ? `${name}a` : name;
  const errs: string[] = [];
  if (n.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(n)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
};

/** dns1123Label validates names such as namespaces'. */
export const dns1123Label: NameValidator = (name, prefix) => {
  const n = prefix ? `${name}a` : name;
  const errs: string[] = [];
  if (n.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(n)) errs.push(DNS1123_LABEL_MSG);
  return errs;
};

/** dns1035Label validates names such as services'. */
export const dns1035Label: NameValidator = (name, prefix) => {
  const n = prefix ? `${name}a` : name;
  const errs: string[] = [];
  if (n.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(n)) errs.push(DNS1035_LABEL_MSG);
  return errs;
};

/**
 * pathSegmentName validates names that only need to be a URL path segment
 * (events). Kubernetes sets no length limit here; ours is 253 characters, so
 * that every stored object stays addressable by a URL its clients can send.
 */
export const pathSegmentName: NameValidator = (name, prefix) => {
  if (name.length > 253) return ['must be no more than 253 characters'];
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
  return [];
};

/** isDns1123Label reports whether s is an RFC 1123 label (container names, port names). */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** isDns1123Subdomain reports whether s is an RFC 1123 subdomain. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** validateLabels checks label keys and values (`metadata.labels: Invalid value: "k": …`). */
export function validateLabels(labels: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (labels === undefined || labels === null) return errs;
  if (typeof labels !== 'object' || Array.isArray(labels)) return [invalidValue(field, labels, 'must be a map of string to string')];
  for (const [k, v] of Object.entries(labels)) {
    const kerr = labelKeyError(k);
    if (kerr) errs.push(invalidValue(field, k, kerr));
    if (typeof v !== 'string') {
      errs.push(invalidValue(field, v, 'must be a string'));
      continue;
    }
    const verr = labelValueError(v);
    if (verr) errs.push(invalidValue(field, v, verr));
  }
  return errs;
}

/** validateAnnotations checks annotation keys and the 256 KiB total size. */
export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (annotations === undefined || annotations === null) return errs;
  if (typeof annotations !== 'object' || Array.isArray(annotations)) return [invalidValue(field, annotations, 'must be a map of string to string')];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    const kerr = labelKeyError(k);
    if (kerr) errs.push(invalidValue(field, k, kerr));
    if (typeof v !== 'string') errs.push(invalidValue(`${field}.${k}`, v, 'must be a string'));
    // The limit is on bytes (UTF-8), as Kubernetes counts them.
    else total += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (total > 256 * 1024) errs.push({ type: 'FieldValueTooLong', field, body: `Too long: must have at most ${256 * 1024} bytes` });
  return errs;
}

/**
 * validateObjectMeta checks name (or generateName), namespace presence and
 * labels/annotations, as ValidateObjectMeta does.
 */
export function validateObjectMeta(obj: KubeObject, namespaced: boolean, nameValidator: NameValidator): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata;
  if (meta.generateName) {
    for (const m of nameValidator(meta.generateName, true)) errs.push(invalidValue('metadata.generateName', meta.generateName, m));
  }
  if (!meta.name) {
    errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const m of nameValidator(meta.name, false)) errs.push(invalidValue('metadata.name', meta.name, m));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(required('metadata.namespace'));
    else for (const m of dns1123Label(meta.namespace, false)) errs.push(invalidValue('metadata.namespace', meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbiddenField('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
  refs.forEach((r) => {
    if (!r.apiVersion) errs.push(invalidValue('metadata.ownerReferences.apiVersion', r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(invalidValue('metadata.ownerReferences.kind', r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(invalidValue('metadata.ownerReferences.name', r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(invalidValue('metadata.ownerReferences.uid', r.uid ?? '', 'uid must not be empty'));
  });
  const controllers = refs.filter((r) => r.controller === true);
  if (controllers.length > 1) {
    errs.push(invalidValue('metadata.ownerReferences', refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.map((r) => `${r.kind}/${r.name}`).join(' and ')}`));
  }
  if (meta.finalizers !== undefined && !Array.isArray(meta.finalizers)) {
    errs.push(invalidValue('metadata.finalizers', meta.finalizers, 'must be a list of strings'));
  }
  return errs;
}

/** validateImmutable reports `<field>: Invalid value: …: field is immutable` when a value changed. */
export function validateImmutable(newValue: unknown, oldValue: unknown, field: string): FieldError[] {
  return deepEqual(newValue, oldValue) ? [] : [invalidValue(field, newValue, 'field is immutable')];
}

/** validatePortNumber checks 1..65535 (`must be between 1 and 65535, inclusive`). */
export function validatePortNumber(port: unknown, field: string): FieldError[] {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    return [invalidValue(field, port, 'must be between 1 and 65535, inclusive')];
  }
  return [];
}

/** validateNonNegative checks `must be greater than or equal to 0`. */
export function validateNonNegative(v: unknown, field: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return [invalidValue(field, v, 'must be greater than or equal to 0')];
  return [];
}

/** deepEqual compares two JSON values structurally (undefined fields equal absent ones). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}
