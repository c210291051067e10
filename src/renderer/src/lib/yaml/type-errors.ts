/**
 * Go's decoding errors in plain words: `json: cannot unmarshal string into Go
 * struct field Deployment.spec.replicas of type int32` becomes
 * `spec.replicas must be an integer, got the string "three"` (the value read
 * from the manifest).
 */

const GO_TYPE_ERROR = /cannot unmarshal (\w+) into Go struct field \w+\.([\w.]+) of type (\S+)/;

/** wantWords names a Go type as a reader would. */
function wantWords(goType: string): string {
  if (/^u?int(8|16|32|64)?$/.test(goType)) return 'an integer';
  if (/^float(32|64)$/.test(goType)) return 'a number';
  if (goType === 'string') return 'a string';
  if (goType === 'bool') return 'true or false';
  if (goType.startsWith('[]')) return 'a list';
  return 'an object';
}

/** gotWords names a JSON value. */
function gotWords(v: unknown, jsonType: string): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  if (v && typeof v === 'object') return 'an object';
  return { string: 'a string', number: 'a number', bool: 'true or false', array: 'a list', object: 'an object' }[jsonType] ?? jsonType;
}

const JSON_TYPE: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  bool: (v) => typeof v === 'boolean',
  array: Array.isArray,
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/** findValue walks a dotted path, looking into every element of lists, for the first value of the wrong type. */
function findValue(v: unknown, parts: readonly string[], jsonType: string): unknown {
  if (Array.isArray(v) && parts.length > 0) {
    for (const e of v) {
      const found = findValue(e, parts, jsonType);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (parts.length === 0) return (JSON_TYPE[jsonType] ?? (() => true))(v) ? v : undefined;
  if (!v || typeof v !== 'object') return undefined;
  return findValue((v as Record<string, unknown>)[parts[0] as string], parts.slice(1), jsonType);
}

/** plainTypeError rewrites a Go type error in words, with the field; undefined when the message is not one. */
export function plainTypeError(message: string, object: unknown): { message: string; field: string } | undefined {
  const m = GO_TYPE_ERROR.exec(message);
  if (!m) return undefined;
  const [, jsonType = '', field = '', goType = ''] = m;
  const value = findValue(object, field.split('.'), jsonType);
  return { field, message: `${field} must be ${wantWords(goType)}, got ${gotWords(value, jsonType)}` };
}
