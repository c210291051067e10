/**
 * A3: one Kubedeck per data dir, with real `serve` processes. A second
 * process on the same data dir exits (status 3) naming the data dir and the
 * PID holding it, while the first keeps answering; after the holder is
 * SIGKILLed its stale lock is taken over. Also: a cluster on another data
 * dir whose API port is taken exits with a message naming the port and --port.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDockerObjects } from './helpers/test-cluster';
import { LOCK_FILE } from '../../src/main/cluster/data-dir-lock';
import { processGone, spawnServe, type ServeProcess } from './helpers/serve-process';
import { Kubectl, requireTool, waitFor } from './helpers/tools';

const dataDir = realpathSync(mkdtempSync(join(tmpdir(), 'kubedeck-lock-it-')));
const otherDir = realpathSync(mkdtempSync(join(tmpdir(), 'kubedeck-lock-it-other-')));
const started: ServeProcess[] = [];

/** serve starts a control-plane-only `serve` (no Docker objects, no UI) and remembers it for cleanup. */
function serve(dir: string, port = '0'): ServeProcess {
  const p = spawnServe(['--data-dir', dir, '--port', port, '--no-ui', '--no-kubelet']);
  started.push(p);
  return p;
}

async function killAndCheck(p: ServeProcess, signal: NodeJS.Signals): Promise<void> {
  await p.kill(signal);
  await waitFor(() => processGone(p.pid), { timeoutMs: 10_000, what: `PID ${p.pid} gone` });
}

afterAll(async () => {
  for (const p of started) await p.kill('SIGKILL');
  for (const p of started) expect(processGone(p.pid)).toBe(true);
  for (const dir of [dataDir, otherDir]) await removeDockerObjects(dir);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
});

describe('A3: one process per data dir', () => {
  it('refuses a second process naming the data dir and the PID; the first keeps answering; a stale lock is taken over', async () => {
    await requireTool('kubectl');
    const first = serve(dataDir);
    await first.line(/^Kubedeck API ready: (.+)$/);
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(first.pid));

    const second = serve(dataDir);
    expect(await second.exited).toBe(3);
    expect(second.stderr()).toContain(`the data dir ${dataDir} is in use by another Kubedeck (PID ${first.pid})`);
    expect(second.stdout()).not.toContain('API ready');

    const kubectl = new Kubectl(join(dataDir, 'kubeconfig'));
    expect((await kubectl.ok(['get', '--raw', '/readyz'])).trim()).toBe('ok');
    expect(first.child.exitCode).toBeNull();

    // A crash: the lock file stays behind with a PID that no longer exists.
    await killAndCheck(first, 'SIGKILL');
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(first.pid));
    const third = serve(dataDir);
    await third.line(/^Kubedeck API ready: (.+)$/);
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(third.pid));
    expect((await kubectl.ok(['get', '--raw', '/readyz'])).trim()).toBe('ok');

    // A clean stop releases the lock.
    await killAndCheck(third, 'SIGTERM');
    expect(await third.exited).toBe(0);
    expect(() => readFileSync(join(dataDir, LOCK_FILE))).toThrow();
  }, 120_000);

  it('a cluster on another data dir whose API port is taken exits naming the port and --port', async () => {
    const first = serve(dataDir);
    const url = await first.line(/^Kubedeck API ready: (.+)$/);
    const port = new URL(url).port;
    const clash = serve(otherDir, port);
    expect(await clash.exited).toBe(1);
    expect(clash.stderr()).toContain(`the API port ${port} on 127.0.0.1 is already in use`);
    expect(clash.stderr()).toContain('--port');
    await killAndCheck(first, 'SIGTERM');
  }, 120_000);
});
