/**
 * A2: dropping a Pod and a 3-replica ReplicaSet shows the preview, applies,
 * and the pods appear and turn Running without a reload; the ReplicaSet shows
 * desired 3 / ready 3.
 * A3: kubectl scale while the page is open updates desired vs actual live,
 * step by step; kubectl delete pod shows it Terminating and a replacement.
 * A6: screenshots of Overview, Workloads, Pods, Pod detail and the YAML
 * preview go to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dropFiles, fixture, login, markPage, pageWasNotReloaded, recordRows, recordedRows } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-live';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const RUNNING_TIMEOUT = 90_000;

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('apply', '-f', fixture('namespaces.yaml'));
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await login(page, kd.loginUrl);
  // Scope the views to the test namespace (the switcher lists it live).
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
  await markPage(page);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'replicasets,pods', '--all', '-n', NS, '--wait=true', '--timeout=90s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

const podRows = () => page.locator('[data-testid=pod-row]');
const rsRow = () => page.locator('[data-testid=workload-row][data-kind=ReplicaSet][data-name=web]');

test('A2: drop a Pod and a ReplicaSet, preview, apply; pods turn Running live', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  await recordRows(page, 'pods', '[data-testid=pod-row]', ['data-name', 'data-status']);
  await dropFiles(page, [fixture('web-pod.yaml'), fixture('web-rs.yaml')]);

  const rows = page.locator('[data-testid=apply-row]');
  await expect(rows).toHaveCount(2);
  const podItem = page.locator('[data-testid=apply-row][data-kind=Pod][data-name=solo]');
  const rsItem = page.locator('[data-testid=apply-row][data-kind=ReplicaSet][data-name=web]');
  await expect(podItem).toHaveAttribute('data-state', 'create');
  await expect(rsItem).toHaveAttribute('data-state', 'create');
  await expect(podItem).toContainText(`Pod ${NS}/solo`);
  await expect(rsItem).toContainText(`ReplicaSet ${NS}/web`);
  await expect(page.locator('[data-testid=apply-action]').first()).toHaveText('will be created');
  await page.locator('[data-testid=apply-dialog]').screenshot({ path: `${SHOTS}yaml-preview.png`, animations: 'disabled' });

  await page.locator('[data-testid=apply-confirm]').click();
  await expect(podItem).toHaveAttribute('data-state', 'applied');
  await expect(rsItem).toHaveAttribute('data-state', 'applied');
  await page.locator('[data-testid=apply-cancel]').click();

  // 1 Pod + 3 from the ReplicaSet, all Running, without a reload.
  await expect(podRows()).toHaveCount(4, { timeout: RUNNING_TIMEOUT });
  for (let i = 0; i < 4; i++) await expect(podRows().nth(i)).toHaveAttribute('data-status', 'Running', { timeout: RUNNING_TIMEOUT });
  expect(await pageWasNotReloaded(page)).toBe(true);
  // They were seen before they ran (the page followed the transitions).
  const seen = await recordedRows(page, 'pods');
  expect(seen.some(([name, status]) => name === 'solo' && status !== 'Running')).toBe(true);
  await expect(podRows().filter({ hasText: 'solo' }).locator('[data-testid=pod-ready]')).toHaveText('1/1');

  // The kubectl view agrees.
  const phases = await kd.kubectl('get', 'pods', '-n', NS, '-o', 'jsonpath={.items[*].status.phase}');
  expect(phases.split(' ')).toEqual(['Running', 'Running', 'Running', 'Running']);

  await page.locator('[data-testid=nav-workloads]').click();
  await expect(rsRow()).toHaveAttribute('data-desired', '3');
  await expect(rsRow()).toHaveAttribute('data-ready', '3', { timeout: RUNNING_TIMEOUT });
  await expect(rsRow().locator('[data-testid=count-desired]')).toContainText('3');
  await expect(rsRow().locator('[data-testid=count-ready]')).toContainText('3');
});

test('A6: screenshots of Overview, Workloads, Pods and Pod detail', async () => {
  await page.locator('[data-testid=nav-overview]').click();
  await expect(page.locator('[data-testid=pod-tile]')).toHaveCount(4);
  await page.screenshot({ path: `${SHOTS}overview.png`, animations: 'disabled' });
  await page.locator('[data-testid=nav-workloads]').click();
  await expect(rsRow()).toHaveAttribute('data-ready', '3');
  await page.screenshot({ path: `${SHOTS}workloads.png`, animations: 'disabled' });
  await page.locator('[data-testid=nav-pods]').click();
  await expect(podRows()).toHaveCount(4);
  await page.screenshot({ path: `${SHOTS}pods.png`, animations: 'disabled' });
  await podRows().filter({ hasText: 'solo' }).locator('[data-testid=pod-link]').click();
  await expect(page.locator('[data-testid=screen-pod]')).toHaveAttribute('data-name', 'solo');
  await expect(page.locator('[data-testid=pod-detail-status]')).toHaveText('Running');
  await expect(page.locator('[data-testid=container-row]')).toHaveCount(1);
  await expect(page.locator('[data-testid=pod-yaml]')).toContainText('name: solo');
  await page.screenshot({ path: `${SHOTS}pod-detail.png`, fullPage: true, animations: 'disabled' });
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('A3: kubectl scale updates desired vs actual live, step by step', async () => {
  await page.locator('[data-testid=nav-workloads]').click();
  await expect(rsRow()).toHaveAttribute('data-ready', '3');
  await recordRows(page, 'rs', '[data-testid=workload-row][data-kind=ReplicaSet][data-name=web]', ['data-desired', 'data-current', 'data-ready']);

  await kd.kubectl('scale', 'replicaset', 'web', '-n', NS, '--replicas=5');
  await expect(rsRow()).toHaveAttribute('data-desired', '5');
  await expect(rsRow()).toHaveAttribute('data-ready', '5', { timeout: RUNNING_TIMEOUT });
  let steps = (await recordedRows(page, 'rs')).map((r) => r.map(Number));
  // First the new desired count with the old actual one, then convergence.
  expect(steps[0]).toEqual([3, 3, 3]);
  expect(steps.some(([desired, , ready]) => desired === 5 && (ready ?? 0) < 5)).toBe(true);
  expect(steps.at(-1)).toEqual([5, 5, 5]);
  const readies = steps.map(([, , ready]) => ready ?? 0);
  expect(readies).toEqual([...readies].sort((a, b) => a - b));

  await recordRows(page, 'rs-down', '[data-testid=workload-row][data-kind=ReplicaSet][data-name=web]', ['data-desired', 'data-current', 'data-ready']);
  await kd.kubectl('scale', 'replicaset', 'web', '-n', NS, '--replicas=2');
  await expect(rsRow()).toHaveAttribute('data-current', '2', { timeout: RUNNING_TIMEOUT });
  await expect(rsRow()).toHaveAttribute('data-ready', '2');
  steps = (await recordedRows(page, 'rs-down')).map((r) => r.map(Number));
  // Scaling down never dips below the new desired count, and ends converged.
  expect(steps[0]).toEqual([5, 5, 5]);
  expect(steps.every(([, , ready]) => (ready ?? 0) >= 2)).toBe(true);
  expect(steps.at(-1)).toEqual([2, 2, 2]);
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('A3: kubectl delete pod shows it Terminating and its replacement appearing', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  const rsPods = podRows().filter({ hasText: 'web-' });
  await expect(rsPods).toHaveCount(2, { timeout: RUNNING_TIMEOUT });
  const victim = (await rsPods.first().getAttribute('data-name')) ?? '';
  const survivor = (await rsPods.nth(1).getAttribute('data-name')) ?? '';
  expect(victim).toMatch(/^web-/);
  await recordRows(page, 'delete', '[data-testid=pod-row]', ['data-name', 'data-status']);

  await kd.kubectl('delete', 'pod', victim, '-n', NS, '--wait=false');
  await expect(page.locator(`[data-testid=pod-row][data-name="${victim}"]`)).toHaveCount(0, { timeout: RUNNING_TIMEOUT });
  // A replacement: a web- pod that is neither the victim nor the survivor, Running.
  const replacement = rsPods.filter({ hasNotText: victim }).filter({ hasNotText: survivor });
  await expect(replacement).toHaveCount(1, { timeout: RUNNING_TIMEOUT });
  await expect(replacement).toHaveAttribute('data-status', 'Running', { timeout: RUNNING_TIMEOUT });

  const seen = await recordedRows(page, 'delete');
  expect(seen).toContainEqual([victim, 'Terminating']);
  const newName = await replacement.getAttribute('data-name');
  expect(seen.some(([name, status]) => name === newName && status !== 'Running')).toBe(true);
  expect(await pageWasNotReloaded(page)).toBe(true);
});
