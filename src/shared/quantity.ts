/**
 * Kubernetes resource quantities ("500m", "1", "128Mi", "1Gi", "1e3") as plain
 * numbers. Shared by the scheduler (fit/score) and the kubelet (Docker limits).
 * Pure: no node imports.
 */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY_RE = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/**
 * parseQuantity turns a quantity into a number in base units: CPU in cores
 * ("500m" → 0.5), memory in bytes ("128Mi" → 134217728). Throws on a malformed
 * quantity, as the API server would reject it.
 */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const s = q.trim();
  const m = QUANTITY_RE.exec(s);
  if (!m) throw new Error(`quantities must match the regular expression '${QUANTITY_RE.source}': ${JSON.stringify(q)}`);
  const num = Number(m[1]);
  if (m[2]) return num * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  const mult = BINARY[suffix] ?? DECIMAL[suffix];
  return num * (mult as number);
}

/** isValidQuantity reports whether a string parses as a quantity. */
export function isValidQuantity(q: string): boolean {
  return QUANTITY_RE.test(q.trim());
}

/**
 * formatQuantity renders a number back to a canonical-ish quantity string.
 * kind 'cpu' prefers whole cores, else millicores ("0.5" → "500m"); kind
 * 'memory' (the default for anything else) prefers the largest exact binary
 * suffix ("134217728" → "128Mi"), else a plain integer.
 */
export function formatQuantity(value: number, kind: 'cpu' | 'memory' | 'count' = 'memory'): string {
  if (!Number.isFinite(value)) throw new Error(`cannot format quantity ${value}`);
  if (kind === 'cpu') {
    if (Number.isInteger(value)) return String(value);
    const milli = Math.round(value * 1000);
    if (milli % 1000 === 0) return String(milli / 1000);
    return `${milli}m`;
  }
  if (kind === 'count') return String(Math.round(value));
  const bytes = Math.round(value);
  if (bytes === 0) return '0';
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const mult = BINARY[suffix] as number;
    if (bytes % mult === 0) return `${bytes / mult}${suffix}`;
  }
  return String(bytes);
}
