/**
 * Decoding Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`)
 * into the JSON form the registry stores: the `k8s\0` magic, a runtime.Unknown
 * envelope carrying TypeMeta and the raw object, then the object itself decoded
 * with our schema and converted as Go's encoding/json would print it.
 */
import protobuf from 'protobufjs';
import { statusError } from '../http/respond';
import { MESSAGES, SPECIAL_TYPES, buildRoot, messageForKind, type FieldRow } from './schema';

/** PROTOBUF_CONTENT_TYPE is the media type kubectl's typed clients send. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** PROTOBUF_MAGIC prefixes every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const root = buildRoot();
const types = new Map<string, protobuf.Type>(Object.keys(MESSAGES).map((name) => [name, root.lookupType(`kubedeck.${name}`)]));

function typeOf(name: string): protobuf.Type {
  const t = types.get(name);
  if (!t) throw new Error(`schema has no message ${name}`);
  return t;
}

type Decoded = Record<string, unknown>;

function badRequest(message: string): never {
  throw statusError(400, 'BadRequest', message);
}

/** toNumber turns a protobufjs int64 (a number or a Long) into a JS number. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number; unsigned?: boolean };
    return new protobuf.util.LongBits(l.low >>> 0, l.high >>> 0).toNumber(Boolean(l.unsigned));
  }
  return Number(v);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** formatTime prints a Time as RFC 3339 in UTC; micro adds the six fraction digits MicroTime always has. */
function formatTime(seconds: number, nanos: number, micro: boolean): string {
  const d = new Date(seconds * 1000);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micro ? `${base}.${pad(Math.floor(nanos / 1000), 6)}Z` : `${base}Z`;
}

const own = (m: object, key: string): boolean => Object.prototype.hasOwnProperty.call(m, key);

/**
 * convertSpecial turns the messages whose JSON form is not an object.
 * Returns undefined for a zero value (an unset Time marshals as an empty message).
 */
function convertSpecial(type: string, m: Decoded, keepZero: boolean): unknown {
  switch (type) {
    case 'Time':
    case 'MicroTime': {
      const seconds = own(m, 'seconds') ? toNumber(m.seconds) : 0;
      const nanos = own(m, 'nanos') ? toNumber(m.nanos) : 0;
      if (seconds === 0 && nanos === 0) return undefined;
      return formatTime(seconds, nanos, type === 'MicroTime');
    }
    case 'Quantity': {
      // A zero Quantity prints as "0" in Go's JSON.
      const s = own(m, 'string') ? String(m.string) : '';
      if (s === '') return keepZero ? '0' : undefined;
      return s;
    }
    case 'IntOrString': {
      const isString = own(m, 'type') && toNumber(m.type) === 1;
      if (isString) return own(m, 'strVal') ? String(m.strVal) : '';
      const n = own(m, 'intVal') ? toNumber(m.intVal) : 0;
      return n === 0 && !keepZero ? undefined : n;
    }
    case 'FieldsV1': {
      const raw = m.Raw as Uint8Array | undefined;
      if (!raw || raw.length === 0) return {};
      try {
        return JSON.parse(Buffer.from(raw).toString('utf8')) as unknown;
      } catch {
        return badRequest('managedFields: fieldsV1 is not valid JSON');
      }
    }
  }
  return undefined;
}

function convertScalar(type: string, v: unknown): unknown {
  switch (type) {
    case 'int64':
      return toNumber(v);
    case 'bytes':
      return Buffer.from(v as Uint8Array).toString('base64');
    default:
      return v;
  }
}

function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/** convertValue converts one (non-repeated) field value; undefined means "omit". */
function convertValue(type: string, v: unknown, keepZero: boolean): unknown {
  if (SPECIAL_TYPES.has(type)) return convertSpecial(type, v as Decoded, keepZero);
  if (MESSAGES[type]) return convertMessage(type, v as Decoded);
  const out = convertScalar(type, v);
  return !keepZero && isZeroScalar(out) ? undefined : out;
}

/**
 * convertMessage walks a decoded message with our schema: present fields only,
 * zero values of plain Go fields dropped (omitempty), pointer fields kept as sent,
 * inline (embedded) structs flattened, maps as objects.
 */
function convertMessage(name: string, m: Decoded): Decoded {
  const out: Decoded = {};
  for (const row of MESSAGES[name]!) {
    const [field, , type, ...flags] = row as FieldRow;
    if (!own(m, field)) continue;
    const v = m[field];
    if (flags.includes('map')) {
      const entries = Object.entries((v ?? {}) as Record<string, unknown>);
      if (entries.length === 0) continue;
      const obj: Decoded = {};
      // A map value is always written, even when empty ("a=" gives "").
      for (const [k, item] of entries) obj[k] = convertValue(type, item, true) ?? '';
      out[field] = obj;
    } else if (flags.includes('rep')) {
      const items = (v ?? []) as unknown[];
      if (items.length === 0) continue;
      out[field] = items.map((item) => convertValue(type, item, true) ?? null);
    } else if (flags.includes('inline')) {
      Object.assign(out, convertMessage(type, v as Decoded));
    } else {
      const keepZero = flags.includes('ptr') || flags.includes('keep');
      const c = convertValue(type, v, keepZero);
      if (c !== undefined) out[field] = c;
    }
  }
  return out;
}

/** decodeMessage decodes raw bytes as the named message and converts it to the JSON form. */
export function decodeMessage(name: string, raw: Uint8Array): Decoded {
  let m: Decoded;
  try {
    m = typeOf(name).decode(raw) as unknown as Decoded;
  } catch (err) {
    return badRequest(`malformed protobuf ${name}: ${(err as Error).message}`);
  }
  return convertMessage(name, m);
}

/**
 * decodeProtobufObject decodes a Kubernetes protobuf request body into the
 * JSON-form object, with apiVersion and kind from the envelope's TypeMeta.
 * Unknown field numbers are skipped silently. Throws ApiError 400 on a bad
 * magic or malformed data, 415 on a kind our schema does not cover.
 */
export function decodeProtobufObject(body: Buffer): unknown {
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
    return badRequest('the protobuf body does not start with the Kubernetes prefix "k8s\\x00"');
  }
  let env: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array; contentEncoding?: string; contentType?: string };
  try {
    env = typeOf('Unknown').decode(body.subarray(PROTOBUF_MAGIC.length)) as unknown as typeof env;
  } catch (err) {
    return badRequest(`malformed protobuf envelope (runtime.Unknown): ${(err as Error).message}`);
  }
  const apiVersion = env.typeMeta?.apiVersion ?? '';
  const kind = env.typeMeta?.kind ?? '';
  if (!kind) return badRequest('the protobuf body has no kind in its TypeMeta');
  if (env.contentEncoding) return badRequest(`the protobuf body has an unsupported contentEncoding "${env.contentEncoding}"`);
  if (env.contentType && env.contentType !== PROTOBUF_CONTENT_TYPE) {
    return badRequest(`the protobuf envelope carries an unsupported contentType "${env.contentType}"`);
  }
  const message = messageForKind(apiVersion, kind);
  if (!message) {
    const gvk = `${apiVersion || '<none>'}, Kind=${kind}`;
    throw statusError(
      415,
      'UnsupportedMediaType',
      `the protobuf body is a ${gvk}, which this server cannot decode from protobuf - send it as application/json`,
    );
  }
  return { apiVersion, kind, ...decodeMessage(message, env.raw ?? new Uint8Array()) };
}
