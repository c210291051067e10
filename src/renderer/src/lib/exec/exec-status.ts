/** What an exec session's end means for the person at the terminal: exit code, or why it never started. */

/** ExecStatus is the Status object the error channel carries. */
export interface ExecStatus {
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** ExecOutcome is how a session ended. */
export type ExecOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'no-such-command'; command: string; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'disconnected' };

/** exitCodeOf reads the exit code from a Status: 0 for Success, the ExitCode cause for NonZeroExitCode. */
export function exitCodeOf(status: ExecStatus): number | undefined {
  if (status.status === 'Success') return 0;
  if (status.reason !== 'NonZeroExitCode') return undefined;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const n = Number(cause?.message);
  return Number.isInteger(n) ? n : undefined;
}

/** Docker and runc say this (on the error channel or the output) when the executable does not exist. */
const MISSING_RE = /no such file or directory|executable file not found|not found in \$PATH|exec format error|permission denied/i;

/**
 * outcomeOf decides how a session ended from its final Status and the output
 * it printed. Shells report a missing program with 127 and a non-executable
 * one with 126; when the program itself was missing, runc says so in the
 * output (or the API says so in the Status), and the user should read that
 * the container has no such shell, not a bare exit code.
 */
export function outcomeOf(status: ExecStatus | undefined, command: string, output: string): ExecOutcome {
  if (!status) return { kind: 'disconnected' };
  const code = exitCodeOf(status);
  const missing = command !== '' && (MISSING_RE.test(status.message ?? '') || ((code === 126 || code === 127) && MISSING_RE.test(output) && output.includes(command)));
  if (missing) return { kind: 'no-such-command', command, message: status.message ?? lastLine(output) };
  if (code !== undefined) return { kind: 'exited', exitCode: code };
  return { kind: 'error', message: status.message ?? 'the command failed' };
}

function lastLine(output: string): string {
  const lines = output.trim().split(/\r?\n/);
  return lines[lines.length - 1] ?? '';
}

/**
 * parseCommand splits a command line as a shell would for simple cases:
 * whitespace separates words, single and double quotes group, backslash
 * escapes the next character outside single quotes.
 */
export function parseCommand(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
