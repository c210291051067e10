import { describe, expect, it } from 'vitest';
import { exitCodeOf, outcomeOf, parseCommand } from './exec-status';

const nonZero = (code: number) => ({
  status: 'Failure',
  reason: 'NonZeroExitCode',
  message: `command terminated with non-zero exit code: error executing command [exit ${code}], exit code ${code}`,
  details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
});

describe('exitCodeOf', () => {
  it('reads Success and NonZeroExitCode', () => {
    expect(exitCodeOf({ status: 'Success' })).toBe(0);
    expect(exitCodeOf(nonZero(3))).toBe(3);
    expect(exitCodeOf({ status: 'Failure', message: 'boom' })).toBeUndefined();
  });
});

describe('outcomeOf', () => {
  it('shows an exit code', () => {
    expect(outcomeOf(nonZero(3), '/bin/sh', 'bye\r\n')).toEqual({ kind: 'exited', exitCode: 3 });
    expect(outcomeOf({ status: 'Success' }, '/bin/sh', '')).toEqual({ kind: 'exited', exitCode: 0 });
  });
  it('names a missing shell, from the output or from the Status', () => {
    const out = 'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown\r\n';
    expect(outcomeOf(nonZero(126), '/bin/bash', out)).toMatchObject({ kind: 'no-such-command', command: '/bin/bash' });
    expect(outcomeOf({ status: 'Failure', message: 'exec: "/bin/bash": stat /bin/bash: no such file or directory' }, '/bin/bash', '')).toMatchObject({ kind: 'no-such-command' });
  });
  it('does not blame the shell for a command the shell could not find', () => {
    expect(outcomeOf(nonZero(127), '/bin/sh', 'sh: nope: not found\r\n')).toEqual({ kind: 'exited', exitCode: 127 });
  });
  it('reports other failures and a lost connection', () => {
    expect(outcomeOf({ status: 'Failure', message: 'container app is not running' }, '/bin/sh', '')).toEqual({ kind: 'error', message: 'container app is not running' });
    expect(outcomeOf(undefined, '/bin/sh', '')).toEqual({ kind: 'disconnected' });
  });
});

describe('parseCommand', () => {
  it('splits words and honours quotes and escapes', () => {
    expect(parseCommand('  sh -c "echo a  b"  ')).toEqual(['sh', '-c', 'echo a  b']);
    expect(parseCommand(`python3 -c 'print("x")'`)).toEqual(['python3', '-c', 'print("x")']);
    expect(parseCommand('a\\ b "" c')).toEqual(['a b', '', 'c']);
    expect(parseCommand('')).toEqual([]);
  });
});
