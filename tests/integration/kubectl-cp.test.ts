/**
 * Issue 15 A4 (part): `kubectl cp` both ways on a real Docker container
 * (kubectl runs `tar` in the container through pods/exec): a file and a
 * directory go in and come back with the same bytes, and copying from a
 * path that does not exist writes nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { busyboxPod, startOneNodeCluster, type OneNodeCluster } from './helpers/one-node-cluster';
import type { TestCluster } from './helpers/test-cluster';

const work = mkdtempSync(join(tmpdir(), 'kubedeck-cp-'));
let one: OneNodeCluster;
let tc: TestCluster;

beforeAll(async () => {
  one = await startOneNodeCluster('kd-cp');
  tc = one.tc;
  await tc.kubectl.ok(['apply', '-f', '-'], { input: busyboxPod('box', one.node, 'exec sleep 3600').replace('name: main', 'name: c') });
  await tc.kubectl.ok(['wait', '--for=condition=Ready', 'pod/box', '--timeout=60s'], { timeoutMs: 70_000 });
}, 120_000);

afterAll(async () => {
  await one?.stop();
  rmSync(work, { recursive: true, force: true });
});

it('kubectl cp copies a file into the container and back, byte for byte', async () => {
  const data = randomBytes(300_000);
  writeFileSync(join(work, 'in.bin'), data);
  await tc.kubectl.ok(['cp', join(work, 'in.bin'), 'default/box:/tmp/in.bin', '-c', 'c']);
  // The container sees the same bytes (its own md5sum), and the copy back equals the original.
  const sum = (await tc.kubectl.ok(['exec', 'box', '--', 'md5sum', '/tmp/in.bin'])).split(/\s+/)[0];
  const { createHash } = await import('node:crypto');
  expect(sum).toBe(createHash('md5').update(data).digest('hex'));
  await tc.kubectl.ok(['cp', 'default/box:/tmp/in.bin', join(work, 'back.bin')]);
  expect(readFileSync(join(work, 'back.bin')).equals(data)).toBe(true);
}, 60_000);

it('kubectl cp copies a directory both ways', async () => {
  const dir = join(work, 'tree');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'a.txt'), 'alpha\n');
  writeFileSync(join(dir, 'sub', 'b.txt'), 'beta\n');
  await tc.kubectl.ok(['cp', dir, 'box:/tmp/tree']);
  expect((await tc.kubectl.ok(['exec', 'box', '--', 'cat', '/tmp/tree/sub/b.txt'])).trim()).toBe('beta');
  await tc.kubectl.ok(['exec', 'box', '--', 'sh', '-c', 'echo gamma > /tmp/tree/c.txt']);
  await tc.kubectl.ok(['cp', 'box:/tmp/tree', join(work, 'tree-back')]);
  expect(readFileSync(join(work, 'tree-back', 'a.txt'), 'utf8')).toBe('alpha\n');
  expect(readFileSync(join(work, 'tree-back', 'sub', 'b.txt'), 'utf8')).toBe('beta\n');
  expect(readFileSync(join(work, 'tree-back', 'c.txt'), 'utf8')).toBe('gamma\n');
}, 60_000);

it('kubectl cp from a path that does not exist writes no file; the tar it runs in the container fails with its message and status', async () => {
  // kubectl 1.32 exits 0 here and copies tar's complaint from a goroutine that races its own exit (against Kubernetes too):
  // what kubectl prints is not dependable, so the server side is checked through the same exec kubectl makes.
  const r = await tc.kubectl.run(['cp', 'box:/tmp/nope', join(work, 'nope')]);
  expect(existsSync(join(work, 'nope'))).toBe(false);
  if (r.stdout + r.stderr) expect(r.stdout + r.stderr).toMatch(/\/tmp\/nope/);
  const e = await tc.kubectl.run(['exec', 'box', '-c', 'c', '--', 'tar', 'cf', '-', '/tmp/nope']);
  expect(e.code).toBe(1);
  expect(e.stderr).toMatch(/tar: \/tmp\/nope: No such file or directory/);
}, 60_000);
