/**
 * `kubedeck serve` as a real process for tests: node runs src/main/serve.ts
 * with tsx's loader directly (no tsx wrapper process), so the PID the test
 * holds is the cluster's own and a kill reaches it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** exited resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** line waits until stdout has a line matching re and returns its first capture (or the line). */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
  /** kill sends the signal and waits until the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** spawnServe starts `serve` with the given arguments. */
export function spawnServe(args: string[]): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/main/serve.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    async line(re, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = out.split('\n').map((l) => re.exec(l)).find((x) => x);
        if (m) return m[1] ?? m[0];
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serve exited (${child.exitCode ?? child.signalCode}) before printing ${re}\nstderr: ${err}`);
        if (Date.now() > deadline) throw new Error(`serve did not print ${re} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** processGone reports whether no process with this PID exists any more. */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
