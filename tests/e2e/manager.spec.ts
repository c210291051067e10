/**
 * Issue 11, the cluster manager screens, against `npm run serve` with real Docker.
 * A1: Deployment → ReplicaSet → Pod → Node and back by links only; every kind
 *     opens from the sidebar; a deep link reloads to the same page; an unknown
 *     route says so.
 * A2: a crash-looping container (exit 3) shows "exit code 3" and its reason on
 *     Pod detail; a pod asking for more CPU than any node has says why in words.
 * A4: an invalid label selector shows an error; sorting by Age and Restarts.
 * A6 (part): at 800 px no table scrolls sideways on Pods, Events or Workloads.
 * Screenshots go to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gotoRetrying, login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-manager';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const IMAGE = 'kubedeck/busybox:latest';

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

const manifests = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'crasher', namespace: NS, labels: { app: 'crasher' } },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'exit 3'] }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'greedy', namespace: NS },
    spec: { containers: [{ name: 'c', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], resources: { requests: { cpu: '500' } } }] },
  },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: NS }, stringData: { password: 'hunter2' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, data: { mode: 'fast' } },
];

function kubectlApply(input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(input);
  });
}

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('create', 'namespace', NS);
  await kubectlApply(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }));
  await kd.kubectl('rollout', 'status', 'deployment/web', '-n', NS, '--timeout=120s');
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await login(page, kd.loginUrl);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'deployments,replicasets,pods', '--all', '-n', NS, '--wait=true', '--timeout=90s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

const objectScreen = (kind: string) => page.locator(`[data-testid=screen-object][data-kind=${kind}]`);
const related = (title: string) => page.locator(`[data-testid=related][data-title="${title}"]`);

test('A1: Deployment → ReplicaSet → Pod → Node and back, by links only; deep links reload', async () => {
  await page.locator('[data-testid=nav-deployments]').click();
  await page.locator('[data-testid=resource-row][data-name=web] [data-testid=resource-link]').click();
  await expect(objectScreen('Deployment')).toHaveAttribute('data-name', 'web');
  await page.screenshot({ path: `${SHOTS}deployment-detail.png`, fullPage: true });

  const rsLink = related('ReplicaSets').locator('[data-testid=object-link]').first();
  const rsName = await rsLink.getAttribute('data-name');
  expect(rsName).toMatch(/^web-/);
  await rsLink.click();
  await expect(objectScreen('ReplicaSet')).toHaveAttribute('data-name', rsName!);

  const podLink = related('Pods').locator('[data-testid=object-link]').first();
  await expect(podLink).toBeVisible();
  const podName = await podLink.getAttribute('data-name');
  await podLink.click();
  await expect(page.locator('[data-testid=screen-pod]')).toHaveAttribute('data-name', podName!);

  const nodeLink = page.locator('[data-testid=pod-node] [data-testid=object-link]');
  const nodeName = await nodeLink.getAttribute('data-name');
  await nodeLink.click();
  await expect(objectScreen('Node')).toHaveAttribute('data-name', nodeName!);

  // Back: the node lists the pod, the pod names its ReplicaSet, the ReplicaSet its Deployment.
  await related('Pods on this node').locator(`[data-testid=object-link][data-name="${podName}"]`).click();
  await expect(page.locator('[data-testid=screen-pod]')).toHaveAttribute('data-name', podName!);
  await page.locator(`[data-testid=owners] [data-testid=object-link][data-kind=ReplicaSet]`).click();
  await expect(objectScreen('ReplicaSet')).toHaveAttribute('data-name', rsName!);
  await page.locator(`[data-testid=owners] [data-testid=object-link][data-kind=Deployment]`).click();
  await expect(objectScreen('Deployment')).toHaveAttribute('data-name', 'web');
  await expect(page.locator('[data-testid=owners]')).toHaveCount(0);

  // A deep link reloads to the same page.
  await page.reload();
  await expect(objectScreen('Deployment')).toHaveAttribute('data-name', 'web');
  await expect(page.locator('[data-testid=object-yaml]')).toContainText('kind: Deployment');

  // Every kind opens from the sidebar.
  for (const resource of ['namespaces', 'nodes', 'pods', 'deployments', 'replicasets', 'services', 'endpoints', 'configmaps', 'secrets', 'events', 'leases']) {
    await page.locator(`[data-testid=nav-${resource}]`).click();
    await expect(page.locator(`[data-testid=screen-${resource}]`)).toBeVisible();
  }

  // A Secret's value stays hidden until revealed.
  await page.locator('[data-testid=nav-secrets]').click();
  await page.locator('[data-testid=resource-row][data-name=creds] [data-testid=resource-link]').click();
  const value = page.locator('[data-testid=secret-key][data-key=password] [data-testid=secret-value]');
  await expect(value).not.toContainText('hunter2');
  await expect(page.locator('[data-testid=object-yaml]')).not.toContainText(Buffer.from('hunter2').toString('base64'));
  await page.locator('[data-testid=secret-key][data-key=password] [data-testid=secret-reveal]').click();
  await expect(value).toHaveText('hunter2');
  // Actions: a Secret can be deleted but not opened in the YAML editor (its values would show); a ConfigMap can be edited.
  await expect(page.locator('[data-testid=screen-object] [data-testid=action-delete]')).toBeVisible();
  await expect(page.locator('[data-testid=screen-object] [data-testid=action-edit]')).toHaveCount(0);
  await page.locator('[data-testid=nav-configmaps]').click();
  await page.locator('[data-testid=resource-row][data-name=settings] [data-testid=resource-link]').click();
  await expect(page.locator('[data-testid=screen-object][data-kind=ConfigMap] [data-testid=action-edit]')).toBeVisible();

  // An unknown route says so.
  await gotoRetrying(page, `${kd.uiUrl.replace(/\/$/, '')}/#/no-such-page`);
  await expect(page.locator('[data-testid=screen-not-found]')).toContainText('no-such-page');
});

test('A2: exit code 3 and its reason on Pod detail; a pod too big for any node says why in words', async () => {
  await gotoRetrying(page, `${kd.uiUrl.replace(/\/$/, '')}/#/pods/${NS}/crasher`);
  const row = page.locator('[data-testid=container-row][data-name=c]');
  await expect(row.locator('[data-testid=container-last]')).toContainText('exit code 3 (Error)', { timeout: 90_000 });
  await expect(row.locator('[data-testid=container-state]')).not.toContainText('unknown');
  await page.screenshot({ path: `${SHOTS}pod-crash.png`, fullPage: true });

  await gotoRetrying(page, `${kd.uiUrl.replace(/\/$/, '')}/#/pods/${NS}/greedy`);
  const why = page.locator('[data-testid=pod-pending-why]');
  await expect(why).toContainText('No node can run this pod');
  await expect(why.locator('[data-testid=pending-node]').first()).toContainText('not enough CPU free');
  await expect(why).not.toContainText('{');
  await expect(page.locator('[data-testid=container-state]')).toContainText('not scheduled to a node yet');
  await page.screenshot({ path: `${SHOTS}pod-pending.png`, fullPage: true });
});

test('A4: an invalid label selector says so; sorting by Restarts and Age', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  await expect(page.locator('[data-testid=pod-row]')).toHaveCount(3);
  await page.locator('[data-testid=pod-label-filter]').fill('app in (web');
  await expect(page.locator('[data-testid=selector-error]')).toBeVisible();
  await expect(page.locator('[data-testid=pod-label-filter]')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: `${SHOTS}selector-error.png` });
  await page.locator('[data-testid=pod-label-filter]').fill('');
  await expect(page.locator('[data-testid=selector-error]')).toHaveCount(0);
  // Field filters too: an unknown field is refused in the API server's words; a good one filters.
  await page.locator('[data-testid=pod-field-filter]').fill('spec.image=busybox');
  await expect(page.locator('[data-testid=field-selector-error]')).toContainText('not supported');
  await page.locator('[data-testid=pod-field-filter]').fill('status.phase=Pending');
  await expect(page.locator('[data-testid=field-selector-error]')).toHaveCount(0);
  await expect(page.locator('[data-testid=pod-row]')).toHaveCount(1);
  await expect(page.locator('[data-testid=pod-row][data-name=greedy]')).toHaveCount(1);
  await page.locator('[data-testid=pod-field-filter]').fill('');
  await expect(page.locator('[data-testid=pod-row]')).toHaveCount(3);

  const names = () => page.locator('[data-testid=pod-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  // Restarts, most first (two clicks): the crash-looping pod leads.
  await expect(page.locator('[data-testid=pod-row][data-name=crasher] [data-testid=pod-restarts]')).not.toHaveText('0', { timeout: 90_000 });
  await page.locator('[data-testid=sort-restarts]').click();
  await page.locator('[data-testid=sort-restarts]').click();
  expect((await names())[0]).toBe('crasher');
  await page.locator('[data-testid=sort-restarts]').click();
  expect((await names())[2]).toBe('crasher');

  // Age, youngest first, as kubectl's creation timestamps order them.
  const out = await kd.kubectl('get', 'pods', '-n', NS, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.metadata.creationTimestamp}{"\\n"}{end}');
  const expected = out
    .trim()
    .split('\n')
    .map((l) => l.split(' ') as [string, string])
    .sort((a, b) => Date.parse(b[1]) - Date.parse(a[1]) || `${NS}/${a[0]}`.localeCompare(`${NS}/${b[0]}`, undefined, { numeric: true }))
    .map(([n]) => n);
  await page.locator('[data-testid=sort-age]').click();
  expect(await names()).toEqual(expected);
  await page.locator('[data-testid=sort-age]').click();
  expect(await names()).toEqual([...expected].reverse());
});

test('A6: at 800 px no table scrolls sideways on Pods, Events or Workloads', async () => {
  await page.setViewportSize({ width: 800, height: 800 });
  for (const nav of ['pods', 'events', 'workloads']) {
    await page.locator(`[data-testid=nav-${nav}]`).click();
    await expect(page.locator(`[data-testid=screen-${nav}]`)).toBeVisible();
    const overflow = await page.evaluate(() => {
      const main = document.querySelector('.main') as HTMLElement;
      const tables = [...document.querySelectorAll('.main table')] as HTMLElement[];
      const right = main.getBoundingClientRect().right;
      // What sticks out, named, so a failure says which element to fix.
      const culprits = [...main.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > right + 1).slice(0, 5).map((el) => `${el.tagName}.${el.className}`);
      return { main: main.scrollWidth - main.clientWidth, tables: tables.map((t) => t.getBoundingClientRect().right - right), culprits };
    });
    expect(overflow.main, `${nav}: the page scrolls sideways (${overflow.culprits.join(', ')})`).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${nav}: the window scrolls sideways`).toBeLessThanOrEqual(0);
    for (const t of overflow.tables) expect(t, `${nav}: a table overflows`).toBeLessThanOrEqual(0);
    if (nav === 'pods') await page.screenshot({ path: `${SHOTS}pods-800.png` });
  }
  await page.setViewportSize({ width: 1360, height: 900 });
});

test('A6: Tab stays inside an open dialog and Escape returns focus to the opener; / and ? shortcuts', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  const opener = page.locator('[data-testid=open-apply]');
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('[data-testid=apply-dialog]');
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `focus left the dialog after ${i + 1} presses`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  await page.locator('[data-testid=screen-pods] h1').click();
  await page.keyboard.press('/');
  await expect(page.locator('[data-testid=pod-search]')).toBeFocused();
  await page.locator('[data-testid=screen-pods] h1').click();
  await page.keyboard.press('?');
  await expect(page.locator('[data-testid=shortcuts-help]')).toContainText('g p');
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=shortcuts-help]')).toHaveCount(0);
});

test('A3: a wrong type in plain words, no "anyway" with 0 valid; fixed beside the preview, previewed again, the diff, Ctrl+Enter applies', async () => {
  const manifest = (replicas: string) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      `  namespace: ${NS}`,
      'spec:',
      `  replicas: ${replicas}`,
      '  selector:',
      '    matchLabels:',
      '      app: web',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: web',
      '    spec:',
      '      terminationGracePeriodSeconds: 1',
      '      containers:',
      '        - name: c',
      `          image: ${IMAGE}`,
      '          imagePullPolicy: IfNotPresent',
      '          command: ["sleep", "3600"]',
      '',
    ].join('\n');
  await page.locator('[data-testid=open-apply]').click();
  await page.locator('[data-testid=apply-textarea]').fill(manifest('three'));
  await page.locator('[data-testid=apply-preview-button]').click();
  const row = page.locator('[data-testid=apply-row][data-kind=Deployment][data-name=web]');
  await expect(row.locator('[data-testid=apply-error]')).toContainText('spec.replicas must be an integer, got the string "three"');
  await expect(row.locator('[data-testid=apply-error-field]')).toHaveText('spec.replicas');
  // The field is selected in the editor, on the line that sets it.
  await row.locator('[data-testid=apply-goto-field]').click();
  const selected = await page.locator('[data-testid=apply-textarea]').evaluate((t: HTMLTextAreaElement) => t.value.slice(t.selectionStart, t.selectionEnd));
  expect(selected).toBe('  replicas: three');
  await expect(page.locator('[data-testid=apply-valid-only]')).toHaveCount(0);
  await expect(page.locator('[data-testid=apply-confirm]')).toBeDisabled();

  // Fix the typo in the editor that stayed beside the preview; preview again.
  await page.locator('[data-testid=apply-textarea]').fill(manifest('2'));
  await page.locator('[data-testid=apply-repreview]').click();
  await expect(row.locator('[data-testid=apply-action]')).toHaveText('will be configured');
  const diff = row.locator('[data-testid=apply-diff-row][data-path="spec.replicas"]');
  await expect(diff).toContainText('1');
  await expect(diff).toContainText('2');
  await page.screenshot({ path: `${SHOTS}apply-diff.png` });
  await page.keyboard.press('Control+Enter');
  await expect(row.locator('[data-testid=apply-result]')).toHaveText(`deployment.apps/web configured`);
  expect(await kd.kubectl('get', 'deployment', 'web', '-n', NS, '-o', 'jsonpath={.spec.replicas}')).toBe('2');
  await page.locator('[data-testid=apply-cancel]').click();
});
