/**
 * Issue 17 A4: the app switched to a second Kubedeck through a kubeconfig
 * whose user authenticates with a client certificate. The first Kubedeck's
 * UI server reads that kubeconfig (KUBECONFIG), offers its context, and
 * forwards the page's requests with the certificate; the page holds no
 * credential. Through it the page shows the second cluster's pods live,
 * opens a log and a shell there, and scales a Deployment there — each
 * checked with kubectl against the second cluster. Kubedeck-only controls
 * (pausing components) are not offered for the other cluster.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueClientCertificate, kubeconfigWithClientCertificate } from '../../src/main/apiserver/pki';
import { gotoRetrying, login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-ctx';
const CONTEXT = 'second-kubedeck';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const CONVERGE = 120_000;

test.describe.configure({ mode: 'serial' });

let first: Kubedeck;
let second: Kubedeck;
let kubeconfigDir: string;
let page: Page;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: remote-web, namespace: ${NS} }
spec:
  replicas: 2
  selector: { matchLabels: { app: remote-web } }
  template:
    metadata: { labels: { app: remote-web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: c
          image: kubedeck/busybox
          command: ['sh', '-c', 'echo hello-from-the-second-cluster; while true; do sleep 1; done']
`;

test.beforeAll(async ({ browser }) => {
  second = await startKubedeck();
  await second.kubectl('create', 'namespace', NS);
  const applied = join(second.dataDir, 'remote-web.yaml');
  await writeFile(applied, DEPLOYMENT);
  await second.kubectl('apply', '-f', applied);
  await second.kubectl('rollout', 'status', 'deployment/remote-web', '-n', NS, '--timeout=120s');

  // A kubeconfig with a client certificate for the second cluster, as an admin would hand it out.
  kubeconfigDir = await mkdtemp(join(tmpdir(), 'kubedeck-e2e-kubeconfig-'));
  const cert = await issueClientCertificate(second.dataDir, 'e2e-admin');
  const kubeconfig = join(kubeconfigDir, 'config');
  await writeFile(kubeconfig, kubeconfigWithClientCertificate(second.apiUrl, await readCa(second.dataDir), CONTEXT, cert), { mode: 0o600 });

  first = await startKubedeck({ env: { KUBECONFIG: kubeconfig } });
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await login(page, first.loginUrl);
});

test.afterAll(async () => {
  await page?.close();
  await second?.kubectlStatus('delete', 'namespace', NS, '--wait=true', '--timeout=90s');
  await first?.stop();
  await second?.stop();
  await removePodContainers(NS);
  if (kubeconfigDir) await rm(kubeconfigDir, { recursive: true, force: true });
});

async function readCa(dataDir: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(join(dataDir, 'pki', 'ca.crt'), 'utf8');
}

async function secondPods(): Promise<string[]> {
  const out = await second.kubectl('get', 'pods', '-n', NS, '-l', 'app=remote-web', '--field-selector=status.phase=Running', '-o', 'jsonpath={.items[*].metadata.name}');
  return out.split(/\s+/).filter(Boolean).sort();
}

const rowsNamed = () => page.locator('[data-testid=pod-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? '').sort());

test('A4: the context is offered, and switching shows the second cluster’s pods live, with no pause controls', async () => {
  const select = page.locator('[data-testid=context-select]');
  await expect(select.locator(`option[value="${CONTEXT}"]`)).toHaveCount(1);
  await expect(page.locator('[data-testid=component-switches]')).toBeVisible(); // Kubedeck's own cluster: pausing offered
  await select.selectOption(CONTEXT);
  await expect(page).toHaveURL(new RegExp(`\\?context=${CONTEXT}`));
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  await expect(page.locator('[data-testid=component-switches]')).toHaveCount(0);

  await gotoRetrying(page, `${first.uiUrl}/?context=${CONTEXT}#/pods`);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
  const pods = await secondPods();
  expect(pods).toHaveLength(2);
  await expect.poll(rowsNamed, { timeout: CONVERGE }).toEqual(pods);
  // The first cluster has no such namespace at all: the rows came from the second.
  expect((await first.kubectlStatus('get', 'namespace', NS)).code).not.toBe(0);

  // Live: a pod deleted with kubectl on the second cluster is replaced in the view without a reload.
  await second.kubectl('delete', 'pod', pods[0]!, '-n', NS, '--wait=false');
  await expect.poll(async () => (await rowsNamed()).includes(pods[0]!), { timeout: CONVERGE }).toBe(false);
  await expect.poll(async () => (await secondPods()).length, { timeout: CONVERGE }).toBe(2);
  await expect.poll(async () => JSON.stringify(await rowsNamed()), { timeout: CONVERGE }).toBe(JSON.stringify(await secondPods()));
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  await page.screenshot({ path: `${SHOTS}contexts.png`, animations: 'disabled' });
});

test('A4: a log and a shell of a pod on the second cluster', async () => {
  const pod = (await secondPods())[0]!;
  await gotoRetrying(page, `${first.uiUrl}/?context=${CONTEXT}#/pods/${NS}/${pod}/logs`);
  const logText = () => page.locator('[data-testid=log-terminal]').evaluate((el) => Array.from(el.querySelectorAll('.xterm-accessibility-tree > div'), (r) => r.textContent ?? '').join('\n'));
  await expect.poll(logText, { timeout: CONVERGE }).toContain('hello-from-the-second-cluster');

  await gotoRetrying(page, `${first.uiUrl}/?context=${CONTEXT}#/pods/${NS}/${pod}/shell`);
  const terminal = page.locator('[data-testid=shell-terminal]');
  await expect(page.locator('[data-testid=shell-state]')).toHaveAttribute('data-phase', 'open', { timeout: CONVERGE });
  await terminal.click();
  await page.keyboard.type('echo ctx-$((6*7)) $(hostname)\n');
  const shellText = () => terminal.evaluate((el) => Array.from(el.querySelectorAll('.xterm-accessibility-tree > div'), (r) => r.textContent ?? '').join('\n'));
  await expect.poll(shellText).toMatch(new RegExp(`^ctx-42 ${pod}\\s*$`, 'm'));
});

test('A4: scaling the Deployment on the second cluster from the palette; kubectl there sees it', async () => {
  await gotoRetrying(page, `${first.uiUrl}/?context=${CONTEXT}#/workloads`);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Search objects and actions' }).fill('scale deployment/remote-web');
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toHaveText(`Scale deployment/remote-web (${NS})`);
  await page.keyboard.press('Enter');
  const scale = page.getByTestId('scale-dialog');
  await expect(scale.getByRole('spinbutton', { name: 'Replicas' })).toHaveValue('2');
  await scale.getByRole('button', { name: 'Increase replicas' }).click();
  await scale.getByRole('button', { name: 'Scale to 3' }).click();
  await expect(scale.getByTestId('action-result')).toHaveText('deployment/remote-web scaled');
  await expect(scale.getByTestId('scale-live')).toHaveAttribute('data-ready', '3', { timeout: CONVERGE });
  await scale.getByRole('button', { name: 'Close', exact: true }).click();
  expect(await second.kubectl('get', 'deployment', 'remote-web', '-n', NS, '-o', 'jsonpath={.spec.replicas}/{.status.readyReplicas}')).toBe('3/3');
  // The first cluster was not touched.
  expect((await first.kubectlStatus('get', 'deployment', 'remote-web', '-n', NS)).code).not.toBe(0);
});
