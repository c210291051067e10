/**
 * Issue 13 A5 and A3, in the window against a real cluster (`serve`, Docker).
 * A5: the scheduler paused from the Overview's switch: a new pod stays
 * Pending, the Pods list and Pod detail say the scheduler is paused; resumed
 * from Pod detail, the pod is bound. The same for the local node's kubelet:
 * its bound pod is not started until the kubelet is resumed; and for the
 * controller manager: a new Deployment gets no ReplicaSet until resumed.
 * A3: a pod requesting more CPU than any node has: Pod detail gives every
 * node's verdict and what would fix it; after a virtual node with enough CPU
 * is added (config.yaml, cluster restarted on the same data dir), the pod is
 * scheduled there and Pod detail says why that node.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-loop';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

const pod = (name: string, cpu?: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], ...(cpu ? { resources: { requests: { cpu } } } : {}) }],
    },
  });

async function apply(input: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(input);
  });
}

async function open(browserPage: Page, hash: string): Promise<void> {
  await browserPage.evaluate((h) => (window.location.hash = h), hash);
}

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('create', 'namespace', NS);
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await login(page, kd.loginUrl);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'deployments,replicasets,pods', '--all', '-n', NS, '--wait=true', '--timeout=60s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

test('A5: scheduler paused from the app: the pod stays Pending and the view says why; resumed, it is bound', async () => {
  await open(page, '#/');
  const sw = page.locator('[data-testid=component-switch][data-component=scheduler]');
  await sw.locator('[data-testid=pause-component]').click();
  await expect(sw).toHaveAttribute('data-paused', 'true');
  // The API sees the same switch kubectl would patch.
  expect((await kd.kubectl('get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.annotations.kubedeck\\.io/pause-scheduler}')).trim()).toBe('true');

  await apply(pod('held'));
  await open(page, '#/pods');
  await expect(page.locator('[data-testid=paused-component][data-component=scheduler]')).toContainText('The scheduler is paused');
  await expect(page.locator('[data-testid=pod-row][data-name=held]')).toHaveAttribute('data-status', 'Pending');

  await open(page, `#/pods/${NS}/held`);
  await expect(page.locator('[data-testid=pending-summary]')).toContainText('The scheduler is paused');
  expect((await kd.kubectl('get', 'pod', 'held', '-n', NS, '-o', 'jsonpath={.spec.nodeName}')).trim()).toBe('');
  await page.locator('[data-testid=pending-summary] [data-testid=resume-component]').click();
  await expect(page.locator('[data-testid=pod-node]')).toContainText('kubedeck', { timeout: 15_000 });
  await expect(page.locator('[data-testid=pod-pending-why]')).toHaveCount(0);
});

test('a paused kubelet leaves its bound pod unstarted, and Pod detail says so; resumed, the pod runs', async () => {
  await open(page, '#/');
  const sw = page.locator('[data-testid=component-switch][data-component="kubelet/kubedeck"]');
  await sw.locator('[data-testid=pause-component]').click();
  await expect(sw).toHaveAttribute('data-paused', 'true');
  await apply(pod('unstarted'));
  await open(page, `#/pods/${NS}/unstarted`);
  await expect(page.locator('[data-testid=pod-node]')).toContainText('kubedeck');
  await expect(page.locator('[data-testid=pod-kubelet-paused]')).toContainText('The kubelet on kubedeck is paused');
  expect((await kd.kubectl('get', 'pod', 'unstarted', '-n', NS, '-o', 'jsonpath={.status.phase}')).trim()).toBe('Pending');
  await page.locator('[data-testid=pod-kubelet-paused] [data-testid=resume-component]').click();
  await expect(page.locator('[data-testid=pod-detail-status]')).toContainText('Running', { timeout: 60_000 });
  await expect(page.locator('[data-testid=pod-kubelet-paused]')).toHaveCount(0);

  // A2 on the real cluster: the audit log names the app for the switch and the Docker node's kubelet for the status.
  const audit = async () =>
    (await readFile(join(kd.dataDir, 'audit.log'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { user: { username: string }; verb: string; objectRef: { resource: string; name?: string; subresource?: string } });
  await expect
    .poll(async () => (await audit()).some((e) => e.user.username === 'kubedeck-app' && e.verb === 'patch' && e.objectRef.resource === 'namespaces' && e.objectRef.name === 'kube-system'))
    .toBe(true);
  await expect
    .poll(async () => (await audit()).some((e) => e.user.username === 'kubelet/kubedeck' && e.objectRef.resource === 'pods' && e.objectRef.name === 'unstarted' && e.objectRef.subresource === 'status'))
    .toBe(true);
});

test('a paused controller manager: a new Deployment gets no ReplicaSet and Workloads says why; resumed, the ReplicaSet is created', async () => {
  await open(page, '#/');
  const sw = page.locator('[data-testid=component-switch][data-component=controller-manager]');
  await sw.locator('[data-testid=pause-component]').click();
  await expect(sw).toHaveAttribute('data-paused', 'true');
  await kd.kubectl('create', 'deployment', 'held', '-n', NS, '--image=busybox:latest', '--', 'sleep', '3600');
  await open(page, '#/workloads');
  await expect(page.locator('[data-testid=paused-component][data-component=controller-manager]')).toContainText('missing pods are not created');
  expect((await kd.kubectl('get', 'replicasets', '-n', NS, '-o', 'name')).trim()).toBe('');
  await page.locator('[data-testid=paused-component][data-component=controller-manager] [data-testid=resume-component]').click();
  await expect(page.locator('[data-testid=paused-banner]')).toHaveCount(0);
  await expect.poll(async () => (await kd.kubectl('get', 'replicasets', '-n', NS, '-o', 'name')).trim(), { timeout: 30_000 }).toMatch(/^replicaset.apps\/held-/);
});

test('A3: a pod too big for every node: why per node and what would fix it; a bigger node added, it lands there and says why', async () => {
  await apply(pod('huge', '64'));
  await open(page, `#/pods/${NS}/huge`);
  const verdict = page.locator('[data-testid=pending-node][data-node=kubedeck]');
  await expect(verdict).toContainText('not enough CPU free');
  await expect(verdict).toContainText('the pod requests 64 CPU');
  await expect(page.locator('[data-testid=pending-fix]')).toContainText('add a node with at least 64 CPU');
  await page.locator('[data-testid=pod-pending-why]').screenshot({ path: join(SHOTS, 'why-pending.png') });

  // Add a virtual node with 128 CPUs: config.yaml, and the cluster restarted on the same data dir.
  const dataDir = kd.dataDir;
  await kd.stop({ keepData: true });
  await writeFile(join(dataDir, 'config.yaml'), 'nodes:\n  - kind: local\n  - kind: virtual\n    name: big\n    capacity: {cpu: 128}\n');
  kd = await startKubedeck({ dataDir });
  await login(page, kd.loginUrl);
  await open(page, `#/pods/${NS}/huge`);
  await expect(page.locator('[data-testid=pod-node]')).toContainText('big', { timeout: 60_000 });
  await expect(page.locator('[data-testid=placed-summary]')).toContainText('Placed on big: it passed every filter');
  await expect(page.locator('[data-testid=placed-node][data-node=big]')).toHaveAttribute('data-chosen', 'true');
  await expect(page.locator('[data-testid=placed-node][data-node=kubedeck]')).toContainText('not enough CPU free');
});
