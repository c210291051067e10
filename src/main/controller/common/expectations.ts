/**
 * Controller expectations (Kubernetes' ControllerExpectations /
 * UIDTrackingControllerExpectations): before creating or deleting pods a
 * controller records what it expects the watch to show; until the informer has
 * shown it (or 5 minutes pass) the controller does not act again on a stale
 * cache, so it never creates or deletes twice.
 */
import { realClock, type Clock } from '../../client/clock';

/** EXPECTATIONS_TIMEOUT_MS is Kubernetes' ExpectationsTimeout (5 minutes). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Record_ {
  add: number;
  del: number;
  /** Keys of pods we expect to see deleted (deletions are tracked by key so a repeat event is not counted twice). */
  deleting: Set<string>;
  at: number;
}

/** Expectations tracks pending creates and deletes per controller key. */
export class Expectations {
  private readonly records = new Map<string, Record_>();
  constructor(private readonly clock: Clock = realClock) {}

  /** expectCreations records that n creations are about to happen for key. */
  expectCreations(key: string, n: number): void {
    this.records.set(key, { add: n, del: 0, deleting: new Set(), at: this.clock.now() });
  }

  /** expectDeletions records the pod keys about to be deleted for key. */
  expectDeletions(key: string, podKeys: string[]): void {
    this.records.set(key, { add: 0, del: podKeys.length, deleting: new Set(podKeys), at: this.clock.now() });
  }

  /** creationObserved lowers the pending creations of key by one (a pod was seen, or a create failed). */
  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r && r.add > 0) r.add--;
  }

  /** deletionObserved marks podKey's deletion as seen. */
  deletionObserved(key: string, podKey: string): void {
    const r = this.records.get(key);
    if (r && r.deleting.delete(podKey)) r.del--;
  }

  /** satisfied reports whether key may sync: nothing pending, or the record expired. */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.del <= 0) return true;
    return this.clock.now() - r.at > EXPECTATIONS_TIMEOUT_MS;
  }

  /** pending returns what key still waits for (tests, UI). */
  pending(key: string): { add: number; del: number } | undefined {
    const r = this.records.get(key);
    return r ? { add: r.add, del: r.del } : undefined;
  }

  /** delete forgets key (its controller object is gone). */
  delete(key: string): void {
    this.records.delete(key);
  }
}
