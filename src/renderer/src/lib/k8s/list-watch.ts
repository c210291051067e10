/**
 * ListWatch keeps one list in the TanStack Query cache live: list, then watch
 * from the list's resourceVersion over a streamed fetch (NDJSON), folding each
 * event into the cache. A dropped watch resumes from the last version seen; a
 * 410 Gone (version compacted) relists. No polling. Events are folded in
 * batches, once per animation frame: a burst of a hundred pod changes is one
 * cache update and one render, not a hundred.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { KubeList, KubeObject, Status, WatchEvent } from '../../../../shared/api/meta';
import { resourcePath } from '../../../../shared/api/resources';
import { ApiError, isApiError } from '../../../../shared/errors';
import { apiRequest, listResource, toApiError, withQuery, type ResourceRef } from './client';
import { apiUrl } from './context';
import { registerConnection, type ConnectionState } from './connection-state';
import { k8sKeys } from './query-keys';
import { FrameBatch } from './frame-batch';
import { applyWatchEvents, LineSplitter, type LiveList } from './watch-cache';

/** Backoff after a failed watch: 0.25 s doubling to 4 s. */
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

class GoneError extends Error {}

/** FIRST_PAGE is the size of a list's first page: enough to fill the screen, small enough to arrive at once. */
export const FIRST_PAGE = 500;

/**
 * afterNextPaint resolves after the browser's next frame, or after 100 ms in
 * a hidden tab (where frames stop), at once where there are no frames (unit tests).
 */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/**
 * fetchLiveList fetches a list into the LiveList shape the cache holds: a
 * first page of FIRST_PAGE objects, handed to onFirstPage so the screen can
 * show rows while the rest comes, then the rest in one request (the continue
 * token keeps the whole list one snapshot, at the first page's
 * resourceVersion). At `resourceVersion=0`, as informers list: the API
 * server answers from its watch cache (any recent state; the watch that
 * follows from the list's resourceVersion brings what came after) instead
 * of reading the store.
 */
export async function fetchLiveList<T extends KubeObject>(gvr: ResourceRef, namespace?: string, onFirstPage?: (first: LiveList<T>) => void): Promise<LiveList<T>> {
  const first = await listResource<T>(gvr, namespace, undefined, { limit: String(FIRST_PAGE), resourceVersion: '0' });
  const resourceVersion = first.metadata.resourceVersion ?? '';
  let token = first.metadata.continue;
  if (!token) return { items: first.items, resourceVersion };
  onFirstPage?.({ items: first.items, resourceVersion, partial: true });
  // The rest (thousands of objects to download and parse) waits until the first rows are painted.
  if (onFirstPage) await afterNextPaint();
  const items = [...first.items];
  while (token) {
    const rest: KubeList<T> = await listResource<T>(gvr, namespace, undefined, { continue: token });
    items.push(...rest.items);
    token = rest.metadata.continue;
  }
  return { items, resourceVersion };
}

/** fetchListAt reads a list as it was at revision (`resourceVersionMatch=Exact`); a 410 means the revision is beyond the history kept. */
export async function fetchListAt<T extends KubeObject>(gvr: ResourceRef, namespace: string | undefined, revision: number): Promise<LiveList<T>> {
  const list = await apiRequest<KubeList<T>>(withQuery(resourcePath(gvr, namespace), { resourceVersion: String(revision), resourceVersionMatch: 'Exact' }));
  return { items: list.items, resourceVersion: list.metadata.resourceVersion ?? String(revision) };
}

/** ListWatch runs the list-then-watch loop of one (resource, namespace) until stopped. */
export class ListWatch<T extends KubeObject = KubeObject> {
  private readonly abort = new AbortController();
  private readonly connection = registerConnection();

  constructor(
    private readonly client: QueryClient,
    private readonly gvr: ResourceRef,
    private readonly namespace: string | undefined,
  ) {
    void this.run();
  }

  /** stop ends the watch and leaves the cached list as it is. */
  stop(): void {
    this.abort.abort();
    this.connection.remove();
  }

