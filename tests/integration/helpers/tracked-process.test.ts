/**
 * The kill helper itself (A1): its "gone" check must see a process that
 * survived, or a test built on it could pass with the old cluster still
 * running. Each case starts a wrapper that runs its work in a child process,
 * as the tsx CLI does.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pidAlive, repoRoot, spawnTracked, type TrackedProcess } from './tracked-process';

/** A node wrapper that starts an idle child (in its own session when detach is true) and prints the child's PID. */
function wrapperWithChild(detach: boolean): TrackedProcess {
  const code = `
    const { spawn } = require('node:child_process');
    const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore', detached: ${detach} });
    console.log(JSON.stringify({ child: c.pid }));
    setInterval(() => {}, 1e9);
  `;
  return spawnTracked(process.execPath, ['-e', code]);
}

function childPid(p: TrackedProcess): Promise<number> {
  return p.waitForOutput((out) => (out.includes('\n') ? (JSON.parse(out.split('\n')[0]!) as { child: number }).child : undefined), { timeoutMs: 20_000 });
}

const strays: number[] = [];
const procs: TrackedProcess[] = [];
afterEach(async () => {
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  for (const p of procs.splice(0)) await p.kill();
});

describe('tracked process: kill for real', () => {
  it('kill() ends the wrapper and the child it runs the work in, and proves both gone', async () => {
    const p = wrapperWithChild(false);
    procs.push(p);
    const child = await childPid(p);
    expect(pidAlive(child)).toBe(true);
    await p.kill();
    expect(pidAlive(p.pid)).toBe(false);
    expect(pidAlive(child)).toBe(false);
    expect(p.survivors()).toEqual([]);
  });

  it('SIGKILL to the tsx wrapper only (the old kubelet-restart kill) leaves the script running, and the gone check names it', async () => {
    // The real tsx CLI: it runs the script in a child node process.
    const p = spawnTracked(join(repoRoot, 'node_modules/.bin/tsx'), ['-e', 'console.log(JSON.stringify({ child: process.pid })); setInterval(() => {}, 1e9)']);
    procs.push(p);
    const script = await childPid(p);
    expect(script).not.toBe(p.pid);
    process.kill(p.pid, 'SIGKILL');
    await expect(p.assertGone({ timeoutMs: 1_000 })).rejects.toThrow(new RegExp(`\\n\\s+${script} `));
    expect(pidAlive(script)).toBe(true);
    // The group kill takes the survivor too.
    await p.kill();
    expect(pidAlive(script)).toBe(false);
  });

  it('a descendant that left the process group is still found (by its inherited tag) and kill() fails naming it', async () => {
    const p = wrapperWithChild(true);
    procs.push(p);
    const child = await childPid(p);
    strays.push(child);
    await expect(p.kill({ timeoutMs: 1_000 })).rejects.toThrow(new RegExp(`\\n\\s+${child} `));
    expect(pidAlive(p.pid)).toBe(false);
    expect(p.survivors().map((s) => s.pid)).toEqual([child]);
    process.kill(child, 'SIGKILL');
    await p.assertGone();
  });

  it('stop() lets the process exit on SIGTERM, then checks nothing is left', async () => {
    const p = spawnTracked(process.execPath, ['-e', "process.on('SIGTERM', () => { console.log('bye'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1e9)"]);
    procs.push(p);
    await p.waitForOutput((out) => (out.includes('up') ? true : undefined));
    await p.stop({ graceMs: 10_000 });
    expect(p.child.exitCode).toBe(0);
    expect(p.stdout()).toContain('bye');
  });
});
