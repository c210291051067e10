/** GET …/pods/P/log: query parameters → PodLogOptions, streamed as text/plain. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { boolParam } from '../http/query-options';
import { statusError } from '../http/respond';
import type { PodLogOptions, PodStreamBackend } from '../../node-api/streaming';

/** bool reads PodLogOptions' flags with the apiserver's conversion: present and not "0"/"false" is true. */
function bool(q: URLSearchParams, name: string): boolean {
  return boolParam(q, name) === true;
}

function positiveInt(q: URLSearchParams, name: string, min = 0): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw statusError(400, 'BadRequest', `PodLogOptions "${name}" is invalid: must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

/** logOptionsFromQuery reads kubectl's log parameters. */
export function logOptionsFromQuery(q: URLSearchParams): PodLogOptions {
  const opts: PodLogOptions = {
    follow: bool(q, 'follow'),
    previous: bool(q, 'previous'),
    timestamps: bool(q, 'timestamps'),
  };
  const container = q.get('container');
  if (container) opts.container = container;
  const tail = positiveInt(q, 'tailLines');
  if (tail !== undefined) opts.tailLines = tail;
  const since = positiveInt(q, 'sinceSeconds', 1);
  if (since !== undefined) opts.sinceSeconds = since;
  const sinceTime = q.get('sinceTime');
  if (sinceTime) {
    if (Number.isNaN(Date.parse(sinceTime))) throw statusError(400, 'BadRequest', `PodLogOptions "sinceTime" is invalid: "${sinceTime}" is not RFC3339`);
    opts.sinceTime = sinceTime;
  }
  const limit = positiveInt(q, 'limitBytes', 1);
  if (limit !== undefined) opts.limitBytes = limit;
  return opts;
}

/** serveLogs streams a container's log, stopping when the client goes away. */
export async function serveLogs(backend: PodStreamBackend, namespace: string, pod: string, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const opts = logOptionsFromQuery(q);
  const stream = await backend.logs(namespace, pod, opts);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  req.on('close', () => stream.destroy());
  try {
    if (opts.limitBytes !== undefined) await pipeline(stream, limitBytes(opts.limitBytes, () => stream.destroy()), res);
    else await pipeline(stream, res);
  } catch {
    // The client went away or the container stream ended abruptly: nothing left to tell.
  }
}

/** limitBytes passes at most `limit` bytes, then ends the response (kubectl's --limit-bytes). */
function limitBytes(limit: number, onLimit: () => void): Transform {
  let left = limit;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (left <= 0) return done();
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      this.push(part);
      if (left <= 0) {
        this.push(null);
        onLimit();
      }
      done();
    },
  });
}