  private get key() {
    return k8sKeys.list(this.gvr, this.namespace);
  }

  private setState(s: ConnectionState): void {
    this.connection.set(s);
  }

  private async relist(): Promise<string> {
    const data = await this.client.fetchQuery({
      queryKey: this.key,
      queryFn: () => fetchLiveList<T>(this.gvr, this.namespace, (first) => this.client.setQueryData(this.key, first)),
      staleTime: 0,
    });
    return data.resourceVersion;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let rv: string | undefined;
    let failures = 0;
    // The first list is shared with the component's useQuery (same key and fn);
    // after a 410 the cached version is the expired one: list afresh.
    let mustRelist = false;
    while (!signal.aborted) {
      try {
        if (rv === undefined) {
          const cached = mustRelist ? undefined : this.client.getQueryData<LiveList<T>>(this.key);
          // A first page alone is no base for a watch: wait for the whole list (the same request, shared).
          rv = (!cached?.partial && cached?.resourceVersion) || (await this.relist());
          mustRelist = false;
        }
        rv = await this.watchFrom(rv, signal, () => {
          failures = 0;
          this.setState('live');
        });
        // A stream the server ended normally (its timeout) resumes at once.
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof GoneError) {
          rv = undefined;
          mustRelist = true;
          continue;
        }
        this.setState(isApiError(err, 401) ? 'unauthorized' : 'reconnecting');
        // Until a list has succeeded there is nothing to resume from.
        await delay(BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] as number, signal);
        failures++;
        if (isApiError(err) && err.code !== 401 && err.code !== 503 && err.code < 500) {
          rv = undefined;
          mustRelist = true;
        }
      }
    }
  }

  /** watchFrom streams events from rv; returns the last version folded in. */
  private async watchFrom(rv: string, signal: AbortSignal, onOpen: () => void): Promise<string> {
    const path = withQuery(resourcePath(this.gvr, this.namespace), {
      watch: 'true',
      resourceVersion: rv,
      allowWatchBookmarks: 'true',
    });
    const res = await fetch(apiUrl(path), { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal });
    if (res.status === 410) throw new GoneError();
    if (!res.ok || !res.body) throw await toApiError(res);
    onOpen();
    let last = rv;
    const splitter = new LineSplitter();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const batch = new FrameBatch<WatchEvent<T>>((events) => {
      const from = events[0]?.object.metadata?.resourceVersion ?? last;
      this.client.setQueryData<LiveList<T>>(this.key, (prev) => applyWatchEvents(prev ?? { items: [], resourceVersion: from }, events));
    });
    const fold = (line: string): void => {
      const event = JSON.parse(line) as WatchEvent<T> | WatchEvent<Status>;
      if (event.type === 'ERROR') {
        const status = event.object as Status;
        if (status.code === 410) throw new GoneError();
        throw new ApiError(status);
      }
      const e = event as WatchEvent<T>;
      batch.push(e);
      last = e.object.metadata?.resourceVersion ?? last;
    };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const line of splitter.push(value)) fold(line);
      }
      for (const line of splitter.flush()) fold(line);
    } finally {
      // What arrived before the stream ended (or failed) is folded in now, so a resumed watch starts after it.
      batch.flush();
      reader.releaseLock();
    }
    return last;
  }
}

const active = new Map<string, { watch: ListWatch; refs: number }>();

/** acquireListWatch shares one ListWatch per (resource, namespace) among components; returns the release function. */
export function acquireListWatch(client: QueryClient, gvr: ResourceRef, namespace: string | undefined): () => void {
  const id = JSON.stringify(k8sKeys.list(gvr, namespace));
  let entry = active.get(id);
  if (!entry) {
    entry = { watch: new ListWatch(client, gvr, namespace), refs: 0 };
    active.set(id, entry);
  }
  entry.refs++;
  const held = entry;
  return () => {
    held.refs--;
    if (held.refs === 0) {
      held.watch.stop();
      active.delete(id);
    }
  };
}
