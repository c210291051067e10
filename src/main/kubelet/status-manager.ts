/**
 * The status manager: writes each pod's status to the API when it changed
 * (and corrects someone else's write, e.g. the node lifecycle controller
 * marking the pod not ready), retries on conflict with a fresh copy, and
 * remembers the resourceVersion of its own writes so their echo from the
 * watch does not trigger another sync. Also writes the pull-progress
 * annotation, throttled.
 */
import type { Pod, PodStatus } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { isConflict, isNotFound } from '../../shared/errors';
import type { ApiClient } from '../client/types';
import type { PullProgress } from './runtime/types';

export const PULL_PROGRESS_ANNOTATION = 'kubedeck.io/pull-progress';

interface Entry {
  json?: string;
  rv?: string;
  pullAt?: number;
  pullSet?: boolean;
  /** The pull-progress patches, one after the other: a late progress patch must not land after the clearing one. */
  pullWrites?: Promise<void>;
}

/** StatusManager writes pod statuses for one kubelet. */
export class StatusManager {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly client: ApiClient) {}

  private entry(uid: string): Entry {
    let e = this.entries.get(uid);
    if (!e) this.entries.set(uid, (e = {}));
    return e;
  }

  /** isOwnWrite reports whether this version of the pod is the echo of our last status write. */
  isOwnWrite(pod: Pod): boolean {
    const rv = pod.metadata.resourceVersion;
    return rv !== undefined && this.entries.get(pod.metadata.uid as string)?.rv === rv;
  }

  /** write stores status for pod unless it is already what the API holds; returns the pod as written (or undefined). */
  async write(pod: Pod, status: PodStatus): Promise<Pod | undefined> {
    const uid = pod.metadata.uid as string;
    const e = this.entry(uid);
    const json = JSON.stringify(status);
    // Unchanged and nobody wrote since our last write: nothing to do.
    if (json === e.json && pod.metadata.resourceVersion === e.rv) return undefined;
    if (json === e.json && JSON.stringify(pod.status) === json) return undefined;
    let base = pod;
    for (let i = 0; i < 5; i++) {
      try {
        const updated = await this.client.updateStatus<Pod>(GVR.pods, base.metadata.namespace, { ...base, status });
        e.json = json;
        e.rv = updated.metadata.resourceVersion;
        return updated;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        if (!isConflict(err)) throw err;
        base = await this.client.get<Pod>(GVR.pods, base.metadata.namespace, base.metadata.name as string);
        if (base.metadata.uid !== uid) return undefined;
      }
    }
    return undefined;
  }

  /** reportPullProgress sets (or clears, p undefined) the pull-progress annotation, at most every 500 ms. */
  reportPullProgress(pod: Pod, p: PullProgress | undefined): void {
    const e = this.entry(pod.metadata.uid as string);
    const now = Date.now();
    if (p && e.pullAt && now - e.pullAt < 500) return;
    if (!p && !e.pullSet) return;
    e.pullAt = now;
    e.pullSet = !!p;
    const value = p ? JSON.stringify({ image: p.image, fraction: p.fraction ?? null, currentBytes: p.currentBytes, totalBytes: p.totalBytes, layersDone: p.layersDone, layersTotal: p.layersTotal, status: p.status }) : null;
    const write = () =>
      this.client.patch(GVR.pods, pod.metadata.namespace, pod.metadata.name as string, 'application/merge-patch+json', { metadata: { annotations: { [PULL_PROGRESS_ANNOTATION]: value } } }).then(
        () => undefined,
        () => undefined,
      );
    e.pullWrites = (e.pullWrites ?? Promise.resolve()).then(write);
  }

  /** pullWritesSettled resolves once the pod's pull-progress patches issued so far are done (for tests). */
  async pullWritesSettled(uid: string): Promise<void> {
    await this.entries.get(uid)?.pullWrites;
  }

  /** forget drops what is known of a pod (it is gone). */
  forget(uid: string): void {
    this.entries.delete(uid);
  }
}
