/**
 * Issue 15 item 2, the editor's part: the Apply dialog's YAML editor checks
 * the text as it is typed against the cluster's own OpenAPI v3 schemas (a
 * wrong type and an unknown field are shown on their lines before any
 * preview), and Ctrl+Space offers the field names the schema allows at the
 * cursor. The editor's code loads with the dialog, not with the first screen.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { login, openApp } from './support/page-helpers';
import { startKubedeck, type Kubedeck } from './support/kubedeck';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
let kd: Kubedeck;
let page: Page;

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await login(page, kd.loginUrl);
  await openApp(page, kd.uiUrl);
});

test.afterAll(async () => {
  await page?.close();
  await kd?.stop();
});

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: 2',
  '  selector:',
  '    matchLabels:',
  '      app: web',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: web',
  '    spec:',
  '      containers:',
  '        - name: c',
  '          command: ["sleep", "3600"]',
  '',
].join('\n');

const editor = (): Locator => page.locator('[data-testid=apply-textarea]');

/** caretAt puts the caret at an offset of the editor's text. */
async function caretAt(offset: number): Promise<void> {
  await editor().evaluate((t: HTMLTextAreaElement, o) => {
    t.focus();
    t.setSelectionRange(o, o);
  }, offset);
}

test('the first screen loads without the editor; opening Apply brings it', async () => {
  const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
  await expect(page.locator('[data-testid=screen-overview]')).toBeVisible();
  expect((await scripts()).filter((n) => /YamlEditor/.test(n))).toEqual([]);
  await page.locator('[data-testid=open-apply]').click();
  await expect(page.locator('[data-testid=yaml-editor]')).toBeVisible();
  expect((await scripts()).some((n) => /YamlEditor/.test(n))).toBe(true);
});

test('typing a wrong type shows the error on its line before any preview; an unknown field is flagged with its line', async () => {
  await editor().fill(MANIFEST);
  const issues = page.locator('[data-testid=yaml-issues]');
  await expect(issues).toHaveAttribute('data-state', 'ok');
  // Type over the 2 of "replicas: 2" (line 6).
  const at = MANIFEST.indexOf('replicas: 2') + 'replicas: '.length;
  await editor().evaluate((t: HTMLTextAreaElement, o) => {
    t.focus();
    t.setSelectionRange(o, o + 1);
  }, at);
  await page.keyboard.type('three');
  const wrong = page.locator('[data-testid=yaml-issue][data-path="spec.replicas"]');
  await expect(wrong).toHaveAttribute('data-line', '6');
  await expect(wrong).toContainText('line 6');
  await expect(wrong).toContainText('spec.replicas must be an integer, got the string "three"');
  await expect(page.locator('[data-testid=yaml-gutter-issue][data-line="6"]')).toHaveAttribute('title', /spec\.replicas/);
  // Accessible: the textarea is described by the status list and marked invalid.
  const describedBy = await editor().getAttribute('aria-describedby');
  expect(await page.locator(`[id="${describedBy}"]`).getAttribute('role')).toBe('status');
  await expect(editor()).toHaveAttribute('aria-invalid', 'true');
  // Still the input phase: no dry run was asked for.
  await expect(page.locator('[data-testid=apply-dialog]')).toHaveAttribute('data-phase', 'input');

  await editor().fill(MANIFEST.replace('  replicas: 2', '  replica: 2'));
  const unknown = page.locator('[data-testid=yaml-issue][data-path="spec.replica"]');
  await expect(unknown).toHaveAttribute('data-line', '6');
  await expect(unknown).toContainText('unknown field "replica" (did you mean replicas?)');
  await expect(page.locator('[data-testid=yaml-issue]')).toHaveCount(1);
  // The issue's line button selects the line.
  await unknown.locator('button').click();
  expect(await editor().evaluate((t: HTMLTextAreaElement) => t.value.slice(t.selectionStart, t.selectionEnd))).toBe('  replica: 2');
});

