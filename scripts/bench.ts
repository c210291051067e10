/**
 * `npm run bench`: runs every section in scripts/bench/ (or those named on the
 * command line, e.g. `npm run bench -- store`), printing each figure beside its
 * reference measured in the same run.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { consoleReporter, type BenchReporter } from './bench/reporter';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const sections = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'reporter.ts' && !f.endsWith('.test.ts'))
  .map((f) => basename(f, '.ts'))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

const reporter = consoleReporter();
let failed = false;
for (const name of sections) {
  const mod = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default: (r: BenchReporter) => Promise<void> };
  try {
    await mod.default(reporter);
    reporter.end();
  } catch (err) {
    failed = true;
    console.error(`bench section ${name} failed:`, err);
  }
}
process.exit(failed ? 1 : 0);
