/**
 * Issue 17 item 4: `serve --merge-kubeconfig` adds the cluster's context to
 * the user's kubeconfig on request, keeping everything else, and
 * `--unmerge-kubeconfig` takes it out again; kubectl reads the result.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clusterIdFor } from '../../src/main/cluster/identity';
import { kubedeckContextName, mergeKubeconfig, unmergeKubeconfig, userKubeconfigPath } from '../../src/main/cluster/kubeconfig-merge';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { Kubectl } from './helpers/tools';

let tc: TestCluster;
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-merge-'));
const userFile = join(dir, 'config');
const USERS_OWN = `apiVersion: v1
kind: Config
clusters: [{ name: work, cluster: { server: "https://work.example:6443" } }]
users: [{ name: me, user: { token: my-own-token } }]
contexts: [{ name: work, context: { cluster: work, user: me, namespace: prod } }]
current-context: work
preferences: { colors: true }
`;

beforeAll(async () => {
  tc = await startTestCluster();
  writeFileSync(userFile, USERS_OWN, { mode: 0o600 });
});
afterAll(async () => {
  await tc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('adds the context beside the user’s own, kubectl uses it, and removing it restores the file’s entries', async () => {
  const id = clusterIdFor(tc.dataDir);
  const name = kubedeckContextName(id);
  const k = new Kubectl(userFile);

  const merged = await mergeKubeconfig(tc.cluster.kubeconfigPath, id, { target: userFile, use: true });
  expect(merged).toEqual({ context: name, file: userFile });
  expect((await k.ok(['config', 'get-contexts', '-o', 'name'])).split('\n').filter(Boolean).sort()).toEqual([name, 'work'].sort());
  expect((await k.ok(['config', 'current-context'])).trim()).toBe(name);
  expect((await k.ok(['get', 'namespace', 'default', '-o', 'name'])).trim()).toBe('namespace/default');
  // Merging again refreshes, never duplicates.
  await mergeKubeconfig(tc.cluster.kubeconfigPath, id, { target: userFile });
  expect((await k.ok(['config', 'get-contexts', '-o', 'name'])).split('\n').filter(Boolean)).toHaveLength(2);
  expect(readFileSync(userFile, 'utf8')).toContain('my-own-token');

  expect(await unmergeKubeconfig(id, { target: userFile })).toEqual({ removed: true, file: userFile });
  expect((await k.ok(['config', 'get-contexts', '-o', 'name'])).trim()).toBe('work');
  const after = readFileSync(userFile, 'utf8');
  expect(after).toContain('my-own-token');
  expect(after).toContain('colors: true');
  expect(after).not.toContain(name);
  expect(await unmergeKubeconfig(id, { target: userFile })).toEqual({ removed: false, file: userFile });
});

it('writes where kubectl would: KUBECONFIG’s first file, else ~/.kube/config; a broken file is left untouched', async () => {
  expect(userKubeconfigPath({ KUBECONFIG: `/a/one:/b/two` })).toBe('/a/one');
  const broken = join(dir, 'broken');
  writeFileSync(broken, 'clusters: [unclosed');
  await expect(mergeKubeconfig(tc.cluster.kubeconfigPath, 'x', { target: broken })).rejects.toThrow(/not valid YAML, left untouched/);
  expect(readFileSync(broken, 'utf8')).toBe('clusters: [unclosed');
});
