/**
 * The revision ring: what happened to each stored revision, kept for the
 * last `capacity` revisions. For every write the registry commits it records
 * the key, who wrote it (the request's identity, as the audit log has it)
 * and when; for every watch that is handed the event, which component holds
 * that watch and when it got it, so the delay from commit to delivery can be
 * read per watcher. The audit log's Events add the verb, subresource and
 * when the request arrived (the ring is also an AuditSink).
 *
 * Bounded: once more than `capacity` revisions are held the oldest go, so
 * memory stays flat however long the cluster runs. Times are milliseconds
 * since the epoch with sub-millisecond precision (performance.now based).
 *
 * A delivery may be recorded before its commit (the store hands the event
 * to watchers in a microtask that can run before the writer's await
 * resumes): the entry is created by whichever comes first and completed by
 * the other.
 */
import type { AuditEvent } from '../audit/event';
import type { AuditSink } from '../audit/audited-registry';

/** WriteType is the kind of change a revision made. */
export type WriteType = 'create' | 'update' | 'delete';

/** Delivery is one watch handed one revision. */
export interface Delivery {
  /** The identity of the watch's holder (`kube-controller-manager`, `kubelet/<node>`, `kubectl`, `kubedeck-app`…). */
  watcher: string;
  /** When the event was handed to the watch (ms since epoch). */
  at: number;
}

/** RevisionRecord is what the ring knows of one revision. */
export interface RevisionRecord {
  revision: number;
  /** The store key (`/registry/<group|core>/<resource>/<ns>/<name>`). */
  key?: string;
  type?: WriteType;
  /** When the store write that made this revision was issued (ms since epoch). */
  committedAt?: number;
  /** Who wrote it (the request's user). */
  writer?: string;
  userAgent?: string;
  /** From the audit Event: the request's verb and subresource, and when it arrived. */
  verb?: string;
  subresource?: string;
  requestReceivedAt?: number;
  auditID?: string;
  deliveries: Delivery[];
}

/** CommitInfo is what the registry knows of a write when it has been stored. */
export interface CommitInfo {
  key: string;
  type: WriteType;
  /** When the store call was issued. */
  at: number;
  /** The subresource written through (status, binding, scale), when not the object itself. */
  subresource?: string;
  writer?: string;
  userAgent?: string;
}

/** RevisionObserver is the part of the ring the registry calls. */
export interface RevisionObserver {
  committed(revision: number, info: CommitInfo): void;
  delivered(revision: number, watcher: string, at?: number): void;
  /** now is the ring's clock (ms since epoch, sub-millisecond). */
  now(): number;
}

/** preciseNow is Date.now with performance.now's sub-millisecond resolution. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** DEFAULT_RING_CAPACITY is how many revisions the ring keeps unless told otherwise. */
export const DEFAULT_RING_CAPACITY = 10_000;
/** MAX_DELIVERIES bounds one revision's deliveries (a hundred watchers of one kind is already unusual). */
const MAX_DELIVERIES = 64;

/** RevisionRing keeps the last `capacity` revisions' commits and deliveries. */
export class RevisionRing implements RevisionObserver, AuditSink {
  private readonly entries = new Map<number, RevisionRecord>();
  private highest = 0;

  constructor(
    private readonly capacity = DEFAULT_RING_CAPACITY,
    private readonly clock: () => number = preciseNow,
  ) {}

  now(): number {
    return this.clock();
  }

  /** size is how many revisions are held. */
  get size(): number {
    return this.entries.size;
  }

  /** oldest is the lowest revision still held (0 when empty). */
  get oldest(): number {
    for (const rev of this.entries.keys()) return rev;
    return 0;
  }

  /** committed records a stored write. */
  committed(revision: number, info: CommitInfo): void {
    const e = this.entry(revision);
    if (!e) return;
    e.key = info.key;
    e.type = info.type;
    e.committedAt = info.at;
    if (info.subresource) e.subresource = info.subresource;
    if (info.writer !== undefined) e.writer ??= info.writer;
    if (info.userAgent !== undefined) e.userAgent ??= info.userAgent;
  }

  /** delivered records that a watch held by watcher was handed revision (each watch: one holder may have several). */
  delivered(revision: number, watcher: string, at = this.clock()): void {
    const e = this.entry(revision);
    if (!e || e.deliveries.length >= MAX_DELIVERIES) return;
    e.deliveries.push({ watcher, at });
  }

  /** write takes an audit Event (AuditSink): verb, subresource and arrival time of the request that made its revision. */
  write(ev: AuditEvent): void {
    const rv = Number(ev.objectRef.resourceVersion);
    if (!Number.isInteger(rv) || rv <= 0 || ev.responseStatus.code >= 300) return;
    // Only Events of revisions still held (or just made): an old object's resourceVersion (a no-op write) must not add an entry.
    const e = this.entries.get(rv) ?? (rv > this.highest ? this.entry(rv) : undefined);
    if (!e) return;
    // A no-op update answers with the object's existing revision: keep the Event of the write that made it.
    if (e.verb !== undefined) return;
    e.verb = ev.verb;
    if (ev.objectRef.subresource) e.subresource = ev.objectRef.subresource;
    e.requestReceivedAt = Date.parse(ev.requestReceivedTimestamp);
    e.auditID = ev.auditID;
    e.writer = ev.user.username;
    if (ev.userAgent) e.userAgent = ev.userAgent;
  }

  /** get returns the record of one revision, if held. */
  get(revision: number): Readonly<RevisionRecord> | undefined {
    return this.entries.get(revision);
  }

  /** since returns held records with a revision above `after`, in revision order, at most limit. */
  since(after: number, limit = 1000): Readonly<RevisionRecord>[] {
    const out: RevisionRecord[] = [];
    for (const e of this.entries.values()) if (e.revision > after) out.push(e);
    out.sort((a, b) => a.revision - b.revision);
    return out.slice(0, limit);
  }

  /** forKey returns the held records of one store key, in revision order. */
  forKey(key: string): Readonly<RevisionRecord>[] {
    const out: RevisionRecord[] = [];
    for (const e of this.entries.values()) if (e.key === key) out.push(e);
    return out.sort((a, b) => a.revision - b.revision);
  }

  /** entry returns the record of revision, creating it (and evicting the oldest past capacity); undefined for a revision already evicted. */
  private entry(revision: number): RevisionRecord | undefined {
    let e = this.entries.get(revision);
    if (e) return e;
    if (this.entries.size >= this.capacity && revision < this.oldest) return undefined;
    e = { revision, deliveries: [] };
    this.entries.set(revision, e);
    if (revision > this.highest) this.highest = revision;
    while (this.entries.size > this.capacity) this.evictLowest();
    return e;
  }

  /** evictLowest drops the entry that went in first (revisions arrive in nearly increasing order). */
  private evictLowest(): void {
    for (const rev of this.entries.keys()) {
      this.entries.delete(rev);
      return;
    }
  }
}
