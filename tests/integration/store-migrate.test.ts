/**
 * Issue 17 item 1: `serve --migrate-store-to etcd://…` on a real etcd, checked
 * with the real kubectl.
 *
 * A cluster on SQLite makes objects (creates, updates, deletes); while it
 * runs, a migration is refused (the data-dir lock). Once it is stopped, the
 * migration copies every object into etcd and says what it cannot keep;
 * state.db is byte for byte what it was; a second migration into the same
 * prefix is refused, unless forced. `serve --store etcd://…` on the data dir
 * then shows every object to kubectl, with its data, and nothing deleted.
 * An etcd prefix migrates to another prefix the same way, history included.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterIdFor } from '../../src/main/cluster/identity';
import { etcdHistoryReader } from '../../src/main/storage/etcd/etcd-history';
import { etcdInstalled, startEtcdCluster, type EtcdCluster } from './helpers/etcd-cluster';
import { processGone, spawnServe, type ServeProcess } from './helpers/serve-process';
import { Kubectl, requireTool, waitFor } from './helpers/tools';

const haveEtcd = await etcdInstalled(); // throws under CI=true when etcd is missing

const dirs: string[] = [];
const serves: ServeProcess[] = [];
const etcds: EtcdCluster[] = [];

afterAll(async () => {
  for (const p of serves) await p.kill('SIGKILL');
  for (const p of serves) expect(processGone(p.pid)).toBe(true);
  for (const e of etcds) await e.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** serve starts a control plane with one hollow node (no Docker, no UI). */
async function serve(dir: string, extra: string[] = []): Promise<ServeProcess> {
  const p = spawnServe(['--data-dir', dir, '--port', '0', '--no-ui', '--no-kubelet', '--hollow-nodes', '1', ...extra]);
  serves.push(p);
  await p.line(/^Kubedeck API ready: (.+)$/);
  return p;
}

async function stopServe(p: ServeProcess): Promise<void> {
  await p.kill('SIGTERM');
  await waitFor(() => processGone(p.pid), { timeoutMs: 10_000, what: `serve PID ${p.pid} gone` });
}

