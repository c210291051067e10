/**
 * Issue 11 A5: when the UI server stops answering (its port closes: every
 * connection cut, new ones refused) the page shows the banner, greys the data
 * and freezes the ages; a dry run ends with a clear error instead of waiting
 * forever; when the server answers again the page resumes without a reload.
 * The browser reaches the server through a gate (support/ui-gate.ts) the test
 * closes and reopens on the same port, so the cluster and the session survive.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { login, markPage, pageWasNotReloaded } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';
import { startGate, type Gate } from './support/ui-gate';

const NS = 'e2e-away';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let gate: Gate;
let page: Page;

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('create', 'namespace', NS);
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'steady', namespace: NS }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'kubedeck/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] } }));
  });
  gate = await startGate(kd.uiUrl);
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  const link = new URL(kd.loginUrl);
  await login(page, `${gate.url}${link.pathname}${link.search}`);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
  await page.locator('[data-testid=nav-pods]').click();
  await expect(page.locator('[data-testid=pod-row][data-name=steady]')).toHaveCount(1);
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  await markPage(page);
});

test.afterAll(async () => {
  await gate?.open().catch(() => undefined);
  await kd?.kubectlStatus('delete', 'pods', '--all', '-n', NS, '--wait=true', '--timeout=60s');
  await page?.close();
  await gate?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

test('A5: server away → banner, greyed data, frozen ages, a dry run that ends with an error; back → resumes without reload', async () => {
  await gate.close();
  const banner = page.locator('[data-testid=cluster-away]');
  await expect(banner).toBeVisible({ timeout: 2_000 });
  await expect(page.locator('main.main')).toHaveAttribute('data-stale', 'true');
  const age = page.locator('[data-testid=pod-row][data-name=steady] [data-testid=pod-age]');
  const frozen = await age.textContent();
  // An interval over which a live age would change (ages tick each second), not a synchronisation.
  await page.waitForTimeout(2_500);
  await expect(age).toHaveText(frozen ?? '');
  await page.screenshot({ path: `${SHOTS}cluster-away.png` });

  // A dry run while away ends with a clear error.
  await page.locator('[data-testid=open-apply]').click();
  await page.locator('[data-testid=apply-textarea]').fill(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: later\n  namespace: ${NS}\ndata:\n  a: b\n`);
  await page.locator('[data-testid=apply-preview-button]').click();
  await expect(page.locator('[data-testid=apply-error]')).toContainText('did not answer within 10 s', { timeout: 45_000 });
  await page.keyboard.press('Escape');

  await gate.open();
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  // Live again: a change made meanwhile shows up without a reload.
  await kd.kubectl('label', 'pod', 'steady', '-n', NS, 'back=yes');
  await page.locator('[data-testid=pod-label-filter]').fill('back=yes');
  await expect(page.locator('[data-testid=pod-row][data-name=steady]')).toHaveCount(1);
  expect(await pageWasNotReloaded(page)).toBe(true);
});
