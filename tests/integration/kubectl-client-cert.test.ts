/**
 * Client-certificate authentication (issue 17 item 4: kubeconfigs with
 * client-certificate credentials): a certificate signed by the cluster's CA
 * stands in for the token, with the real kubectl; one from another CA, or
 * none without a token, is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueClientCertificate, kubeconfigWithClientCertificate } from '../../src/main/apiserver/pki';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { Kubectl } from './helpers/tools';

let tc: TestCluster;
let other: TestCluster;
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-client-cert-'));

beforeAll(async () => {
  tc = await startTestCluster();
  other = await startTestCluster();
});
afterAll(async () => {
  await tc?.stop();
  await other?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function kubectlWith(name: string, kubeconfig: string): Kubectl {
  const file = join(dir, name);
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  return new Kubectl(file);
}

it('a client certificate signed by the cluster CA works in place of the token', async () => {
  const cert = await issueClientCertificate(tc.dataDir, 'alice');
  const k = kubectlWith('alice', kubeconfigWithClientCertificate(tc.cluster.apiUrl, tc.cluster.caPem, 'alice', cert));
  expect(await k.ok(['create', 'configmap', 'by-cert', '--from-literal=who=alice'])).toContain('configmap/by-cert created');
  expect(await tc.kubectl.ok(['get', 'configmap', 'by-cert', '-o', 'jsonpath={.data.who}'])).toBe('alice');
});

it("another cluster's certificate, or no credentials at all, is refused", async () => {
  const foreign = await issueClientCertificate(other.dataDir, 'mallory');
  const k = kubectlWith('mallory', kubeconfigWithClientCertificate(tc.cluster.apiUrl, tc.cluster.caPem, 'mallory', foreign));
  const r = await k.run(['get', 'configmaps']);
  expect(r.code).not.toBe(0);
  expect(r.stdout).not.toContain('by-cert');
  expect(r.stderr).toMatch(/Unauthorized|must be logged in|provide credentials/);

  const withoutUser = readFileSync(tc.cluster.kubeconfigPath, 'utf8').replace(/token: .*/, 'username: nobody');
  const bare = kubectlWith('nobody', withoutUser);
  const r2 = await bare.run(['get', 'configmaps']);
  expect(r2.code).not.toBe(0);
  expect(r2.stderr).toMatch(/Unauthorized|must be logged in|provide credentials/);
});
