/**
 * Issue 15 A4 (part): `kubectl cp` both ways on a real Docker container
 * (kubectl runs `tar` in the container through pods/exec): a file and a
 * directory go in and come back with the same bytes, and copying from a
 * path that does not exist shows tar's message and writes nothing.
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

it('kubectl cp from a path that does not exist shows tar\'s message naming it, and writes no file', async () => {
  // kubectl 1.32 prints the container's tar error on its standard output and exits 0, against Kubernetes too: the message is what a user sees.
  const r = await tc.kubectl.run(['cp', 'box:/tmp/nope', join(work, 'nope')]);
  expect(r.stdout + r.stderr).toMatch(/tar: \/tmp\/nope: No such file or directory/);
  expect(existsSync(join(work, 'nope'))).toBe(false);
}, 60_000);
