/**
 * Pure helpers for a streamed log: cut chunks into lines, read the RFC 3339
 * timestamp the API prefixes with `timestamps=true`, and resume a broken
 * stream from the last timestamp without showing a line twice.
 */

/** LineSplitter turns decoded chunks into complete lines, keeping a partial last line until its newline arrives. */
export class LineSplitter {
  private partial = '';

  /** push returns the complete lines in `chunk` (without their newline). */
  push(chunk: string): string[] {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  /** flush returns the unterminated last line, if any (the stream ended without a newline). */
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [rest] : [];
  }
}

/** TimestampedLine is one log line split at the timestamp the API put in front of it. */
export interface TimestampedLine {
  /** ts is the RFC 3339 timestamp as sent, or undefined when the line carried none. */
  ts?: string;
  text: string;
}

const TS_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) ?/;

/** splitTimestamp separates `2024-01-02T03:04:05.123456789Z text` into its timestamp and text. */
export function splitTimestamp(line: string): TimestampedLine {
  const m = TS_RE.exec(line);
  if (!m) return { text: line };
  return { ts: m[1], text: line.slice(m[0].length) };
}

/**
 * timestampKey maps an RFC 3339 timestamp to a string that sorts in time
 * order. Docker trims trailing zeros of the fraction (RFC3339Nano), so raw
 * strings do not compare: `…:05.1Z` is later than `…:05.09Z`.
 */
export function timestampKey(ts: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(ts);
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`;
  // An offset other than Z: go through Date (millisecond precision is all it keeps).
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return ts;
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.123Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000`;
}

/**
 * ResumeCursor remembers where a stream got to, so a reconnect with
 * `sinceTime=<last ts>` can drop what was already shown. The API's sinceTime
 * is inclusive (and Docker's `since` rounds), so the resumed stream repeats
 * lines at and before the last timestamp; lines sharing the last timestamp
 * are counted, so a second line with the same instant is not lost.
 */
export class ResumeCursor {
  private lastKey: string | undefined;
  private lastTs: string | undefined;
  private sameCount = 0;
  /** Per resumed stream: how many lines at lastKey have been skipped so far. */
  private skippedAtLast = 0;

  /** sinceTime is the value to resume with, or undefined before any line. */
  get sinceTime(): string | undefined {
    return this.lastTs;
  }

  /** resume starts a new stream (call before its first line). */
  resume(): void {
    this.skippedAtLast = 0;
  }

  /** accept reports whether a line is new (and records it), false for a repeat of what was shown. */
  accept(line: TimestampedLine): boolean {
    if (line.ts === undefined) return true;
    const key = timestampKey(line.ts);
    if (this.lastKey !== undefined) {
      if (key < this.lastKey) return false;
      if (key === this.lastKey) {
        if (this.skippedAtLast < this.sameCount) {
          this.skippedAtLast++;
          return false;
        }
        this.sameCount++;
        this.skippedAtLast++;
        return true;
      }
    }
    this.lastKey = key;
    this.lastTs = line.ts;
    this.sameCount = 1;
    this.skippedAtLast = 1;
    return true;
  }
}

/** formatTimestamp shortens an RFC 3339 timestamp for display: local date and time with milliseconds. */
export function formatTimestamp(ts: string): string {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return ts;
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
