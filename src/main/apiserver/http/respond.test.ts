import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../storage/types';
import { toApiError, writeError } from './respond';

/** fakeResponse records what writeError sends. */
function fakeResponse() {
  const sent: { code?: number; headers: Record<string, unknown>; body?: string } = { headers: {} };
  const res = {
    headersSent: false,
    setHeader: (k: string, v: unknown) => (sent.headers[k.toLowerCase()] = v),
    writeHead: (code: number, headers: Record<string, unknown>) => {
      sent.code = code;
      for (const [k, v] of Object.entries(headers)) sent.headers[k.toLowerCase()] = v;
    },
    end: (body: string) => (sent.body = body),
  } as unknown as ServerResponse;
  return { res, sent };
}

describe('errors without an answer from the store', () => {
  it('an unavailable store is 503 ServiceUnavailable with Retry-After, never 500', () => {
    const { res, sent } = fakeResponse();
    writeError(res, new StoreUnavailableError(new Error('etcdserver: no leader')));
    expect(sent.code).toBe(503);
    expect(sent.headers['retry-after']).toBe('1');
    const status = JSON.parse(sent.body!) as { reason: string; message: string; details: { retryAfterSeconds: number } };
    expect(status.reason).toBe('ServiceUnavailable');
    expect(status.message).toContain('the store is unavailable: etcdserver: no leader');
    expect(status.details.retryAfterSeconds).toBe(1);
  });

  it('any other unexpected error stays 500 InternalError without Retry-After', () => {
    const { res, sent } = fakeResponse();
    writeError(res, new Error('boom'));
    expect(sent.code).toBe(500);
    expect(sent.headers['retry-after']).toBeUndefined();
    expect(toApiError(new Error('boom')).status.reason).toBe('InternalError');
  });
});
