import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiRequest, ClusterAwayError } from './client';

describe('apiRequest', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  it('ends a request the cluster never answers with a clear error after the bound', async () => {
    vi.useFakeTimers();
    // A fetch that never answers until aborted.
    vi.stubGlobal('fetch', (_p: string, init: RequestInit) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('timeout', 'TimeoutError')))));
    const p = apiRequest('/api/v1/pods?dryRun=All', { method: 'POST', body: {} });
    const caught = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(11_000);
    const err = await caught;
    expect(err).toBeInstanceOf(ClusterAwayError);
    expect((err as Error).message).toMatch(/did not answer within 10 s/);
  });
});
