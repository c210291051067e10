/** The benchmark reporter: every figure is printed beside a reference measured in the same run. */

export interface BenchReporter {
  /** section starts a titled group of rows. */
  section(title: string): void;
  /** row prints a figure, its reference and the ratio value/reference. */
  row(label: string, value: number, reference: number, unit: string, referenceLabel?: string): void;
  /** note prints a free line (context, goals, sample sizes). */
  note(text: string): void;
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

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toFixed(4);
}

/** consoleReporter prints aligned rows to stdout. */
export function consoleReporter(): BenchReporter {
  return {
    section(title) {
      console.log(`\n== ${title}`);
    },
    row(label, value, reference, unit, referenceLabel = 'reference') {
      const ratio = reference > 0 ? value / reference : NaN;
      console.log(
        `  ${label.padEnd(44)} ${fmt(value).padStart(10)} ${unit.padEnd(6)} | ${referenceLabel}: ${fmt(reference).padStart(10)} ${unit.padEnd(6)} | ratio ${fmt(ratio)}`,
      );
    },
    note(text) {
      console.log(`  · ${text}`);
    },
  };
}
