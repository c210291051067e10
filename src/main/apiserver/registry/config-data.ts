/** Rules shared by configmaps and secrets: data keys, size, and the `immutable` flag. */
import type { KubeObject } from '../../../shared/api/meta';
import { forbiddenField, invalidValue, type FieldError } from '../status';
import { deepEqual } from './validation';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** CONFIG_KEY_MSG is the detail for an invalid configmap/secret key. */
export const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** validateDataKeys checks every key of a data map (`data[bad key]: Invalid value: …`). */
export function validateDataKeys(data: unknown, field: string, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (data === undefined || data === null) return errs;
  if (typeof data !== 'object' || Array.isArray(data)) return [invalidValue(field, data, 'must be a map of string to string')];
  for (const [k, v] of Object.entries(data)) {
    if (k.length > 253 || !CONFIG_KEY.test(k) || k === '.' || k === '..') errs.push(invalidValue(`${field}[${k}]`, k, CONFIG_KEY_MSG));
    if (seen.has(k)) errs.push(invalidValue(`${field}[${k}]`, k, 'duplicate of key present in data'));
    seen.add(k);
    if (typeof v !== 'string') errs.push(invalidValue(`${field}[${k}]`, v, 'must be a string'));
  }
  return errs;
}

/** validateImmutableData enforces `immutable: true`: data may no longer change, nor the flag be unset. */
export function validateImmutableData(obj: KubeObject, old: KubeObject, fields: readonly string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(forbiddenField('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields) if (!deepEqual(obj[f], old[f])) errs.push(forbiddenField(f, 'field is immutable when `immutable` is set'));
  return errs;
}

/** dataSize is the byte size of a data map's values. */
export function dataSize(data: unknown): number {
  if (!data || typeof data !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(data)) n += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  return n;
}
