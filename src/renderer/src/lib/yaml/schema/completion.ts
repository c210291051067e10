/**
 * Completion from the kind's schema: at a mapping key, the fields allowed
 * there with their types and a one-line description; at a value, the values
 * of an enum (or true/false).
 */
import { firstLine, type Resolved, type SchemaSet } from './openapi';
import type { KeyContext } from './outline';

/** Suggestion is one field offered at the cursor. */
export interface Suggestion {
  name: string;
  /** insert is the text that replaces the word typed (`name: ` for a field). */
  insert: string;
  /** type as `kubectl explain` names it ("integer", "[]Container", "Object"…). */
  type: string;
  doc: string;
  required: boolean;
}

/**
 * suggestFields lists the fields of the mapping at `ctx.parent` that are not
 * written yet and start with the word typed (case-insensitive), required
 * ones first, then alphabetical. Empty when the schema does not describe
 * that mapping's fields (a map of labels, an unknown kind).
 */
export function suggestFields(set: SchemaSet, ctx: KeyContext): Suggestion[] {
  if (!ctx.apiVersion || !ctx.kind) return [];
  const root = set.kindSchema(ctx.apiVersion, ctx.kind);
  if (!root) return [];
  if (ctx.at === 'value') return suggestValues(set, set.at(root, ctx.parent), ctx.word);
  const here = set.at(root, ctx.parent);
  const props = here?.schema.properties;
  if (!props) return [];
  const required = new Set(here.schema.required ?? []);
  const word = ctx.word.toLowerCase();
  return Object.entries(props)
    .filter(([name]) => name.toLowerCase().startsWith(word) && !ctx.siblings.has(name))
    .map(([name, s]) => {
      const r = set.resolve(s);
      return { name, insert: `${name}: `, type: set.typeName(r), doc: firstLine(s.description ?? r.schema.description), required: required.has(name) };
    })
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
}

/** suggestValues offers an enum's values, or true and false, starting with the word typed. */
function suggestValues(set: SchemaSet, here: Resolved | undefined, word: string): Suggestion[] {
  if (!here) return [];
  const values = here.schema.enum?.map(String) ?? (here.schema.type === 'boolean' ? ['true', 'false'] : []);
  const type = set.typeName(here);
  return values.filter((v) => v.toLowerCase().startsWith(word.toLowerCase())).map((v) => ({ name: v, insert: v, type, doc: '', required: false }));
}
