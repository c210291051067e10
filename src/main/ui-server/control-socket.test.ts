import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerControl, askControl, controlSocketPath, startControlSocket } from './control-socket';

describe('control socket', () => {
  let dir: string;
  let stop: () => Promise<void>;
  let links = 0;
  let revoked = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubedeck-ctl-'));
    ({ stop } = await startControlSocket(dir, { loginLink: () => `http://127.0.0.1:1/login?token=t${++links}`, revokeSessions: () => ++revoked }));
  });
  afterAll(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands out a fresh link per request and revokes sessions, to the owner only', async () => {
    expect(await askControl(dir, 'login-link')).toBe('http://127.0.0.1:1/login?token=t1');
    expect(await askControl(dir, 'login-link')).toBe('http://127.0.0.1:1/login?token=t2');
    expect(await askControl(dir, 'revoke-sessions')).toBe('1');
    expect((await stat(controlSocketPath(dir))).mode & 0o077).toBe(0);
  });

  it('answers unknown commands with an error and says when nothing runs', async () => {
    expect(answerControl('rm -rf /', { loginLink: () => '', revokeSessions: () => 0 })).toBe('error unknown command');
    await expect(askControl(join(dir, 'nowhere'), 'login-link')).rejects.toThrow(/no running Kubedeck/);
  });
});
