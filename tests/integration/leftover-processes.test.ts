/**
 * A1, the run-level check: scripts/leftover-processes.ts (the last step of
 * scripts/test.sh) fails naming a process the run left behind, ends it, and
 * passes when nothing is left. Its own ancestors carry the run's tag too
 * (test.sh exports it) and must not count.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { pidAlive, spawnTracked, type TrackedProcess } from './helpers/tracked-process';

const procs: TrackedProcess[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) await p.kill();
});

/**
 * runCheck runs the check as test.sh does, under a bash that carries the tag
 * (an ancestor it must skip); tsx's cache is off so its esbuild service (a
 * child it must skip) runs.
 */
async function runCheck(run: string): Promise<{ code: number | null; out: string }> {
  const p = spawnTracked('bash', ['-c', `node --import tsx scripts/leftover-processes.ts ${run} 1`], { env: { KUBEDECK_TEST_RUN: run, TSX_DISABLE_CACHE: '1', PATH: `${process.execPath.replace(/\/node$/, '')}:${process.env.PATH}` } });
  procs.push(p);
  await new Promise<void>((resolve) => (p.child.exitCode !== null ? resolve() : p.child.once('close', () => resolve())));
  return { code: p.child.exitCode, out: p.stdout() + p.stderr() };
}

it('fails naming a process the run left behind, and ends it', async () => {
  const run = `t-${randomBytes(4).toString('hex')}`;
  const stray = spawnTracked(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { env: { KUBEDECK_TEST_RUN: run } });
  procs.push(stray);
  const { code, out } = await runCheck(run);
  expect(code).toBe(1);
  expect(out).toMatch(new RegExp(`\\n\\s+${stray.pid} \\S*node -e setInterval`));
  expect(out).not.toContain('bash -c');
  expect(out).not.toContain('esbuild');
  await stray.assertGone();
  expect(pidAlive(stray.pid)).toBe(false);
});

it('passes when the run left nothing', async () => {
  const run = `t-${randomBytes(4).toString('hex')}`;
  const { code, out } = await runCheck(run);
  expect(out).toContain('leftover processes: none');
  expect(code).toBe(0);
});