test('Ctrl+Space in a container offers its fields with types; Enter inserts the chosen one; Escape closes only the list', async () => {
  await editor().fill(MANIFEST);
  await expect(page.locator('[data-testid=yaml-issues]')).toHaveAttribute('data-state', 'ok');
  // A new key line in spec.template.spec.containers[0].
  const end = MANIFEST.indexOf('["sleep", "3600"]') + '["sleep", "3600"]'.length;
  await caretAt(end);
  await page.keyboard.press('Enter');
  await page.keyboard.type('          ');
  await page.keyboard.press('Control+Space');
  const list = page.locator('[data-testid=yaml-suggest]');
  await expect(list).toBeVisible();
  const names = await list.locator('[data-testid=yaml-suggest-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  expect(names).toEqual(expect.arrayContaining(['image', 'ports', 'readinessProbe', 'env', 'resources']));
  expect(names).not.toContain('name'); // written already
  expect(names).not.toContain('command');
  await expect(list.locator('[data-name=readinessProbe]')).toContainText('Probe');
  await expect(list.locator('[data-name=ports]')).toContainText('[]ContainerPort');
  await expect(editor()).toHaveAttribute('aria-expanded', 'true');

  // Arrows move the selection (aria-activedescendant follows) down to image.
  for (let i = 0; i < names.length && (await list.locator('[aria-selected=true]').getAttribute('data-name')) !== 'image'; i++) await page.keyboard.press('ArrowDown');
  const selected = list.locator('[aria-selected=true]');
  await expect(selected).toHaveAttribute('data-name', 'image');
  expect(await editor().getAttribute('aria-activedescendant')).toBe(await selected.getAttribute('id'));
  await page.locator('[data-testid=apply-dialog]').screenshot({ path: `${SHOTS}yaml-completion.png`, animations: 'disabled' });
  await page.keyboard.press('Enter');
  await expect(list).toHaveCount(0);
  await page.keyboard.type('nginx:1.27');
  await expect(editor()).toHaveValue(MANIFEST.replace('"3600"]\n', '"3600"]\n          image: nginx:1.27\n'));

  // Typing narrows the list; Escape closes it and leaves the dialog open.
  await page.keyboard.press('Enter');
  await page.keyboard.type('          rea');
  await page.keyboard.press('Control+Space');
  await expect(list.locator('[data-testid=yaml-suggest-item]')).toHaveCount(1);
  await expect(list.locator('[data-testid=yaml-suggest-item]')).toHaveAttribute('data-name', 'readinessProbe');
  await page.keyboard.type('x');
  await expect(list).toHaveCount(0);
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+Space');
  await expect(list).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(page.locator('[data-testid=apply-dialog]')).toBeVisible();
  // Nested deeper: under readinessProbe, the probe's fields.
  await page.keyboard.press('Control+Space');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('            ');
  await page.keyboard.press('Control+Space');
  await expect(list.locator('[data-name=httpGet]')).toBeVisible();
  await page.keyboard.press('Escape');
});

test('Ctrl+Space at a value offers the enum the schema publishes (imagePullPolicy)', async () => {
  const text = MANIFEST.replace('"3600"]\n', '"3600"]\n          imagePullPolicy: \n');
  await editor().fill(text);
  await caretAt(text.indexOf('imagePullPolicy: ') + 'imagePullPolicy: '.length);
  await page.keyboard.press('Control+Space');
  const items = page.locator('[data-testid=yaml-suggest] [data-testid=yaml-suggest-item]');
  await expect(items).toHaveCount(3);
  expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['Always', 'IfNotPresent', 'Never']);
  await page.keyboard.type('I');
  await expect(items).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(editor()).toHaveValue(text.replace('imagePullPolicy: ', 'imagePullPolicy: IfNotPresent'));
  await expect(page.locator('[data-testid=yaml-issues]')).toHaveAttribute('data-state', 'ok');
  // A value outside it is flagged on its line.
  await editor().fill(text.replace('imagePullPolicy: ', 'imagePullPolicy: always'));
  await expect(page.locator('[data-testid=yaml-issue][data-path="spec.template.spec.containers[0].imagePullPolicy"]')).toHaveAttribute('data-line', '18');
});

test('Edit YAML: the live object as the server prints it passes the checks; a wrong type added is flagged on its line', async () => {
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=apply-dialog]')).toHaveCount(0);
  // Zero replicas: the object with its status and defaults, and no containers to start.
  const file = join(kd.dataDir, 'web.yaml');
  await writeFile(file, MANIFEST.replace('replicas: 2', 'replicas: 0').replace('  name: web', '  name: web\n  namespace: default').replace('- name: c', '- name: c\n          image: busybox'));
  await kd.kubectl('apply', '-f', file);
  await page.locator('[data-testid=namespace-select]').selectOption('default');
  await page.locator('[data-testid=nav-workloads]').click();
  await page.getByRole('button', { name: 'Edit YAML deployment/web' }).click();
  const area = page.getByRole('textbox', { name: 'YAML of deployment/web' });
  await expect(area).toHaveValue(/replicas: 0/);
  const issues = page.locator('[data-testid=edit-dialog] [data-testid=yaml-issues]');
  await expect(issues).toHaveAttribute('data-state', 'ok');
  await expect(issues).toContainText('no problems');
  const live = await area.inputValue();
  const edited = live.replace(/^spec:$/m, 'spec:\n  paused: maybe');
  await area.fill(edited);
  const line = edited.split('\n').indexOf('  paused: maybe') + 1;
  const issue = page.locator('[data-testid=edit-dialog] [data-testid=yaml-issue][data-path="spec.paused"]');
  await expect(issue).toHaveAttribute('data-line', String(line));
  await expect(issue).toContainText('spec.paused must be true or false, got the string "maybe"');
});
