/**
 * The renderer's live data flow against an in-memory API (no Docker): each
 * view lists then watches; changes appear without reload; a dropped watch
 * resumes from the last resourceVersion; a 410 relists; the connection state
 * is shown. Also the drop → preview → apply flow, end to end through the real
 * UI server. Needs only the built renderer (out/renderer).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startUiServer, type UiServer } from '../../src/main/ui-server/ui-server';
import { StubApi } from './support/stub-api';
import { demoObjects } from './support/demo-objects';
import { dropFiles, fixture, login, markPage, openApp, pageWasNotReloaded, recordRows, recordedRows } from './support/page-helpers';
import type { KubeObject } from '../../src/shared/api/meta';

const rendererDir = process.env.KUBEDECK_RENDERER_DIR ?? fileURLToPath(new URL('../../out/renderer', import.meta.url));

let api: StubApi;
let ui: UiServer;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  api = new StubApi();
  for (const o of demoObjects()) api.put(o);
  ui = await startUiServer({ cluster: api, rendererDir });
  context = await browser.newContext();
  page = await context.newPage();
  await login(page, ui.loginUrl);
  await markPage(page);
});

test.afterAll(async () => {
  await context?.close();
  await ui?.stop();
});

const podRow = (name: string) => page.locator(`[data-testid=pod-row][data-name="${name}"]`);

function podWith(name: string, change: (p: KubeObject) => KubeObject): KubeObject {
  const base = demoObjects().find((o) => o.kind === 'Pod' && o.metadata.name === name);
  if (!base) throw new Error(`no demo pod ${name}`);
  return change(base);
}

test('lists, then follows the watch: a pod turns Running and another disappears, without reload', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  await expect(podRow('web-7d9f8-pqrst')).toHaveAttribute('data-status', 'ContainerCreating');
  api.put(
    podWith('web-7d9f8-pqrst', (p) => ({
      ...p,
      status: { phase: 'Running', podIP: '172.28.1.5', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: {} } }] },
    })),
  );
  await expect(podRow('web-7d9f8-pqrst')).toHaveAttribute('data-status', 'Running');
  await expect(podRow('web-7d9f8-pqrst').locator('[data-testid=pod-ready]')).toHaveText('1/1');
  api.remove(podWith('old-web', (p) => p));
  await expect(podRow('old-web')).toHaveCount(0);
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('a dropped watch resumes from the last resourceVersion, without relisting', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  const before = api.watchStarts.length;
  const lists = api.listRequests.get('pods') ?? 0;
  api.dropWatches();
  // Changes made while the page is reconnecting still arrive.
  api.put(podWith('waiting', (p) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'batch', seen: 'after-drop' } }, spec: { ...(p.spec as object), nodeName: 'kubedeck-node' } })));
  await expect(podRow('waiting').locator('td').nth(5)).toHaveText('kubedeck-node');
  await expect.poll(() => api.watchStarts.slice(before).filter((w) => w.resource === 'pods').length).toBeGreaterThan(0);
  const resumed = api.watchStarts.slice(before).find((w) => w.resource === 'pods');
  expect(Number(resumed?.resourceVersion)).toBeGreaterThan(100);
  // Resumed, not relisted.
  expect(api.listRequests.get('pods') ?? 0).toBe(lists);
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
});

test('a 410 Gone relists and the view stays right', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  const lists = api.listRequests.get('pods') ?? 0;
  api.expireWatches('pods');
  api.put(podWith('crasher', (p) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'crasher', after: 'gone' } } })));
  await expect.poll(() => api.listRequests.get('pods') ?? 0).toBeGreaterThan(lists);
  api.put(podWith('crasher', (p) => ({ ...p, status: { ...(p.status as object), containerStatuses: [{ name: 'app', ready: false, restartCount: 6, image: 'busybox', imageID: '', state: { waiting: { reason: 'ImagePullBackOff' } } }] } })));
  await expect(podRow('crasher')).toHaveAttribute('data-status', 'ImagePullBackOff');
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('the connection state shows an unreachable API and the recovery', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  api.refuseWatches = true;
  api.dropWatches();
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'reconnecting');
  await expect(page.locator('[data-testid=connection-state]')).toHaveText(/Reconnecting/);
  api.refuseWatches = false;
  api.put(podWith('crasher', (p) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'crasher', back: 'again' } }, status: { phase: 'Failed' } })));
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  await expect(podRow('crasher')).toHaveAttribute('data-status', 'Failed');
});

test('workloads follow desired vs actual as a ReplicaSet scales', async () => {
  await page.locator('[data-testid=nav-workloads]').click();
  const row = page.locator('[data-testid=workload-row][data-kind=ReplicaSet][data-name="web-7d9f8"]');
  await expect(row).toHaveAttribute('data-desired', '4');
  await recordRows(page, 'rs', '[data-testid=workload-row][data-kind=ReplicaSet][data-name="web-7d9f8"]', ['data-desired', 'data-ready']);
  const rs = demoObjects().find((o) => o.kind === 'ReplicaSet') as KubeObject;
  api.put({ ...rs, spec: { ...(rs.spec as object), replicas: 6 } });
  for (const ready of [4, 5, 6]) api.put({ ...rs, spec: { ...(rs.spec as object), replicas: 6 }, status: { replicas: 6, readyReplicas: ready, availableReplicas: ready } });
  await expect(row).toHaveAttribute('data-ready', '6');
  const steps = await recordedRows(page, 'rs');
  expect(steps[0]).toEqual(['4', '3']);
  expect(steps.at(-1)).toEqual(['6', '6']);
});

test('drop → preview (dry run) → apply → the new pod appears live; a second drop previews it unchanged', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  await dropFiles(page, [fixture('web-pod.yaml')]);
  const row = page.locator('[data-testid=apply-row]');
  await expect(row).toHaveAttribute('data-state', 'create');
  expect(api.watcherCount).toBeGreaterThan(0);
  await page.locator('[data-testid=apply-confirm]').click();
  await expect(row).toHaveAttribute('data-state', 'applied');
  await page.locator('[data-testid=apply-cancel]').click();
  await page.locator('[data-testid=namespace-select]').selectOption('');
  await expect(podRow('solo')).toHaveCount(1);
  await dropFiles(page, [fixture('web-pod.yaml')]);
  await expect(row).toHaveAttribute('data-state', 'unchanged');
  await page.locator('[data-testid=apply-cancel]').click();
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('the paste dialog previews pasted YAML and reports a syntax error with its line', async () => {
  await page.locator('[data-testid=open-apply]').click();
  await page.locator('[data-testid=apply-textarea]').fill('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pasted\n   bad: indent\n');
  await page.locator('[data-testid=apply-preview-button]').click();
  await expect(page.locator('[data-testid=apply-error]')).toContainText(/pasted, document 1, line 5:\d+/);
  await page.locator('[data-testid=apply-cancel]').click();
});

test('another signed-in tab works with the same cookie', async () => {
  const second = await context.newPage();
  await openApp(second, ui.url);
  await expect(second.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  await second.close();
});

test('the pods table filters by label selector, text and namespace', async () => {
  await page.locator('[data-testid=namespace-select]').selectOption('');
  await page.locator('[data-testid=nav-pods]').click();
  const rows = page.locator('[data-testid=pod-row]');
  await page.locator('[data-testid=pod-label-filter]').fill('app=web');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: 'crasher' })).toHaveCount(0);
  await page.locator('[data-testid=pod-label-filter]').fill('app in (crasher,batch)');
  await expect(rows).toHaveCount(2);
  await page.locator('[data-testid=pod-label-filter]').fill('');
  await page.locator('[data-testid=pod-search]').fill('pqrst');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-name', 'web-7d9f8-pqrst');
  await page.locator('[data-testid=pod-search]').fill('');
  await page.locator('[data-testid=namespace-select]').selectOption('kube-system');
  await expect(rows).toHaveCount(0);
  await page.locator('[data-testid=namespace-select]').selectOption('default');
  await expect(rows.filter({ hasText: 'crasher' })).toHaveCount(1);
});

test('pod detail shows containers, conditions, events and YAML, and follows the pod live', async () => {
  await page.goto(`${ui.url}/#/pods/default/crasher`);
  await expect(page.locator('[data-testid=screen-pod]')).toHaveAttribute('data-name', 'crasher');
  await expect(page.locator('[data-testid=container-row]')).toHaveCount(1);
  await expect(page.locator('[data-testid=pod-events]')).toContainText('BackOff');
  await expect(page.locator('[data-testid=pod-yaml]')).toContainText('name: crasher');
  await expect(page.locator('[data-testid=pod-yaml]')).not.toContainText('managedFields');
  api.remove(podWith('crasher', (p) => p));
  await expect(page.locator('[data-testid=screen-pod]')).toContainText('does not exist');
});
