/**
 * Reading request bodies: size limit (413), nesting limit (400, checked before
 * decoding) and JSON/YAML decoding (400 naming the problem).
 */
import type { IncomingMessage } from 'node:http';
import { load } from 'js-yaml';
import { decodeProtobufObject, PROTOBUF_CONTENT_TYPE } from '../protobuf';
import { checkDecodedTree, checkJsonDepth } from './body-limits';
import { statusError } from './respond';

/** MAX_BODY_BYTES is Kubernetes' limit for a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** readBody collects the body, refusing more than MAX_BODY_BYTES with 413. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw statusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw statusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

const JSON_TYPES = new Set(['application/json', 'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'text/plain']);
const YAML_TYPES = new Set(['application/yaml', 'application/apply-patch+yaml', 'text/yaml', 'application/x-yaml']);

/** mediaType returns the bare media type of a Content-Type header. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/**
 * decodeBody parses a JSON or YAML body. Malformed input is a 400 whose
 * message names the problem and its position, as Kubernetes' decoder does.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  // kubectl ≥ 1.32 sends Kubernetes protobuf from its typed clients (kubectl create …).
  if (type === PROTOBUF_CONTENT_TYPE) return decodeProtobufObject(body);
  if (!JSON_TYPES.has(type) && !YAML_TYPES.has(type)) {
    throw statusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, ${PROTOBUF_CONTENT_TYPE}`,
    );
  }
  const text = body.toString('utf8');
  if (text.trim() === '') throw statusError(400, 'BadRequest', 'the request body is empty');
  if (YAML_TYPES.has(type)) {
    let doc: unknown;
    try {
      // The loader itself refuses nesting deeper than MAX_NESTING_DEPTH; aliases are checked below.
      doc = load(text);
    } catch (err) {
      const e = err as { mark?: { line: number; column: number }; reason?: string; message: string };
      const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
      throw statusError(400, 'BadRequest', `error converting YAML to JSON: yaml: ${e.reason ?? e.message}${where}`);
    }
    checkDecodedTree(doc);
    return doc;
  }
  checkJsonDepth(body);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw statusError(400, 'BadRequest', `couldn't decode JSON body: ${(err as Error).message}`);
  }
}
