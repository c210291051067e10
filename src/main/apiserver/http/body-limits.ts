/**
 * Limits a request body must keep before it is decoded: JSON nesting depth
 * (checked on the raw bytes, so a hostile document never reaches a
 * recursive parser or walker) and, for YAML, the size of the decoded tree
 * (aliases can expand a small document exponentially).
 */
import { statusError } from './respond';

/**
 * MAX_NESTING_DEPTH bounds how deeply objects and arrays nest in a body.
 * Kubernetes objects stay far below it; the YAML decoder uses the same limit.
 */
export const MAX_NESTING_DEPTH = 100;

/** MAX_DECODED_NODES bounds the values a decoded YAML document may expand to (aliases included). */
export const MAX_DECODED_NODES = 1_000_000;

function tooDeep(limit: number) {
  return statusError(400, 'BadRequest', `the request body nests objects or arrays deeper than the limit of ${limit} levels`);
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * checkJsonDepth scans raw JSON bytes and refuses (400) a document whose
 * objects and arrays nest deeper than limit. Brackets inside strings do not
 * count; malformed input is left for the parser to report.
 */
export function checkJsonDepth(body: Buffer, limit = MAX_NESTING_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) throw tooDeep(limit);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
}

/**
 * checkDecodedTree walks a decoded value without recursion and refuses (400)
 * one nesting deeper than depthLimit or holding more than nodeLimit values
 * (a YAML alias bomb expands to a tree far larger than its text).
 */
export function checkDecodedTree(value: unknown, depthLimit = MAX_NESTING_DEPTH, nodeLimit = MAX_DECODED_NODES): void {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (++nodes > nodeLimit) {
      throw statusError(400, 'BadRequest', `the request body decodes to more than ${nodeLimit} values (excessive aliasing?)`);
    }
    if (typeof v !== 'object' || v === null) continue;
    if (d >= depthLimit) throw tooDeep(depthLimit);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
      else nodes++;
    }
  }
}
