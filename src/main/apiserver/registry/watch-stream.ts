/**
 * The watch of one resource over the store: unset/"0" resourceVersion first
 * replays current state as ADDED; N streams changes after N; a compacted N
 * gets one ERROR (410 Expired) and closes. Objects entering/leaving the
 * selectors are ADDED/DELETED. Bookmarks, when allowed, carry the last
 * revision delivered.
 */
import type { KubeObject, WatchEvent } from '../../../shared/api/meta';
import { CompactedError, type KeyValue, type Store, type StoreEvent, type Watcher } from '../../storage/types';
import { yieldToLoop } from '../../event-loop/loop-budget';
import { tooOldResourceVersion } from '../status';
import { currentRequest } from '../audit/context';
import type { RevisionObserver } from '../observe/revision-ring';
import { deepFreeze } from '../../../shared/deep-freeze';
import type { WatchHandle, WatchOptions, WatchSink } from './types';

/** Matcher is a compiled label and field selector. */
export type Matcher = (obj: KubeObject) => boolean;

/** WatchSource is what a watch needs of its resource. */
export interface WatchSource {
  readonly store: Store;
  readonly kind: string;
  readonly apiVersion: string;
  readonly bookmarkIntervalMs: number;
  /** Told of each event handed to the watch (the revision ring), when there is one. */
  readonly revisions?: RevisionObserver | undefined;
  decode(kv: KeyValue): KubeObject;
  parseRV(rv: string): number;
}

/** InitialState is a watch's initial state from the watch cache: the objects at revision. */
export interface InitialState {
  revision: number;
  objects: readonly KubeObject[];
}

/**
 * watchStore streams the changes under prefix that matches selects (all
 * when undefined). fromCache, when given, may supply the initial state (the
 * watch cache's; undefined: list the store); the changes after it always
 * come from the store's watch (the broadcaster), from that revision on.
 */
export async function watchStore(
  src: WatchSource,
  prefix: string,
  matches: Matcher | undefined,
  opts: WatchOptions,
  sink: WatchSink,
  fromCache?: () => Promise<InitialState | undefined>,
): Promise<WatchHandle> {
  const initial = opts.sendInitialEvents ?? (!opts.resourceVersion || opts.resourceVersion === '0');
  let stopped = false;
  // Assigned once the initial state has been sent; halt() may run before that.
  const holder: { watcher?: Watcher } = {};
  const timers: NodeJS.Timeout[] = [];
  const halt = () => {
    stopped = true;
    holder.watcher?.close();
    for (const t of timers) clearInterval(t);
  };
  const emit = (ev: WatchEvent) => {
    // Every watcher of an event gets the one decoded object: frozen, as the watch cache holds it.
    if (!stopped) sink.event(ev.type === 'ERROR' ? ev : { type: ev.type, object: deepFreeze(ev.object) });
  };
  const finish = () => {
    if (stopped) return;
    halt();
    sink.close();
  };

  let lastRev: number;
  if (initial) {
    const cached = await fromCache?.();
    const page = cached ? undefined : await src.store.list(prefix);
    lastRev = cached ? cached.revision : page!.revision;
    const count = cached ? cached.objects.length : page!.items.length;
    for (let i = 0; i < count; i++) {
      const obj = cached ? cached.objects[i]! : src.decode(page!.items[i]!);
      if (!matches || matches(obj)) emit({ type: 'ADDED', object: obj });
      // Thousands of initial events: let the loop serve others in between (the store watch starts at lastRev anyway).
      const pause = yieldToLoop();
      if (pause) await pause;
    }
    if (opts.sendInitialEvents && opts.allowWatchBookmarks) {
      emit({ type: 'BOOKMARK', object: bookmark(src, lastRev, true) });
    }
  } else if (!opts.resourceVersion || opts.resourceVersion === '0') {
    // sendInitialEvents=false without a revision: only changes from now on.
    lastRev = await src.store.currentRevision();
  } else {
    lastRev = src.parseRV(opts.resourceVersion);
  }
  const startRev = lastRev;
  // Who holds this watch, for the revision ring (the in-process client watches as its component, HTTPS as its client).
  const watcherName = currentRequest()?.user.username ?? 'unknown';
  const ring = src.revisions;

  const watcher = src.store.watch(prefix, startRev, {
    // A batch may hold a thousand events and each sink may do real work
    // (an informer's handlers): give the loop back once over its budget.
    onEvents: async (events: StoreEvent[]) => {
      for (const ev of events) {
        if (stopped) return;
        lastRev = ev.kv.modRevision;
        const out = toWatchEvent(src, ev, matches);
        if (out) {
          emit(out);
          ring?.delivered(ev.kv.modRevision, watcherName);
        }
        const pause = yieldToLoop();
        if (pause) await pause;
      }
    },
    onError: (err: Error) => {
      if (stopped) return;
      if (err instanceof CompactedError) {
        emit({ type: 'ERROR', object: tooOldResourceVersion(err.requested, err.compacted).status as unknown as WatchEvent['object'] });
      }
      finish();
    },
  });
  holder.watcher = watcher;
  if (stopped) watcher.close();

  // Node's timers hold at most 2^31-1 ms (24.8 days); a longer timeout is no timeout rather than an instant one.
  // A negative timeout is a deadline already passed: the watch ends at once, as Kubernetes' context does.
  if (opts.timeoutSeconds !== undefined && opts.timeoutSeconds < 0) {
    const t = setTimeout(finish, 0);
    timers.push(t);
  } else if (opts.timeoutSeconds && opts.timeoutSeconds > 0 && opts.timeoutSeconds * 1000 <= 2 ** 31 - 1) {
    const t = setTimeout(finish, opts.timeoutSeconds * 1000);
    t.unref?.();
    timers.push(t);
  }
  if (opts.allowWatchBookmarks) {
    const t = setInterval(() => emit({ type: 'BOOKMARK', object: bookmark(src, lastRev, false) }), src.bookmarkIntervalMs);
    t.unref?.();
    timers.push(t);
  }
  return { stop: halt };
}

/** bookmark is a BOOKMARK event's object at revision rev. */
function bookmark(src: WatchSource, rev: number, initialEventsEnd: boolean): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion: String(rev) };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return { kind: src.kind, apiVersion: src.apiVersion, metadata };
}

/** toWatchEvent turns a store event into the watch event a selector-filtered watcher sees (or none). */
function toWatchEvent(src: WatchSource, ev: StoreEvent, matches: Matcher | undefined): WatchEvent | undefined {
  if (ev.type === 'delete') {
    const last = src.decode(ev.kv);
    return !matches || matches(last) ? { type: 'DELETED', object: last } : undefined;
  }
  const cur = src.decode(ev.kv);
  if (!matches) return { type: ev.type === 'create' ? 'ADDED' : 'MODIFIED', object: cur };
  const now = matches(cur);
  if (ev.type === 'create') return now ? { type: 'ADDED', object: cur } : undefined;
  const prev = ev.prevKv ? src.decode({ ...ev.prevKv, modRevision: ev.kv.modRevision }) : undefined;
  const before = prev ? matches(prev) : false;
  if (now && before) return { type: 'MODIFIED', object: cur };
  if (now) return { type: 'ADDED', object: cur };
  // Leaving the selection is a DELETED of the previous state at this event's revision, as the watch cache does.
  if (before) return { type: 'DELETED', object: prev! };
  return undefined;
}