/** migrate runs `serve --migrate-store-to` to its end. */
async function migrate(args: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const p = spawnServe(args);
  serves.push(p);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.runIf(haveEtcd)('serve --migrate-store-to', () => {
  it('copies a stopped SQLite cluster into etcd: kubectl sees every object on the etcd store; the source is untouched', { timeout: 240_000 }, async () => {
    await requireTool('kubectl');
    const etcd = await startEtcdCluster({ members: 1 });
    etcds.push(etcd);
    const hostPort = etcd.endpoints[0]!.replace('http://', '');
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kubedeck-migrate-')));
    dirs.push(dir);
    const k = new Kubectl(join(dir, 'kubeconfig'));

    // A cluster on SQLite with a history: creates, updates, deletes.
    let s = await serve(dir);
    await k.ok(['create', 'namespace', 'moved']);
    for (let i = 0; i < 20; i++) await k.ok(['-n', 'moved', 'create', 'configmap', `cm-${i}`, `--from-literal=i=${i}`]);
    for (let i = 0; i < 20; i += 2) await k.ok(['-n', 'moved', 'patch', 'configmap', `cm-${i}`, '-p', `{"data":{"i":"${i}-patched"}}`]);
    for (let i = 15; i < 20; i++) await k.ok(['-n', 'moved', 'delete', 'configmap', `cm-${i}`]);
    await k.ok(['-n', 'moved', 'create', 'deployment', 'web', '--image=kubedeck/busybox', '--replicas=2']);
    await waitFor(async () => (await k.ok(['-n', 'moved', 'get', 'pods', '-o', 'name'])).trim().split('\n').filter(Boolean).length === 2, { timeoutMs: 60_000, what: '2 pods of web' });
    const before = {
      cms: await k.ok(['-n', 'moved', 'get', 'configmaps', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.data.i}{" "}{.metadata.uid}{"\\n"}{end}']),
      pods: await k.ok(['-n', 'moved', 'get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.metadata.uid}{"\\n"}{end}']),
      deployment: await k.ok(['-n', 'moved', 'get', 'deployment', 'web', '-o', 'jsonpath={.metadata.uid} {.spec.replicas}']),
    };
    const target = `etcd://${hostPort}`;

    // Refused while the cluster runs on the data dir.
    const running = await migrate(['--data-dir', dir, '--migrate-store-to', target]);
    expect(running.code).toBe(3);
    expect(running.stderr).toContain('is in use by another Kubedeck');

    await stopServe(s);
    const db = join(dir, 'state.db');
    const dbBefore = sha(db);
    const done = await migrate(['--data-dir', dir, '--migrate-store-to', target]);
    expect(done.stderr).not.toMatch(/kubedeck serve:/);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Copied \d+ object\(s\)/m);
    expect(done.stdout).toContain('resourceVersions change');
    expect(done.stdout).toContain(`--store ${target}`);
    expect(sha(db)).toBe(dbBefore);

    // Into a prefix that now holds keys: refused, and nothing written; --force replaces them.
    const raw = new Etcd3({ hosts: etcd.endpoints });
    try {
      const prefix = `/kubedeck/${clusterIdFor(dir)}/`;
      const keys = await raw.getAll().prefix(prefix).keys();
      expect(keys.length).toBeGreaterThan(20);
      const revBefore = (await raw.maintenance.status()).header.revision;
      const again = await migrate(['--data-dir', dir, '--migrate-store-to', target]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`already holds ${keys.length} key(s)`);
      expect((await raw.maintenance.status()).header.revision).toBe(revBefore);
      const forced = await migrate(['--data-dir', dir, '--migrate-store-to', target, '--force']);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain(`${keys.length} key(s) the target held before were deleted (--force)`);
      expect((await raw.getAll().prefix(prefix).keys()).sort()).toEqual([...keys].sort());
      expect(sha(db)).toBe(dbBefore);

      // The cluster on etcd: kubectl sees every object as it was (uids and data), the deleted ones gone.
      s = await serve(dir, ['--store', target]);
      expect(s.stdout()).toContain(`Store: etcd ${etcd.endpoints[0]} under ${prefix.slice(0, -1)}`);
      expect(await k.ok(['-n', 'moved', 'get', 'configmaps', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.data.i}{" "}{.metadata.uid}{"\\n"}{end}'])).toBe(before.cms);
      expect(before.cms).toContain('cm-0=0-patched');
      expect(before.cms).not.toContain('cm-15=');
      expect(await k.ok(['-n', 'moved', 'get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.metadata.uid}{"\\n"}{end}'])).toBe(before.pods);
      expect(await k.ok(['-n', 'moved', 'get', 'deployment', 'web', '-o', 'jsonpath={.metadata.uid} {.spec.replicas}'])).toBe(before.deployment);
      // It works on, too.
      await k.ok(['-n', 'moved', 'scale', 'deployment', 'web', '--replicas=3']);
      await waitFor(async () => (await k.ok(['-n', 'moved', 'get', 'pods', '-o', 'name'])).trim().split('\n').filter(Boolean).length === 3, { timeoutMs: 60_000, what: '3 pods of web' });
      await stopServe(s);

      // etcd prefix → another prefix: the same keys and values, and the writes' history after the copy point.
      const copy = `etcd://${hostPort}/copied`;
      const moved = await migrate(['--data-dir', dir, '--store', target, '--migrate-store-to', copy]);
      expect(moved.stderr).not.toMatch(/kubedeck serve:/);
      expect(moved.code).toBe(0);
      const values = async (p: string) => Object.entries(await raw.getAll().prefix(p).strings()).map(([key, v]) => [key.slice(p.length), v]).sort();
      expect(await values('/copied/')).toEqual(await values(prefix));
      // Every write of the source prefix (the two copies, the --force deletes, the cluster's own run), in order.
      const upto = Number((await raw.maintenance.status()).header.revision);
      const writes = async (p: string) => {
        const out: string[] = [];
        await etcdHistoryReader(raw, p)(0, upto, async (evs) => {
          out.push(...evs.map((e) => `${e.type} ${e.kv.key} ${e.type === 'delete' ? '' : e.kv.value}`));
        });
        return out;
      };
      const sourceWrites = await writes(prefix);
      expect(sourceWrites.filter((w) => w.startsWith('delete ')).length).toBeGreaterThanOrEqual(keys.length);
      expect(await writes('/copied/')).toEqual(sourceWrites);
      const overlap = await migrate(['--data-dir', dir, '--store', target, '--migrate-store-to', `${target}${prefix}registry`, '--force']);
      expect(overlap.code).toBe(1);
      expect(overlap.stderr).toContain('overlap on the same etcd cluster');
    } finally {
      raw.close();
    }
  });
});
