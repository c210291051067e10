/**
 * Pod workers: one serialized worker per pod (Kubernetes' podWorkers). A
 * trigger while the pod's sync runs is coalesced into one more sync after it;
 * a sync may ask to run again after a delay (back-off expiry, retry). Workers
 * know nothing of the runtime: the kubelet passes the sync function.
 */
import type { Pod } from '../../shared/api/core';

/** PodWorker is one pod's worker state. */
export interface PodWorker {
  uid: string;
  pod: Pod;
  /** The pod is gone from the API (or moved off this node): its sync removes it. */
  deleted: boolean;
  running: boolean;
  dirty: boolean;
  timer?: NodeJS.Timeout;
}

export interface PodWorkersOptions {
  /** Syncs one pod; returns ms after which to sync again, if any. Throwing retries after 2 s. */
  sync(w: PodWorker): Promise<number | undefined>;
  /** The pod is finished with (removed): the worker is forgotten. */
  onForget?(uid: string): void;
  log(msg: string): void;
}

/** PodWorkers runs the per-pod workers of one kubelet. */
export class PodWorkers {
  private readonly workers = new Map<string, PodWorker>();
  private active = false;
  private paused = false;

  constructor(private readonly opts: PodWorkersOptions) {}

  /** start lets triggers run syncs. */
  start(): void {
    this.active = true;
  }

  /**
   * setPaused holds every sync while paused (the kubelet is paused from the
   * app or the API: triggers are remembered, nothing runs) and, on resume,
   * syncs every pod once.
   */
  setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    if (!paused) this.triggerAll();
  }

  get(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  uids(): string[] {
    return [...this.workers.keys()];
  }

  /** upsert records the pod's latest version; a new pod is synced at once, a known one when wake is true. */
  upsert(pod: Pod, wake = true): void {
    const uid = pod.metadata.uid as string;
    const w = this.workers.get(uid);
    if (!w) {
      this.workers.set(uid, { uid, pod, deleted: false, running: false, dirty: false });
      this.trigger(uid);
      return;
    }
    w.pod = pod;
    if (wake) this.trigger(uid);
  }

  /** markDeleted tells the worker its pod is gone from the API (last known state given). */
  markDeleted(pod: Pod): void {
    const w = this.workers.get(pod.metadata.uid as string);
    if (!w || w.deleted) return;
    w.pod = pod;
    w.deleted = true;
    this.trigger(w.uid);
  }

  /** forget drops a finished pod's worker (its sync removed everything). */
  forget(uid: string): void {
    const w = this.workers.get(uid);
    if (w) clearTimeout(w.timer);
    this.workers.delete(uid);
    this.opts.onForget?.(uid);
  }

  /** trigger asks the pod's worker to sync (coalesced; one sync at a time per pod). */
  trigger(uid: string): void {
    const w = this.workers.get(uid);
    if (!w || !this.active) return;
    if (w.running || this.paused) {
      w.dirty = true;
      return;
    }
    clearTimeout(w.timer);
    w.timer = undefined;
    w.running = true;
    void this.run(w);
  }

  /** triggerAll resyncs every pod (events may have been missed). */
  triggerAll(): void {
    for (const uid of this.workers.keys()) this.trigger(uid);
  }

  private async run(w: PodWorker): Promise<void> {
    let requeue: number | undefined;
    do {
      w.dirty = false;
      try {
        requeue = await this.opts.sync(w);
      } catch (err) {
        this.opts.log(`sync of pod ${w.pod.metadata.namespace}/${w.pod.metadata.name} failed: ${(err as Error).message}`);
        requeue = 2000;
      }
    } while (w.dirty && this.active && !this.paused && this.workers.get(w.uid) === w);
    w.running = false;
    if (requeue !== undefined && this.active && this.workers.get(w.uid) === w) {
      clearTimeout(w.timer);
      w.timer = setTimeout(() => this.trigger(w.uid), requeue);
      w.timer.unref?.();
    }
  }

  /** stop ends triggering and waits (up to 30 s) for in-flight syncs, so nothing writes after it returns. */
  async stop(): Promise<void> {
    this.active = false;
    for (const w of this.workers.values()) clearTimeout(w.timer);
    const deadline = Date.now() + 30_000;
    while ([...this.workers.values()].some((w) => w.running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.workers.clear();
  }
}
