import { afterEach, describe, expect, it, vi } from 'vitest';
import { GVR } from '../../../../shared/api/resources';
import { fetchLiveList, FIRST_PAGE } from './list-watch';
import type { LiveList } from './watch-cache';

const pods = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ metadata: { name: `p-${from + i}`, uid: `u-${from + i}` } }));

describe('fetchLiveList', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the first page at once, then returns the whole list at its resourceVersion', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (path: string) => {
      urls.push(path);
      const body = path.includes('continue=')
        ? { kind: 'PodList', metadata: { resourceVersion: '42' }, items: pods(FIRST_PAGE, 700) }
        : { kind: 'PodList', metadata: { resourceVersion: '42', continue: 'tok' }, items: pods(0, FIRST_PAGE) };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const firsts: LiveList[] = [];
    const list = await fetchLiveList(GVR.pods, 'default', (first) => firsts.push(first));
    expect(urls[0]).toContain(`limit=${FIRST_PAGE}`);
    // From the API server's watch cache, as informers list.
    expect(urls[0]).toContain('resourceVersion=0');
    expect(urls[1]).toContain('continue=tok');
    expect(firsts).toHaveLength(1);
    expect(firsts[0]).toMatchObject({ resourceVersion: '42', partial: true });
    expect(firsts[0]?.items).toHaveLength(FIRST_PAGE);
    expect(list.partial).toBeUndefined();
    expect(list.resourceVersion).toBe('42');
    expect(list.items.map((p) => p.metadata.name)).toEqual(pods(0, FIRST_PAGE + 700).map((p) => p.metadata.name));
  });

  it('a list that fits one page is one request and no partial page', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '7' }, items: pods(0, 3) }), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const onFirst = vi.fn();
    const list = await fetchLiveList(GVR.pods, undefined, onFirst);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(onFirst).not.toHaveBeenCalled();
    expect(list).toEqual({ items: pods(0, 3), resourceVersion: '7' });
  });
});
