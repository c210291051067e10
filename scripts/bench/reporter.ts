/** The benchmark reporter: every figure is printed beside a reference measured in the same run. */
import type { Store } from '../../src/main/storage/types';

export interface BenchReporter {
  /** section starts a titled group of rows (and closes the previous one, refusing it if it had no measured reference). */
  section(title: string): void;
  /**
   * row prints a figure, its reference and the ratio value/reference. The
   * reference must be a figure measured in the same run (a finite number
   * above zero); a row without one is refused with a RefusedSectionError.
   */
  row(label: string, value: number, reference: number, unit: string, referenceLabel?: string): void;
  /** note prints a free line (context, goals, sample sizes). */
  note(text: string): void;
  /** end closes the last section (refusing it if it had no measured reference). */
  end(): void;
}

/** RefusedSectionError: a bench section printed a figure with no reference measured beside it. */
export class RefusedSectionError extends Error {}

/**
 * interleave runs a (the subject) and b (its reference) alternately, rounds
 * times each (A B A B …), so drift of a shared machine falls on both alike.
 * Returns the durations of each in milliseconds.
 */
export async function interleave(rounds: number, a: (i: number) => unknown, b: (i: number) => unknown): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    for (const [fn, into] of [[a, out.a], [b, out.b]] as const) {
      const t0 = performance.now();
      await fn(i);
      into.push(performance.now() - t0);
    }
  }
  return out;
}

/** percentile returns the p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** timeIt runs fn n times and returns each duration in milliseconds. */
export async function timeIt(n: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** median returns the 50th percentile of samples (nearest-rank). */
export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/**
 * latencyRows prints the p50 and p99 rows of samples beside the same
 * percentiles of reference, in milliseconds: "<label> p50<detail>" against
 * "<referenceLabel> p50", then the same for p99.
 */
export function latencyRows(r: BenchReporter, label: string, samples: number[], reference: number[], referenceLabel: string, detail = ''): void {
  for (const p of [50, 99]) {
    r.row(`${label} p${p}${detail}`, percentile(samples, p), percentile(reference, p), 'ms', `${referenceLabel} p${p}`);
  }
}

// Shared by the store sections (store.ts, store-etcd.ts). They live here
// because scripts/bench.ts runs every other file in this folder as a section.

/** POD_SIZED_VALUE is a value about the size of a small pod object as JSON. */
export const POD_SIZED_VALUE = JSON.stringify({ kind: 'Pod', metadata: { name: 'x', labels: { app: 'bench' } }, pad: 'x'.repeat(900) });

/**
 * watchDeliveryLatency measures, samples times, the time from issuing an
 * update of key to the store's watcher on prefix receiving it (ms each).
 * Each update awaits its delivery before the next is issued.
 */
export async function watchDeliveryLatency(s: Store, prefix: string, key: string, samples: number): Promise<number[]> {
  let resolveDelivery: (t: number) => void = () => {};
  const watcher = s.watch(prefix, await s.currentRevision(), {
    onEvents: () => resolveDelivery(performance.now()),
    onError: (err) => {
      throw err;
    },
  });
  const delivery: number[] = [];
  try {
    let kv = await s.get(key);
    if (!kv) throw new Error(`watch delivery: ${key} does not exist`);
    for (let i = 0; i < samples; i++) {
      const delivered = new Promise<number>((resolve) => (resolveDelivery = resolve));
      const t0 = performance.now();
      kv = await s.update(kv.key, POD_SIZED_VALUE, kv.modRevision);
      delivery.push((await delivered) - t0);
    }
  } finally {
    watcher.close();
  }
  return delivery;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toFixed(4);
}

/**
 * consoleReporter prints aligned rows through print (stdout by default).
 * It refuses (throws RefusedSectionError) a row whose reference was not
 * measured (not a finite number above zero) and a section that ends with no
 * row at all: every figure is printed beside a reference from the same run.
 */
export function consoleReporter(print: (line: string) => void = (line) => console.log(line)): BenchReporter {
  let current: { title: string; rows: number } | undefined;
  const close = () => {
    const s = current;
    current = undefined;
    if (s && s.rows === 0) throw new RefusedSectionError(`bench section "${s.title}" has no figure with a measured reference`);
  };
  return {
    section(title) {
      close();
      current = { title, rows: 0 };
      print(`\n== ${title}`);
    },
    end: close,
    row(label, value, reference, unit, referenceLabel = 'reference') {
      if (!current) throw new RefusedSectionError(`bench row "${label}" outside a section`);
      if (!Number.isFinite(reference) || reference <= 0) {
        throw new RefusedSectionError(`bench section "${current.title}": row "${label}" has no measured reference (got ${reference})`);
      }
      current.rows++;
      const ratio = value / reference;
      print(
        `  ${label.padEnd(44)} ${fmt(value).padStart(10)} ${unit.padEnd(6)} | ${referenceLabel}: ${fmt(reference).padStart(10)} ${unit.padEnd(6)} | ratio ${fmt(ratio)}`,
      );
    },
    note(text) {
      print(`  · ${text}`);
    },
  };
}
