/**
 * Folding watch events into a cached list, immutably (the list held by
 * TanStack Query is never mutated: every change yields a new array and a new
 * object). Objects are matched by uid; an event older than what the cache
 * holds is skipped, so a replayed or duplicated event cannot move state back.
 */
import type { KubeObject, WatchEvent } from '../../../../shared/api/meta';

/** LiveList is what the query cache holds for a watched list. */
export interface LiveList<T extends KubeObject = KubeObject> {
  items: T[];
  /** resourceVersion is the newest version folded in: a resumed watch starts here. */
  resourceVersion: string;
  /** partial marks a list's first page, shown while the rest loads: no watch starts from it. */
  partial?: boolean;
}

/**
 * compareResourceVersions orders two resourceVersions. Kubedeck's are integer
 * revisions of one log; opaque ones compare as equal (never "stale").
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const keyOf = (o: KubeObject): string => o.metadata.uid ?? `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/** newerVersion returns the greater of two resourceVersions. */
function newerVersion(a: string, b: string | undefined): string {
  if (!b) return a;
  if (!a) return b;
  return compareResourceVersions(b, a) > 0 ? b : a;
}

/** applyWatchEvent returns the list after one event (the same list when nothing changed). */
export function applyWatchEvent<T extends KubeObject>(list: LiveList<T>, event: WatchEvent<T>): LiveList<T> {
  const obj = event.object;
  const rv = obj.metadata?.resourceVersion;
  if (event.type === 'BOOKMARK') {
    return rv && compareResourceVersions(rv, list.resourceVersion) > 0 ? { ...list, resourceVersion: rv } : list;
  }
  if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') return list;
  const key = keyOf(obj);
  const idx = list.items.findIndex((o) => keyOf(o) === key);
  const resourceVersion = newerVersion(list.resourceVersion, rv);
  if (idx >= 0) {
    const current = list.items[idx] as T;
    // An event not newer than the cached object is a replay: keep the cache.
    if (compareResourceVersions(rv, current.metadata.resourceVersion) < 0) return list;
    if (event.type !== 'DELETED' && rv !== undefined && rv === current.metadata.resourceVersion) return list;
    const items = event.type === 'DELETED' ? list.items.filter((_, i) => i !== idx) : list.items.map((o, i) => (i === idx ? obj : o));
    return { items, resourceVersion };
  }
  if (event.type === 'DELETED') return resourceVersion === list.resourceVersion ? list : { ...list, resourceVersion };
  return { items: [...list.items, obj], resourceVersion };
}

/**
 * applyWatchEvents returns the list after a batch of events, in order, with
 * the same rules as applyWatchEvent (matched by uid, stale and duplicate
 * events skipped), but in one pass: the items are indexed once and copied at
 * most once, so a frame's worth of events on a list of thousands costs one
 * walk of the list, not one per event. Returns the same list when nothing
 * changed.
 */
export function applyWatchEvents<T extends KubeObject>(list: LiveList<T>, events: readonly WatchEvent<T>[]): LiveList<T> {
  if (events.length === 0) return list;
  if (events.length === 1) return applyWatchEvent(list, events[0] as WatchEvent<T>);
  let resourceVersion = list.resourceVersion;
  // Current object per key, in insertion order; undefined marks a deletion.
  let index: Map<string, T | undefined> | undefined;
  const byKey = (): Map<string, T | undefined> => {
    if (!index) index = new Map(list.items.map((o) => [keyOf(o), o]));
    return index;
  };
  let changed = false;
  for (const event of events) {
    const obj = event.object;
    const rv = obj.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (rv && compareResourceVersions(rv, resourceVersion) > 0) resourceVersion = rv;
      continue;
    }
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') continue;
    resourceVersion = newerVersion(resourceVersion, rv);
    const items = byKey();
    const key = keyOf(obj);
    const current = items.get(key);
    if (current) {
      if (compareResourceVersions(rv, current.metadata.resourceVersion) < 0) continue;
      if (event.type !== 'DELETED' && rv !== undefined && rv === current.metadata.resourceVersion) continue;
      // A deleted key stays in the map (as undefined) so that the survivors keep their order.
      items.set(key, event.type === 'DELETED' ? undefined : obj);
      changed = true;
    } else if (event.type !== 'DELETED') {
      items.delete(key);
      items.set(key, obj);
      changed = true;
    }
  }
  if (!changed) return resourceVersion === list.resourceVersion ? list : { ...list, resourceVersion };
  const items: T[] = [];
  for (const o of (index as Map<string, T | undefined>).values()) if (o) items.push(o);
  return { items, resourceVersion };
}

/**
 * splitLines feeds decoded text chunks and returns the complete lines, keeping
 * a partial trailing line for the next chunk (watch streams are NDJSON, but
 * chunk boundaries fall anywhere).
 */
export class LineSplitter {
  private rest = '';

  /** push adds a chunk and returns the lines it completed. */
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '');
  }

  /** flush returns a final unterminated line, if any. */
  flush(): string[] {
    const last = this.rest.trim();
    this.rest = '';
    return last ? [last] : [];
  }
}
