/**
 * config.yaml's `history:`: how much of the store's history is kept for time
 * travel (reads at an exact revision) and for watchers that resume.
 *
 *   history:
 *     window: 1h          # keep at least this much time (Go durations: 90s, 10m, 1h30m; or seconds)
 *     maxRevisions: 50000 # but never more than this many revisions
 *
 * The compactor (compactor.ts) compacts the newer of "the revision current
 * `window` ago" and "current minus maxRevisions".
 */

/** HistoryConfig is the parsed `history:` section. */
export interface HistoryConfig {
  /** Time the store's history covers, in milliseconds (default one hour). */
  windowMs?: number;
  /** Most revisions kept, whatever their age (default DEFAULT_HISTORY_MAX_REVISIONS). */
  maxRevisions?: number;
}

/** DEFAULT_HISTORY_WINDOW_MS: one hour of history by default. */
export const DEFAULT_HISTORY_WINDOW_MS = 60 * 60_000;

/**
 * DEFAULT_HISTORY_MAX_REVISIONS bounds the log under heavy churn: a revision
 * of a pod-sized object takes about 2.2 KB of SQLite (the row keeps the old
 * value too), so about 110 MB at the cap (`npm run bench -- history`; see
 * docs/architecture.md for what a longer history costs lists).
 */
export const DEFAULT_HISTORY_MAX_REVISIONS = 50_000;

/** The shortest window accepted: watchers resuming after a 30 s quiet restart must find their revision most of the time. */
export const MIN_HISTORY_WINDOW_MS = 1000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * parseDuration reads a Go-style duration ("90s", "10m", "1h30m", "1.5h",
 * "500ms") or a number of seconds into milliseconds; undefined when it is
 * neither.
 */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (text === '') return undefined;
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
  let ms = 0;
  let at = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const m = part.exec(text);
    if (!m) return undefined;
    ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = part.lastIndex;
  }
  return ms;
}

/** parseHistoryConfig validates `history:`; errors name the field, as config.ts's do. */
export function parseHistoryConfig(v: unknown, file: string, fail: (msg: string) => Error): HistoryConfig {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw fail(`${file}: history: must be a mapping`);
  const raw = v as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!['window', 'maxRevisions'].includes(key)) throw fail(`${file}: history: unknown field "${key}"`);
  const out: HistoryConfig = {};
  if (raw.window !== undefined) {
    const ms = parseDuration(raw.window);
    if (ms === undefined || ms < MIN_HISTORY_WINDOW_MS) {
      throw fail(`${file}: history.window: must be a duration of at least 1s (e.g. 90s, 10m, 1h), got ${JSON.stringify(raw.window)}`);
    }
    out.windowMs = ms;
  }
  if (raw.maxRevisions !== undefined) {
    if (!Number.isInteger(raw.maxRevisions) || (raw.maxRevisions as number) < 1) {
      throw fail(`${file}: history.maxRevisions: must be a whole number >= 1, got ${JSON.stringify(raw.maxRevisions)}`);
    }
    out.maxRevisions = raw.maxRevisions as number;
  }
  return out;
}
