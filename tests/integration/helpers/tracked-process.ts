/**
 * A child process a test can kill for real. It is spawned in a process group
 * of its own (the group id is its PID) and tagged with an environment
 * variable that every descendant inherits. kill() SIGKILLs the whole group and
 * then proves, with a deadline, that the PID, its group and every tagged
 * descendant are gone; it throws naming any survivor (PID and command line).
 *
 * Why: a test that SIGKILLs a wrapper (`tsx`, `npm run`) leaves the node
 * process running the cluster alive; the "killed" cluster then keeps running
 * beside the restarted one on the same data dir, and both outlive the suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, describeProcs, hasEnv, listProcs, procAvailable, readProc, type ProcInfo } from './process-tree';

/** PROC_TAG_ENV carries a tag unique to one spawned process; its descendants inherit it. */
export const PROC_TAG_ENV = 'KUBEDECK_TEST_PROC';

/** The repository root, where `--import tsx` resolves tsx from. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface TrackedProcess {
  /** The PID of the spawned process, which is also its process group id. */
  readonly pid: number;
  /** The value of PROC_TAG_ENV in its environment and its descendants'. */
  readonly tag: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout so far. */
  stdout(): string;
  /** The last 8 KB it wrote to stderr, for diagnostics. */
  stderr(): string;
  /** waitForOutput resolves with match(stdout) once that is defined; rejects if the process exits first or the deadline passes. */
  waitForOutput<T>(match: (stdout: string) => T | undefined, opts?: { timeoutMs?: number; what?: string }): Promise<T>;
  /** signalGroup sends a signal to every process of its group, synchronously. */
  signalGroup(signal: NodeJS.Signals): void;
  /** kill SIGKILLs the whole group and asserts (see assertGone) that nothing of it survives. */
  kill(opts?: { timeoutMs?: number }): Promise<void>;
  /** stop asks it to exit with SIGTERM, SIGKILLs the group after graceMs, and asserts nothing survives. */
  stop(opts?: { graceMs?: number; timeoutMs?: number }): Promise<void>;
  /** survivors lists what still runs of it: the PID, members of its group, processes carrying its tag. */
  survivors(): ProcInfo[];
  /** assertGone waits until survivors() is empty and throws naming the survivors at the deadline. */
  assertGone(opts?: { timeoutMs?: number }): Promise<void>;
}

export interface SpawnTrackedOptions {
  cwd?: string;
  /** Extra environment on top of the test's own (which carries scripts/test.sh's KUBEDECK_TEST_RUN). */
  env?: NodeJS.ProcessEnv;
}

/** Processes spawned by this test file that may still run; SIGKILLed when the test worker exits. */
const live = new Set<TrackedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that failed before its cleanup must not leave its cluster behind.
  // 'exit' handlers run synchronously, which process.kill is.
  process.on('exit', () => {
    for (const p of live) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * pidAlive tells whether a process runs. A zombie (exited, its status not yet
 * collected, as orphans reparented to an init that does not reap stay) does
 * not count where /proc shows it; elsewhere signal 0 decides.
 */
export function pidAlive(pid: number): boolean {
  if (procAvailable()) {
    const p = readProc(pid);
    return p !== undefined && alive(p);
  }
  return signalReaches(pid);
}

/** signalReaches tells whether signal 0 reaches a process (or, for a negative number, a process group). */
function signalReaches(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * spawnTracked starts command in a process group of its own, tagged so that
 * its descendants can be found; pipes stdout and stderr.
 */
export function spawnTracked(command: string, args: string[], opts: SpawnTrackedOptions = {}): TrackedProcess {
  installExitHook();
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  // detached: setsid(), so the child leads a new process group whose id is its PID.
  const child = spawn(command, args, {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, ...opts.env, [PROC_TAG_ENV]: tag },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  const pid = child.pid;
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8_192)));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const survivors = (): ProcInfo[] => {
    if (procAvailable()) {
      return listProcs().filter((p) => alive(p) && p.pid !== process.pid && (p.pid === pid || p.pgid === pid || hasEnv(p.pid, PROC_TAG_ENV, tag)));
    }
    // Without /proc only the PID and its group can be checked.
    const left: ProcInfo[] = [];
    if (!hasExited() && signalReaches(pid)) left.push({ pid, ppid: process.pid, pgid: pid, state: '?', args: `${command} ${args.join(' ')}` });
    else if (signalReaches(-pid)) left.push({ pid: -pid, ppid: 0, pgid: pid, state: '?', args: `(a member of process group ${pid})` });
    return left;
  };

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is empty already
    }
  };

  const assertGone = async (o: { timeoutMs?: number } = {}) => {
    const deadline = Date.now() + (o.timeoutMs ?? 10_000);
    for (;;) {
      const left = survivors();
      if (left.length === 0) {
        live.delete(proc);
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`process ${pid} (${command} ${args.join(' ')}) was killed but these still run:\n${describeProcs(left)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const kill = async (o: { timeoutMs?: number } = {}) => {
    signalGroup('SIGKILL');
    // Reaping the child (its 'exit' event) turns it from a zombie into nothing.
    await Promise.race([exited, new Promise((r) => setTimeout(r, o.timeoutMs ?? 10_000))]);
    await assertGone(o);
  };

  const proc: TrackedProcess = {
    pid,
    tag,
    child,
    stdout: () => out,
    stderr: () => err,
    async waitForOutput(match, o = {}) {
      const deadline = Date.now() + (o.timeoutMs ?? 60_000);
      for (;;) {
        const v = match(out);
        if (v !== undefined) return v;
        if (hasExited()) throw new Error(`${o.what ?? command} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${err}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${o.what ?? command}:\nstdout: ${out.slice(-2_000)}\nstderr: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    signalGroup,
    kill,
    async stop(o = {}) {
      if (!hasExited()) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // exited meanwhile
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, o.graceMs ?? 20_000))]);
      }
      // Whatever it left running (or itself, when it ignored SIGTERM) goes now.
      await kill(o);
    },
    survivors,
    assertGone,
  };
  live.add(proc);
  return proc;
}

/**
 * spawnNodeScript runs a TypeScript (or JavaScript) file in a node process of
 * its own: the Node running the tests (the pinned Node 24) with tsx as an
 * in-process loader, so the spawned PID is the process running the script
 * (the tsx CLI would run it in a child process instead).
 */
export function spawnNodeScript(script: string, args: string[], opts: SpawnTrackedOptions = {}): TrackedProcess {
  return spawnTracked(process.execPath, ['--import', 'tsx', script, ...args], opts);
}
