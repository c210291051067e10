/**
 * Issue 15 build item 6: kubectx and kubens (Debian's kubectx package) list
 * and switch the contexts and namespaces of Kubedeck's kubeconfig, and kubectl
 * follows: a ConfigMap created without -n lands in the namespace kubens chose.
 * They work on a copy of the kubeconfig (KUBECONFIG) with their own cache dir.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { requireTool } from './helpers/tools';

let tc: TestCluster;
const home = mkdtempSync(join(tmpdir(), 'kubedeck-kubectx-'));
const kubeconfig = join(home, 'config');

/** run runs a command with the copied kubeconfig, the tools' cache and kubectl's own cache under home. */
function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { env: { ...process.env, KUBECONFIG: kubeconfig, XDG_CACHE_HOME: home, HOME: home, NO_COLOR: '1' }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function ok(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const currentNamespace = async () => (await ok('kubectl', ['config', 'view', '--minify', '-o', 'jsonpath={..namespace}'])).trim() || 'default';

beforeAll(async () => {
  await requireTool('kubens', ['--help']);
  await requireTool('kubectx', ['--help']);
  tc = await startTestCluster();
  copyFileSync(tc.cluster.kubeconfigPath, kubeconfig);
  await ok('kubectl', ['create', 'namespace', 'team-a']);
  // A second context on the same cluster and user, as a user adds one for a namespace or a colleague's cluster.
  const ctx = (await ok('kubectl', ['config', 'current-context'])).trim();
  const cluster = (await ok('kubectl', ['config', 'view', '-o', `jsonpath={.contexts[?(@.name=="${ctx}")].context.cluster}`])).trim();
  const user = (await ok('kubectl', ['config', 'view', '-o', `jsonpath={.contexts[?(@.name=="${ctx}")].context.user}`])).trim();
  await ok('kubectl', ['config', 'set-context', 'second', `--cluster=${cluster}`, `--user=${user}`]);
});

afterAll(async () => {
  await tc?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('kubens', () => {
  it('lists the cluster\'s namespaces', async () => {
    const out = (await ok('kubens', [])).split('\n').map((l) => l.trim());
    expect(out).toEqual(expect.arrayContaining(['default', 'kube-system', 'team-a']));
  });

  it('switches the namespace; kubectl without -n then works there; kubens - switches back', async () => {
    const r = await run('kubens', ['team-a']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Active namespace is "team-a"/);
    expect(await currentNamespace()).toBe('team-a');
    await ok('kubectl', ['create', 'configmap', 'placed']);
    expect((await ok('kubectl', ['get', 'configmap', 'placed', '-n', 'team-a', '-o', 'jsonpath={.metadata.namespace}'])).trim()).toBe('team-a');
    expect((await run('kubectl', ['get', 'configmap', 'placed', '-n', 'default'])).code).not.toBe(0);
    await ok('kubens', ['-']);
    expect(await currentNamespace()).toBe('default');
  });

  it('refuses a namespace the cluster does not have', async () => {
    const r = await run('kubens', ['no-such-namespace']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no namespace exists with name "no-such-namespace"/);
  });
});

describe('kubectx', () => {
  it('lists both contexts, switches to the second and back; kubectl works in each', async () => {
    const first = (await ok('kubectl', ['config', 'current-context'])).trim();
    const list = (await ok('kubectx', [])).split('\n').map((l) => l.trim());
    expect(list).toEqual(expect.arrayContaining([first, 'second']));
    const r = await run('kubectx', ['second']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Switched to context "second"/);
    expect((await ok('kubectl', ['config', 'current-context'])).trim()).toBe('second');
    expect(await ok('kubectl', ['get', 'namespace', 'team-a', '-o', 'name'])).toMatch(/namespace\/team-a/);
    await ok('kubectx', ['-']);
    expect((await ok('kubectl', ['config', 'current-context'])).trim()).toBe(first);
  });
});
