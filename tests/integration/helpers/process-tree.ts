/**
 * What is running, read from /proc (Linux): each process's id, parent,
 * process group, state, command line and whether its environment carries a
 * given variable. Tests use it to prove a killed process and everything it
 * started are gone; scripts/leftover-processes.ts uses it to find processes a
 * test run left behind. Environment variables are inherited by every
 * descendant, including ones that left the process group (setsid, daemons)
 * or were reparented to init, so a tag in the environment finds them all.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** ProcInfo is one process as /proc shows it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** The state letter of /proc/<pid>/stat (R, S, D, Z, …). */
  state: string;
  /** The command line, arguments joined by spaces (the name in brackets when empty). */
  args: string;
}

/** procAvailable tells whether /proc can be read (Linux); elsewhere callers fall back to signals. */
export function procAvailable(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

/** readProc reads one process, or undefined when it is gone (or not ours to read). */
export function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces or ')'; the fields follow the last ')'.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const [state = '?', ppid = '0', pgid = '0'] = stat.slice(close + 2).split(' ');
    let args = '';
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    } catch {
      // a process exiting between the two reads keeps its stat line
    }
    return { pid, ppid: Number(ppid), pgid: Number(pgid), state, args: args || `[${name}]` };
  } catch {
    return undefined;
  }
}

/** listProcs lists every process, zombies included (see alive). */
export function listProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = readProc(Number(entry));
    if (p) out.push(p);
  }
  return out;
}

/** alive is false for a zombie: it has exited and only waits for its parent to read its status. */
export function alive(p: ProcInfo): boolean {
  return p.state !== 'Z' && p.state !== 'X';
}

/** hasEnv tells whether the process's environment holds name=value (false when unreadable or gone). */
export function hasEnv(pid: number, name: string, value: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${name}=${value}`);
  } catch {
    return false;
  }
}

/** ancestorsOf returns the ids of pid's parent, its parent, … up to init. */
export function ancestorsOf(pid: number): Set<number> {
  const seen = new Set<number>();
  let cur = readProc(pid)?.ppid ?? 0;
  while (cur > 0 && !seen.has(cur)) {
    seen.add(cur);
    cur = readProc(cur)?.ppid ?? 0;
  }
  return seen;
}

/** describe renders processes as `PID args` lines for error messages. */
export function describeProcs(procs: ProcInfo[]): string {
  return procs.map((p) => `  ${p.pid} ${p.args}`).join('\n');
}
