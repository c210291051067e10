/**
 * The connection state of all live lists, as one small external store React
 * reads with useSyncExternalStore. The header shows the worst state.
 */

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

const states = new Map<number, ConnectionState>();
const listeners = new Set<() => void>();
let nextId = 1;
let snapshot: ConnectionState = 'connecting';
/** When the watches last streamed (ms since epoch): the "as of" of data shown while the cluster is away. */
let lastContact = Date.now();

const RANK: Record<ConnectionState, number> = { live: 0, connecting: 1, reconnecting: 2, unauthorized: 3 };

function recompute(): void {
  let worst: ConnectionState = states.size === 0 ? 'connecting' : 'live';
  for (const s of states.values()) if (RANK[s] > RANK[worst]) worst = s;
  if (worst !== snapshot) {
    // Leaving or entering "live" marks the last moment the data was known current.
    if (snapshot === 'live' || worst === 'live') lastContact = Date.now();
    snapshot = worst;
    for (const l of listeners) l();
  }
}

/** registerConnection adds one watch to the aggregate; returns its setter and a remover. */
export function registerConnection(): { set(state: ConnectionState): void; remove(): void } {
  const id = nextId++;
  states.set(id, 'connecting');
  recompute();
  return {
    set(state) {
      if (!states.has(id)) return;
      states.set(id, state);
      recompute();
    },
    remove() {
      states.delete(id);
      recompute();
    },
  };
}

/** subscribeConnection is useSyncExternalStore's subscribe. */
export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** connectionSnapshot is useSyncExternalStore's getSnapshot. */
export function connectionSnapshot(): ConnectionState {
  return snapshot;
}

/** lastContactTime is when the data on screen was last known current. */
export function lastContactTime(): number {
  return lastContact;
}

/** isAway reports a cluster that stopped answering after having answered (not the first connect, not a sign-out). */
export function isAway(state: ConnectionState): boolean {
  return state === 'reconnecting';
}
