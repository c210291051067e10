/**
 * Folds Docker's image pull stream (one JSON message per layer event:
 * "Pulling fs layer", "Downloading" with byte counts, "Download complete",
 * "Extracting", "Pull complete", "Already exists") into one PullProgress for
 * the whole image: bytes downloaded of the layers whose size is known, and
 * layers done of the layers announced.
 */
import type { PullProgress } from '../types';

/** PullMessage is one message of Docker's pull stream. */
export interface PullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

interface Layer {
  current: number;
  total: number;
  downloaded: boolean;
  done: boolean;
}

// Layer ids are short digests; the first message's id is the tag being pulled.
const LAYER_ID = /^[0-9a-f]{12,64}$/;

/** PullTracker aggregates one image's pull messages. */
export class PullTracker {
  private readonly layers = new Map<string, Layer>();
  private lastStatus = '';

  constructor(private readonly image: string) {}

  /** add folds one message in and returns the progress so far. */
  add(ev: PullMessage): PullProgress {
    const status = ev.status ?? '';
    if (ev.id && LAYER_ID.test(ev.id)) {
      let l = this.layers.get(ev.id);
      if (!l) this.layers.set(ev.id, (l = { current: 0, total: 0, downloaded: false, done: false }));
      const d = ev.progressDetail;
      // Only download bytes count: extraction re-counts the same bytes from zero.
      if (/^downloading/i.test(status) && d?.total) {
        l.total = d.total;
        l.current = Math.min(d.current ?? 0, d.total);
      }
      if (/^(download complete|verifying checksum|extracting)/i.test(status)) {
        l.downloaded = true;
        if (/^extracting/i.test(status) && d?.total && !l.total) l.total = d.total;
        l.current = l.total;
      }
      if (/^(pull complete|already exists)/i.test(status)) {
        l.downloaded = l.done = true;
        l.current = l.total;
      }
    }
    if (status) this.lastStatus = status;
    return this.progress();
  }

  /** progress is the aggregate so far. */
  progress(): PullProgress {
    let current = 0;
    let total = 0;
    let done = 0;
    for (const l of this.layers.values()) {
      current += l.current;
      total += l.total;
      if (l.done) done++;
    }
    const p: PullProgress = { image: this.image, currentBytes: current, totalBytes: total, layersDone: done, layersTotal: this.layers.size, status: this.lastStatus };
    if (total > 0) p.fraction = Math.min(1, current / total);
    return p;
  }
}
