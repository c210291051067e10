/**
 * The Store contract: a revisioned key-value log in the role etcd plays for
 * Kubernetes. Every backend (sqlite, etcd) implements exactly this and passes
 * the same conformance suite (tests/integration/store-conformance.ts).
 *
 * One global revision counter increases by one on every successful write.
 * An object's modRevision is the revision of its last write and becomes its
 * metadata.resourceVersion.
 */

/** KeyValue is one stored key at one revision. */
export interface KeyValue {
  key: string;
  /** The value as stored (JSON text for API objects). */
  value: string;
  /** Revision at which the key was (last) created. */
  createRevision: number;
  /** Revision of the last write to the key. */
  modRevision: number;
}

/** StoreEvent is one change, as delivered to watchers. */
export interface StoreEvent {
  type: 'create' | 'update' | 'delete';
  /** For delete: key with the deletion revision as modRevision and the last value. */
  kv: KeyValue;
  /** The value before this change (update and delete). */
  prevKv?: KeyValue;
}

/** ListOptions narrow a prefix listing. */
export interface ListOptions {
  /** Read at this past revision (0/undefined = current). Compacted → CompactedError. */
  revision?: number;
  /** At most this many items (0/undefined = all). */
  limit?: number;
  /** Start after this key (exclusive), for pagination. */
  startAfter?: string;
  /**
   * keysOnly leaves values out (each item's value is ''), for a caller that
   * has most values cached by revision and fetches the rest with valuesAt. A
   * store may ignore it and return values anyway.
   */
  keysOnly?: boolean;
}

/** ListResult is a consistent snapshot of a prefix. */
export interface ListResult {
  items: KeyValue[];
  /** The revision the snapshot was read at. */
  revision: number;
  /** True when limit cut the listing short. */
  more: boolean;
}

/** Watcher is a live subscription; close it to stop delivery. */
export interface Watcher {
  close(): void;
  /**
   * progress, when the backend can tell, is a revision up to which every
   * event under the prefix has been delivered (onEvents settled): with
   * nothing queued, the last revision the store published. undefined while
   * events are queued or being delivered. A consumer uses it to know it is
   * current without reading the store (the watch cache; etcd's progress
   * notifications play this role for kube-apiserver's).
   */
  progress?(): number | undefined;
}

/** WatchCallbacks receive events in revision order, without gaps. */
export interface WatchCallbacks {
  /**
   * Called with events in strictly increasing revision order. A consumer that
   * cannot keep up (e.g. a full socket) may return a promise: no further batch
   * is delivered until it settles, and events queue meanwhile; when the
   * watcher's queue overflows it is dropped with WatcherTooSlowError, so a
   * slow consumer never blocks writers.
   */
  onEvents(events: StoreEvent[]): void | Promise<void>;
  /**
   * Called once when the watch ends abnormally: CompactedError when the start
   * revision is gone, WatcherTooSlowError when the watcher fell behind, or the
   * backend's error. No event follows.
   */
  onError(err: Error): void;
}

/** Store is the revisioned key-value log. */
export interface Store {
  /** get returns the current value of key, or undefined. */
  get(key: string): Promise<KeyValue | undefined>;
  /** list returns keys starting with prefix, in key order. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /**
   * valuesAt returns the values written at the given revisions (each a
   * key's modRevision from a list), for those still held; stores without it
   * honour no keysOnly.
   */
  valuesAt?(revisions: readonly number[]): Promise<Map<number, string>>;
  /** count returns how many live keys start with prefix. */
  count(prefix: string): Promise<number>;
  /** create writes a new key; AlreadyExistsError if it exists. Returns the new KeyValue. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * update replaces key's value if its modRevision equals expectedModRevision
   * (compare-and-swap). ConflictError on mismatch, NotFoundError if absent.
   */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /**
   * delete removes key, if expectedModRevision is given only when it matches.
   * Returns the deleted KeyValue (last value, deletion revision as modRevision).
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * watch delivers every change under prefix with revision > fromRevision.
   * It subscribes before replaying history, so nothing falls between.
   * fromRevision older than the compacted revision → onError(CompactedError).
   */
  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watcher;
  /** compact forgets history at and below revision (live keys are kept). */
  compact(revision: number): Promise<void>;
  /** currentRevision is the revision of the last write (0 when empty). */
  currentRevision(): Promise<number>;
  /** compactedRevision is the highest compacted revision (0 when none). */
  compactedRevision(): Promise<number>;
  /** close releases the backend; pending watchers get no further events. */
  close(): Promise<void>;
}

/** StoreError is the base of every typed store error. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** NotFoundError: the key does not exist. */
export class NotFoundError extends StoreError {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}
/** AlreadyExistsError: create on an existing key. */
export class AlreadyExistsError extends StoreError {
  constructor(readonly key: string) {
    super(`key already exists: ${key}`);
  }
}
/** ConflictError: the expected mod revision is stale. */
export class ConflictError extends StoreError {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`conflict on ${key}: expected revision ${expected}, found ${actual}`);
  }
}
/**
 * StoreUnavailableError: the backend could not be reached within its retry
 * budget (an etcd cluster without a leader or quorum). Nothing is known to
 * have been written; the API answers 503 with Retry-After, never 500.
 */
export class StoreUnavailableError extends StoreError {
  constructor(override readonly cause: unknown) {
    super(`the store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
/** CompactedError: the requested revision was compacted away. */
export class CompactedError extends StoreError {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`revision ${requested} has been compacted (compacted revision ${compacted})`);
  }
}
/** WatcherTooSlowError: a watcher fell too far behind and was dropped. */
export class WatcherTooSlowError extends StoreError {
  constructor(readonly prefix: string) {
    super(`watcher on ${prefix} fell behind and was dropped`);
  }
}
