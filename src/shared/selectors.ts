/**
 * Label and field selectors in Kubernetes' string syntax (the `labelSelector`
 * and `fieldSelector` query parameters), and metav1.LabelSelector objects
 * (matchLabels/matchExpressions) as used in specs. The one implementation
 * behind the apiserver's list/watch filtering and validation, the
 * controllers' and scheduler's selector matching, the fake client, and the
 * renderer's label filter box; pure, so it lives in src/shared.
 *
 * Label grammar (k8s.io/apimachinery/pkg/labels): comma-separated
 * requirements `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k>n`, `k<n`. Field grammar (pkg/fields): `f=v`, `f==v`,
 * `f!=v`, with `\,` `\=` `\\` escapes in values.
 */
import type { LabelSelector } from './api/meta';

/**
 * SelectorError is a malformed selector string. Its message is the text the
 * apiserver answers with (in a 400 BadRequest) and the UI shows.
 */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** LabelOperator is a parsed requirement's operator (exists = bare key, '!' = !key). */
export type LabelOperator = 'exists' | '!' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

/** LabelRequirement is one parsed requirement. */
export interface LabelRequirement {
  key: string;
  op: LabelOperator;
  values: string[];
}

/** LabelSelectorMatcher is a parsed label selector (empty = everything). */
export interface LabelSelectorMatcher {
  requirements: LabelRequirement[];
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** empty is true when the selector selects everything. */
  empty: boolean;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** labelKeyError returns why key is not a valid label key, or undefined. */
export function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  let name = key;
  if (parts.length > 2) {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
  }
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** labelValueError returns why value is not a valid label value, or undefined. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  }
  return undefined;
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : undefined;
  switch (r.op) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'gt':
    case 'lt': {
      if (!has) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      if (!Number.isInteger(n)) return false;
      return r.op === 'gt' ? n > bound : n < bound;
    }
  }
}

function matcher(requirements: LabelRequirement[]): LabelSelectorMatcher {
  return {
    requirements,
    empty: requirements.length === 0,
    matches(labels) {
      const l = labels ?? {};
      return requirements.every((r) => requirementMatches(r, l));
    },
  };
}

/** EVERYTHING selects every object. */
export const EVERYTHING: LabelSelectorMatcher = matcher([]);

/** NOTHING selects no object (a nil metav1.LabelSelector). */
export const NOTHING: LabelSelectorMatcher = { requirements: [], empty: false, matches: () => false };

