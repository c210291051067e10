/**
 * A validator for the OpenAPI v3 subset Kubernetes publishes: object fields
 * (unknown ones reported, as the server's strict field validation does),
 * required fields, JSON types (string, integer, number, boolean, object,
 * list), enums, and the two union types (IntOrString, Quantity) in the forms
 * Kubernetes accepts. Issues carry the field path ("spec.template.spec.containers[0].image")
 * so the editor can place them on a line.
 */
import type { Resolved, Schema, SchemaSet } from './openapi';

/** SchemaIssue is one problem with one field. */
export interface SchemaIssue {
  /** path is the field's path, list items as [n] ("spec.containers[0].ports"). */
  path: string;
  /** rule is what was broken, for tests and styling. */
  rule: 'unknown' | 'type' | 'enum' | 'required' | 'format';
  message: string;
}

/** QUANTITY is the serialised form of a resource.Quantity ("500m", "1Gi", "1e3", "0.5"). */
const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** describe names a value as a reader would (as the server's type errors are rewritten: lib/yaml/type-errors.ts). */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return 'an object';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** nearest suggests the known field closest to a misspelt one (edit distance ≤ 2), like `kubectl`'s "did you mean". */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * validateValue checks one value against a resolved schema and returns every
 * issue found beneath it. null is accepted anywhere (Kubernetes reads it as
 * "not set"), as is anything under a schema that says nothing (RawExtension,
 * FieldsV1) or preserves unknown fields.
 */
export function validateValue(set: SchemaSet, value: unknown, r: Resolved, path = ''): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  walk(set, value, r, path, out);
  return out;
}

function walk(set: SchemaSet, value: unknown, r: Resolved, path: string, out: SchemaIssue[]): void {
  const s = r.schema;
  if (value === null || value === undefined) return;
  // Unions as v3 documents write them (oneOf/anyOf), as CRDs do (x-kubernetes-int-or-string), and as v2-style schemas name them (format, Quantity).
  if (s.oneOf || s.anyOf || s['x-kubernetes-int-or-string'] || s.format === 'int-or-string' || r.name === 'Quantity') return union(set, value, r, path, out);
  if (s.type && !hasType(value, s.type)) {
    out.push({ path, rule: 'type', message: `${path || 'the document'} must be ${TYPE_WORDS[s.type] ?? s.type}, got ${describeValue(value)}` });
    return;
  }
  if (s.enum && !s.enum.includes(value)) {
    out.push({ path, rule: 'enum', message: `${path} must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${describeValue(value)}` });
  }
  if (Array.isArray(value)) {
    if (!s.items) return;
    const item = set.resolve(s.items);
    value.forEach((v, i) => walk(set, v, item, `${path}[${i}]`, out));
    return;
  }
  if (typeof value === 'object' && (s.type === 'object' || s.properties)) objectFields(set, value as Record<string, unknown>, s, path, out);
}

function objectFields(set: SchemaSet, obj: Record<string, unknown>, s: Schema, path: string, out: SchemaIssue[]): void {
  for (const name of s.required ?? []) {
    if (obj[name] === undefined) out.push({ path: join(path, name), rule: 'required', message: `${join(path, name)} is required` });
  }
  const open = s['x-kubernetes-preserve-unknown-fields'] || (!s.properties && (s.additionalProperties === undefined || s.additionalProperties === true));
  for (const [key, v] of Object.entries(obj)) {
    const child = set.property(s, key);
    if (child) walk(set, v, child, join(path, key), out);
    else if (!open) {
      const guess = nearest(key, Object.keys(s.properties ?? {}));
      out.push({ path: join(path, key), rule: 'unknown', message: `${join(path, key)}: unknown field "${key}"${guess ? ` (did you mean ${guess}?)` : ''}` });
    }
  }
}

/** union checks the two unions Kubernetes uses: IntOrString (an integer or a string) and Quantity (a number or a string like "500m", "1Gi"). */
function union(set: SchemaSet, value: unknown, r: Resolved, path: string, out: SchemaIssue[]): void {
  const fallback: Schema[] = r.name === 'Quantity' ? [{ type: 'string' }, { type: 'number' }] : [{ type: 'integer' }, { type: 'string' }];
  const alternatives = (r.schema.oneOf ?? r.schema.anyOf ?? fallback).map((a) => set.resolve(a).schema);
  const fits = alternatives.some((a) => !a.type || hasType(value, a.type));
  if (!fits) {
    const words = alternatives.map((a) => TYPE_WORDS[a.type ?? ''] ?? a.type).join(' or ');
    out.push({ path, rule: 'type', message: `${path} must be ${words}, got ${describeValue(value)}` });
    return;
  }
  if (r.name === 'Quantity' && typeof value === 'string' && !QUANTITY.test(value.trim())) {
    out.push({ path, rule: 'format', message: `${path} must be a quantity such as 500m, 128Mi or 2, got ${describeValue(value)}` });
  }
}
