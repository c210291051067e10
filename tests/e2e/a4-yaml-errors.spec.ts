/**
 * A4: a YAML syntax error and an unknown field each produce an error naming
 * the line or the field, and nothing from the file is applied (checked with
 * kubectl). With a mix of valid and invalid documents, nothing is applied
 * unless the user ticks "apply the valid ones".
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { dropFiles, fixture, login, openApp } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-yaml';
let kd: Kubedeck;
let context: BrowserContext;

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('apply', '-f', fixture('namespaces.yaml'));
  // One login for the file: the link is single-use, the cookie is shared by the context's pages.
  context = await browser.newContext();
  const first = await context.newPage();
  await login(first, kd.loginUrl);
  await first.close();
});

// Each open page holds a few watch streams; Chromium allows six HTTP/1.1
// connections per host, so pages are closed when their test ends.
test.afterEach(async () => {
  for (const p of context.pages()) await p.close();
});

/** freshPage opens the app in a new tab of the signed-in context. */
async function freshPage(): Promise<Page> {
  const page = await context.newPage();
  await openApp(page, kd.uiUrl);
  return page;
}

test.afterAll(async () => {
  await context?.close();
  await kd?.kubectlStatus('delete', 'pods,configmaps', '--all', '-n', NS, '--wait=true', '--timeout=60s');
  await kd?.stop();
  await removePodContainers(NS);
});

async function notFound(kind: string, name: string): Promise<void> {
  const r = await kd.kubectlStatus('get', kind, name, '-n', NS, '-o', 'name');
  expect(r.code, `${kind}/${name} should not exist`).not.toBe(0);
  expect(r.stderr).toContain('NotFound');
}

test('A4: a YAML syntax error names file, document and line:column; nothing is applied', async () => {
  const page = await freshPage();
  await dropFiles(page, [fixture('broken-syntax.yaml')]);
  const row = page.locator('[data-testid=apply-row]');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'error');
  await expect(row.locator('[data-testid=apply-error]')).toContainText(/broken-syntax\.yaml, document 1, line 10:\d+/);
  await expect(page.locator('[data-testid=apply-confirm]')).toBeDisabled();
  // Nothing valid to apply, so the escape hatch is not offered either (issue 11: not shown at all).
  await expect(page.locator('[data-testid=apply-valid-only]')).toHaveCount(0);
  await page.locator('[data-testid=apply-cancel]').click();
  await expect(page.locator('[data-testid=apply-dialog]')).toHaveCount(0);
  await notFound('pod', 'broken');
});

test('A4: an unknown field is named by the server dry run; nothing is applied', async () => {
  const page = await freshPage();
  await dropFiles(page, [fixture('unknown-field.yaml'), fixture('unknown-kind.yaml')]);
  const rows = page.locator('[data-testid=apply-row]');
  await expect(rows).toHaveCount(2);
  const field = rows.filter({ hasText: 'unknown-field.yaml' });
  await expect(field).toHaveAttribute('data-state', 'error');
  await expect(field.locator('[data-testid=apply-error]')).toContainText('spec.foo');
  const kind = rows.filter({ hasText: 'unknown-kind.yaml' });
  await expect(kind.locator('[data-testid=apply-error]')).toContainText('example.com/v1');
  await expect(kind.locator('[data-testid=apply-error]')).toContainText('Widget');
  await expect(page.locator('[data-testid=apply-confirm]')).toBeDisabled();
  await page.locator('[data-testid=apply-cancel]').click();
  await notFound('pod', 'unknown-field');
});

test('A4: valid documents beside an invalid one are applied only when the user chooses', async () => {
  const page = await freshPage();
  await dropFiles(page, [fixture('mixed.yaml')]);
  const rows = page.locator('[data-testid=apply-row]');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'create');
  await expect(rows.nth(0).locator('[data-testid=apply-action]')).toHaveText('will be created');
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'error');
  await expect(rows.nth(1).locator('[data-testid=apply-error]')).toContainText('bogus');
  await expect(page.locator('[data-testid=apply-confirm]')).toBeDisabled();
  await page.locator('[data-testid=apply-cancel]').click();
  await notFound('configmap', 'mixed-config');

  // Again, this time ticking "apply the valid ones".
  await dropFiles(page, [fixture('mixed.yaml')]);
  await expect(rows).toHaveCount(2);
  await page.locator('[data-testid=apply-valid-only]').check();
  await page.locator('[data-testid=apply-confirm]').click();
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'applied');
  await expect(rows.nth(0).locator('[data-testid=apply-result]')).toContainText('created');
  expect(await kd.kubectl('get', 'configmap', 'mixed-config', '-n', NS, '-o', 'jsonpath={.data.greeting}')).toBe('hello');
  await notFound('pod', 'mixed-pod');

  // Dropping it once more previews the ConfigMap as unchanged.
  await page.locator('[data-testid=apply-cancel]').click();
  await dropFiles(page, [fixture('mixed.yaml')]);
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'unchanged');
});
