/**
 * SliceTracker remembers the EndpointSlices the controller wrote (their
 * generation) and deleted, per Service, so a sync on an informer cache that
 * has not seen those writes yet backs off instead of acting twice (creating
 * a second slice for the same pods): Kubernetes' EndpointSliceTracker.
 */
import type { EndpointSlice } from '../../../shared/api/discovery';

const DELETED = -1;

export class SliceTracker {
  /** service key → slice uid → generation written (DELETED once deleted). */
  private readonly byService = new Map<string, Map<string, number>>();

  /** wrote records a slice the controller created or updated, as the server returned it. */
  wrote(serviceKey: string, slice: Readonly<EndpointSlice>): void {
    const uid = slice.metadata.uid;
    if (!uid) return;
    this.entries(serviceKey).set(uid, slice.metadata.generation ?? 1);
  }

  /** deleted records a slice the controller deleted. */
  deleted(serviceKey: string, slice: Readonly<EndpointSlice>): void {
    if (slice.metadata.uid) this.entries(serviceKey).set(slice.metadata.uid, DELETED);
  }

  /** gone forgets a slice the informer saw deleted. */
  gone(serviceKey: string, slice: Readonly<EndpointSlice>): void {
    const m = this.byService.get(serviceKey);
    if (!m || !slice.metadata.uid) return;
    m.delete(slice.metadata.uid);
    if (m.size === 0) this.byService.delete(serviceKey);
  }

  /** forget drops a Service's records (it is gone). */
  forget(serviceKey: string): void {
    this.byService.delete(serviceKey);
  }

  /**
   * stale reports whether cached (the informer's slices of the Service) lags
   * the controller's writes: a written slice missing or older, or a deleted
   * one still there.
   */
  stale(serviceKey: string, cached: readonly Readonly<EndpointSlice>[]): boolean {
    const m = this.byService.get(serviceKey);
    if (!m) return false;
    const seen = new Map(cached.map((s) => [s.metadata.uid ?? '', s.metadata.generation ?? 1]));
    for (const [uid, gen] of m) {
      const have = seen.get(uid);
      if (gen === DELETED ? have !== undefined : have === undefined || have < gen) return true;
    }
    return false;
  }

  private entries(serviceKey: string): Map<string, number> {
    let m = this.byService.get(serviceKey);
    if (!m) this.byService.set(serviceKey, (m = new Map()));
    return m;
  }
}
