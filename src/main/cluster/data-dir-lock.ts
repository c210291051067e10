/**
 * One Kubedeck process per data dir. Two processes on one data dir would run
 * two kubelets fighting over the same pods and two writers on one store, so
 * the first takes a lock file (`<dataDir>/kubedeck.lock`, holding its PID)
 * and a second is refused with the data dir and that PID. A lock whose PID
 * is no longer alive (the holder crashed or was killed) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'kubedeck.lock';

/** DataDirLockedError says which process holds the data dir. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data dir ${dataDir} is in use by another Kubedeck (${pid > 0 ? `PID ${pid}` : 'starting'}); stop that process or choose another data dir (--data-dir)`);
    this.name = 'DataDirLockedError';
  }
}

/** DataDirLock is a held lock; release removes the lock file (only if it is still ours). */
export interface DataDirLock {
  dataDir: string;
  path: string;
  release(): void;
}

/** pidAlive reports whether a process with this PID exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const n = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isFinite(n) ? n : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** createExclusive creates path holding our PID; false when it exists (open 'wx' is atomic). */
function createExclusive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * acquireDataDirLock takes the data dir's lock for this process, or throws
 * DataDirLockedError naming the live PID that holds it. A stale lock is
 * taken over under a short-lived takeover file, so two processes finding the
 * same stale lock cannot both win.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, LOCK_FILE);
  const lock: DataDirLock = {
    dataDir: dir,
    path,
    release() {
      // Never remove a lock another process took over (ours was judged stale).
      if (readPid(path) === process.pid) rmSync(path, { force: true });
    },
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path)) return lock;
    const pid = readPid(path);
    if (pid === undefined) {
      // Empty: a starter between create and write (held), or one that crashed right there (stale after a few seconds).
      if (ageMs(path) > 5_000) takeOverStale(path, undefined);
      continue;
    }
    if (pidAlive(pid)) throw new DataDirLockedError(dir, pid);
    takeOverStale(path, pid);
  }
  throw new DataDirLockedError(dir, readPid(path) ?? 0);
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** takeOverStale removes a stale lock of deadPid, holding `<lock>.takeover` so only one process does it. */
function takeOverStale(path: string, deadPid: number | undefined): void {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard)) {
    // Another process is taking over; a guard older than 10 s was left by a crash mid-takeover.
    if (ageMs(guard) > 10_000) rmSync(guard, { force: true });
    return;
  }
  try {
    // Re-read under the guard: still the same dead holder?
    if (readPid(path) === deadPid) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}