type Token = { kind: 'id' | 'op' | '(' | ')' | ','; text: string };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c, text: c });
      i++;
    } else if (c === '=' || c === '!' || c === '<' || c === '>') {
      const two = s.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        out.push({ kind: 'op', text: two });
        i += 2;
      } else {
        out.push({ kind: 'op', text: c });
        i++;
      }
    } else {
      let j = i;
      while (j < s.length && !' \t\n(),=!<>'.includes(s[j]!)) j++;
      out.push({ kind: 'id', text: s.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/**
 * parseLabelSelector parses a labelSelector string; a syntax error throws a
 * SelectorError with the apiserver's message.
 */
export function parseLabelSelector(selector: string | undefined): LabelSelectorMatcher {
  if (!selector || !selector.trim()) return EVERYTHING;
  const toks = tokenize(selector);
  let p = 0;
  const fail = (why: string): never => {
    throw new SelectorError(`unable to parse requirement: ${why}`);
  };
  const peek = () => toks[p];
  const reqs: LabelRequirement[] = [];
  const checkKey = (key: string) => {
    const err = labelKeyError(key);
    if (err) fail(`invalid label key "${key}": ${err}`);
  };
  const checkValue = (v: string) => {
    const err = labelValueError(v);
    if (err) fail(`invalid label value: "${v}": at key: ${err}`);
  };
  for (;;) {
    let t = peek();
    if (!t) fail('found \'\', expected: identifier');
    if (t!.kind === 'op' && t!.text === '!') {
      p++;
      const k = peek();
      if (!k || k.kind !== 'id') fail(`found '${k?.text ?? ''}', expected: identifier after '!'`);
      checkKey(k!.text);
      reqs.push({ key: k!.text, op: '!', values: [] });
      p++;
    } else if (t!.kind === 'id') {
      const key = t!.text;
      checkKey(key);
      p++;
      t = peek();
      if (!t || t.kind === ',') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (t.kind === 'op') {
        p++;
        const opText = t.text;
        const v = peek();
        let value = '';
        if (v && v.kind === 'id') {
          value = v.text;
          p++;
        }
        if (opText === '=' || opText === '==') {
          checkValue(value);
          reqs.push({ key, op: '=', values: [value] });
        } else if (opText === '!=') {
          checkValue(value);
          reqs.push({ key, op: '!=', values: [value] });
        } else if (opText === '>' || opText === '<') {
          if (!/^-?\d+$/.test(value)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
          reqs.push({ key, op: opText === '>' ? 'gt' : 'lt', values: [value] });
        } else {
          fail(`found '${opText}', expected: '=', '!=', '==', 'in', notin'`);
        }
      } else if (t.kind === 'id' && (t.text === 'in' || t.text === 'notin')) {
        p++;
        if (peek()?.kind !== '(') fail(`found '${peek()?.text ?? ''}', expected: '('`);
        p++;
        const values: string[] = [];
        for (;;) {
          const v = peek();
          if (!v) fail("found '', expected: ',', ')' or identifier");
          if (v!.kind === ')') {
            p++;
            break;
          }
          if (v!.kind === ',') {
            // An empty value between commas is the empty string, as k8s allows.
            p++;
            continue;
          }
          if (v!.kind !== 'id') fail(`found '${v!.text}', expected: ',', ')' or identifier`);
          checkValue(v!.text);
          values.push(v!.text);
          p++;
        }
        reqs.push({ key, op: t.text === 'in' ? 'in' : 'notin', values });
      } else {
        fail(`found '${t.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      fail(`found '${t!.text}', expected: !, identifier, or 'end of string'`);
    }
    const sep = peek();
    if (!sep) break;
    if (sep.kind !== ',') fail(`found '${sep.text}', expected: ',' or 'end of string'`);
    p++;
  }
  return matcher(reqs);
}

const OBJECT_OPERATORS: Readonly<Record<string, LabelOperator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * objectRequirements lists a metav1.LabelSelector's requirements; `valid` is
 * false when an operator is none of In/NotIn/Exists/DoesNotExist (such a
 * requirement is listed as '!' so that rendering stays total).
 */
function objectRequirements(sel: LabelSelector): { requirements: LabelRequirement[]; valid: boolean } {
  const requirements: LabelRequirement[] = [];
  let valid = true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) requirements.push({ key: k, op: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = Object.prototype.hasOwnProperty.call(OBJECT_OPERATORS, e.operator) ? OBJECT_OPERATORS[e.operator] : undefined;
    if (!op) valid = false;
    requirements.push({ key: e.key, op: op ?? '!', values: [...(e.values ?? [])] });
  }
  return { requirements, valid };
}

/**
 * labelSelectorFromObject turns a metav1.LabelSelector into a matcher
 * (undefined selects nothing). An unknown matchExpressions operator also
 * selects nothing: Kubernetes' LabelSelectorAsSelector fails on it, which
 * leaves a controller managing no pods.
 */
export function labelSelectorFromObject(sel: LabelSelector | undefined | null): LabelSelectorMatcher {
  if (!sel) return NOTHING;
  const { requirements, valid } = objectRequirements(sel);
  if (!valid) return { requirements, empty: false, matches: () => false };
  return matcher(requirements);
}

/** matchesLabelSelector reports whether labels satisfy a metav1.LabelSelector (nil selects nothing, {} everything). */
export function matchesLabelSelector(sel: LabelSelector | undefined | null, labels: Readonly<Record<string, string>> | undefined): boolean {
  return labelSelectorFromObject(sel).matches(labels);
}

function requirementString(r: LabelRequirement): string {
  const vals = [...r.values].sort();
  switch (r.op) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case '=':
      return `${r.key}=${vals[0] ?? ''}`;
    case '!=':
      return `${r.key}!=${vals[0] ?? ''}`;
    case 'in':
      return `${r.key} in (${vals.join(',')})`;
    case 'notin':
      return `${r.key} notin (${vals.join(',')})`;
    case 'gt':
      return `${r.key}>${vals[0] ?? ''}`;
    case 'lt':
      return `${r.key}<${vals[0] ?? ''}`;
  }
}

/**
 * labelSelectorString renders a metav1.LabelSelector in selector syntax, sorted
 * by key as labels.Selector.String() does ("" for an empty selector). This is
 * the Scale subresource's status.selector.
 */
export function labelSelectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  return objectRequirements(sel)
    .requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(requirementString)
    .join(',');
}

/** formatLabelSelector is metav1.FormatLabelSelector: the selector string or "<none>". */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = labelSelectorString(sel);
  return s === '' ? '<none>' : s;
}

/** formatLabels renders a label map as sorted `k=v,k2=v2` ("<none>" when empty), as labels.FormatLabels. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** FieldRequirement is one parsed field-selector term. */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** FieldSelectorMatcher is a parsed field selector. */
export interface FieldSelectorMatcher {
  requirements: FieldRequirement[];
  empty: boolean;
  /** matches tests the object's selectable fields (a field absent there is the empty string). */
  matches(fields: Record<string, string>): boolean;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function unescapeFieldValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\') {
      const n = v[i + 1];
      if (n === undefined || !'\\,='.includes(n)) throw new SelectorError(`invalid field selector: invalid escape sequence: \\${n ?? ''}`);
      out += n;
      i++;
    } else if (c === '=' || c === ',') {
      throw new SelectorError(`invalid field selector: unescaped ${c} in value`);
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * parseFieldSelector parses a fieldSelector string. Only the fields in
 * `supported` may be named: another throws `field label not supported: x`;
 * bad syntax throws too (both SelectorError).
 */
export function parseFieldSelector(selector: string | undefined, supported?: readonly string[]): FieldSelectorMatcher {
  const reqs: FieldRequirement[] = [];
  if (selector && selector.trim()) {
    for (const term of splitUnescaped(selector, ',')) {
      if (!term.trim()) continue;
      const m = /^([^=!]*)(!=|==|=)(.*)$/s.exec(term);
      if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
      const field = m[1]!.trim();
      if (!field) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
      if (supported && !supported.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
      reqs.push({ field, op: m[2] === '!=' ? '!=' : '=', value: unescapeFieldValue(m[3]!) });
    }
  }
  return {
    requirements: reqs,
    empty: reqs.length === 0,
    matches(fields) {
      return reqs.every((r) => {
        const v = fields[r.field] ?? '';
        return r.op === '=' ? v === r.value : v !== r.value;
      });
    },
  };
}
