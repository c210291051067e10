/**
 * The audit log file, as kube-apiserver's `--audit-log-path` writes it: one
 * JSON Event per line in `<data-dir>/audit.log`, rotated when the next line
 * would take it past `maxSizeBytes` (the full file is renamed
 * `audit-<time>.log`, as lumberjack names backups) and at most `maxBackups`
 * backups kept. No file ever exceeds the bound: an Event too large for it
 * is written at Metadata level (bodies dropped) and marked so.
 *
 * Writes are queued and appended in batches off the caller's path, so a
 * burst of mutations never waits on the disk; `close()` flushes.
 */
import { appendFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AuditSink } from './audited-registry';
import type { AuditEvent } from './event';

export interface AuditLogOptions {
  path: string;
  /** Largest size of a file (default 10 MiB). */
  maxSizeBytes?: number;
  /** Rotated files kept (default 3). */
  maxBackups?: number;
  /** Called with write failures (the log goes on). */
  onError?: (err: unknown) => void;
}

const TRUNCATED = 'kubedeck.io/audit-truncated';

/** encodeWithin encodes ev as one line, dropping the bodies if the line would exceed max bytes. */
export function encodeWithin(ev: AuditEvent, max: number): string | undefined {
  let line = `${JSON.stringify(ev)}\n`;
  if (Buffer.byteLength(line) <= max) return line;
  const { requestObject: _rq, responseObject: _rs, ...meta } = ev;
  line = `${JSON.stringify({ ...meta, level: 'Metadata', annotations: { ...ev.annotations, [TRUNCATED]: 'true' } })}\n`;
  return Buffer.byteLength(line) <= max ? line : undefined;
}

/** AuditLogWriter appends Events to the file and rotates it. */
export class AuditLogWriter implements AuditSink {
  private readonly max: number;
  private readonly backups: number;
  private queue: string[] = [];
  private size = -1;
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Events that could not be encoded within the bound (tests read it). */
  dropped = 0;

  constructor(private readonly opts: AuditLogOptions) {
    this.max = opts.maxSizeBytes ?? 10 * 1024 * 1024;
    this.backups = opts.maxBackups ?? 3;
  }

  /** write queues one Event (never blocks on the disk). */
  write(ev: AuditEvent): void {
    if (this.closed) return;
    const line = encodeWithin(ev, this.max);
    if (!line) {
      this.dropped++;
      return;
    }
    this.queue.push(line);
    this.flushing ??= this.flushLoop();
  }

  /** flush resolves once every queued Event is on disk. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** close flushes and refuses later writes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async flushLoop(): Promise<void> {
    try {
      if (this.size < 0) this.size = await stat(this.opts.path).then((s) => s.size, () => 0);
      while (this.queue.length > 0) {
        const lines = this.queue;
        this.queue = [];
        let batch = '';
        let batchBytes = 0;
        for (const line of lines) {
          const n = Buffer.byteLength(line);
          if (this.size + batchBytes + n > this.max) {
            if (batch) await appendFile(this.opts.path, batch);
            this.size += batchBytes;
            batch = '';
            batchBytes = 0;
            if (this.size > 0) await this.rotate();
          }
          batch += line;
          batchBytes += n;
        }
        if (batch) await appendFile(this.opts.path, batch);
        this.size += batchBytes;
      }
    } catch (err) {
      this.opts.onError?.(err);
      this.size = -1;
    } finally {
      this.flushing = undefined;
      if (this.queue.length > 0) this.flushing = this.flushLoop();
    }
  }

  /** rotate renames the full file to a timestamped backup and removes the oldest beyond maxBackups. */
  private async rotate(): Promise<void> {
    const dir = dirname(this.opts.path);
    const base = basename(this.opts.path).replace(/\.log$/, '');
    const stamp = new Date().toISOString().replace(/:/g, '-');
    let target = join(dir, `${base}-${stamp}.log`);
    for (let i = 1; await stat(target).then(() => true, () => false); i++) target = join(dir, `${base}-${stamp}-${i}.log`);
    await rename(this.opts.path, target);
    this.size = 0;
    const old = (await readdir(dir)).filter((f) => f.startsWith(`${base}-`) && f.endsWith('.log')).sort();
    for (const f of old.slice(0, Math.max(0, old.length - this.backups))) await unlink(join(dir, f)).catch(() => undefined);
  }
}
