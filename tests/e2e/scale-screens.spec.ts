/**
 * Issue 14 item 1, the screens at scale (no timings): the Overview sorts
 * nodes naturally (hollow-node-2 before hollow-node-10) and summarises a
 * node's pods when there are more than fit (counts by status, a heat strip,
 * every tile on demand); the Nodes, Events and Workloads lists keep only a
 * window in the DOM; watch events still reach the screens (folded per frame).
 * Runs over the stub API (no Docker); needs the built renderer (out/renderer).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startUiServer, type UiServer } from '../../src/main/ui-server/ui-server';
import { StubApi } from './support/stub-api';
import { login } from './support/page-helpers';
import type { KubeObject } from '../../src/shared/api/meta';

const rendererDir = process.env.KUBEDECK_RENDERER_DIR ?? fileURLToPath(new URL('../../out/renderer', import.meta.url));
const NODES = 300;
/** BUSY_PODS are bound to hollow-node-2, more than a card shows as tiles. */
const BUSY_PODS = 60;
const EVENTS = 1500;
const RS = { kind: 'ReplicaSet', name: 'big-5f6d7', uid: 'uid-rs-big' };

let api: StubApi;
let ui: UiServer;
let context: BrowserContext;
let page: Page;

const node = (i: number): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `hollow-node-${i}`, uid: `uid-node-${i}`, creationTimestamp: new Date().toISOString() },
    status: { allocatable: { cpu: '64', memory: '256Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0-hollow' } },
  }) as KubeObject;

const pod = (i: number, phase: 'Running' | 'Pending'): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `big-5f6d7-${i}`, namespace: 'default', uid: `uid-big-${i}`, labels: { app: 'big' }, creationTimestamp: new Date().toISOString(), ownerReferences: [{ apiVersion: 'apps/v1', controller: true, ...RS }] },
    spec: { nodeName: 'hollow-node-2', containers: [{ name: 'c', image: 'kubedeck/pause:3.10' }] },
    status: { phase, containerStatuses: [{ name: 'c', ready: phase === 'Running', restartCount: 0, state: phase === 'Running' ? { running: {} } : { waiting: { reason: 'ContainerCreating' } } }] },
  }) as KubeObject;

test.beforeAll(async ({ browser }) => {
  api = new StubApi();
  api.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'uid-ns-default' } } as KubeObject);
  for (let i = 0; i < NODES; i++) api.put(node(i));
  for (let i = 0; i < BUSY_PODS; i++) api.put(pod(i, i < 50 ? 'Running' : 'Pending'));
  api.put({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: RS.name, namespace: 'default', uid: RS.uid },
    spec: { replicas: BUSY_PODS, selector: { matchLabels: { app: 'big' } } },
    status: { replicas: BUSY_PODS, readyReplicas: 50, availableReplicas: 50 },
  } as KubeObject);
  for (let i = 0; i < EVENTS; i++) {
    api.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `ev-${i}`, namespace: 'default', uid: `uid-ev-${i}` },
      involvedObject: { kind: 'Pod', name: `big-5f6d7-${i % BUSY_PODS}`, namespace: 'default' },
      reason: 'Scheduled',
      message: `event number ${i}`,
      type: 'Normal',
      lastTimestamp: new Date(Date.now() - (EVENTS - i) * 1000).toISOString(),
    } as KubeObject);
  }
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  ui = await startUiServer({ cluster: api, rendererDir });
  await login(page, ui.loginUrl);
});

test.afterAll(async () => {
  await context?.close();
  await ui?.stop();
});

const go = (hash: string) => page.evaluate((h) => void (location.hash = h), hash);

test('Overview: nodes in natural order, a busy node summarised, its tiles on demand, live', async () => {
  await go('#/');
  const cards = page.locator('[data-testid=node-card]');
  await expect(cards).toHaveCount(NODES);
  expect(await cards.evaluateAll((els) => els.slice(0, 12).map((e) => e.getAttribute('data-name')))).toEqual(
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `hollow-node-${i}`),
  );
  const busy = page.locator('[data-testid=node-card][data-name=hollow-node-2]');
  await expect(busy.locator('[data-testid=pod-summary]')).toHaveAttribute('data-count', String(BUSY_PODS));
  await expect(busy.locator('[data-testid=status-count][data-status=Running]')).toHaveAttribute('data-count', '50');
  await expect(busy.locator('[data-testid=status-count][data-status=ContainerCreating]')).toHaveAttribute('data-count', '10');
  await expect(busy.locator('[data-testid=pod-tile]')).toHaveCount(0);
  // A watch event reaches the summary.
  api.put(pod(55, 'Running'));
  await expect(busy.locator('[data-testid=status-count][data-status=Running]')).toHaveAttribute('data-count', '51');
  await busy.locator('[data-testid=pod-tiles-toggle]').click();
  await expect(busy.locator('[data-testid=pod-tile]')).toHaveCount(BUSY_PODS);
  await busy.locator('[data-testid=pod-tiles-toggle]').click();
  await expect(busy.locator('[data-testid=pod-tile]')).toHaveCount(0);
});

test('Nodes: a window of rows, natural order, the last node reachable by scrolling', async () => {
  await go('#/nodes');
  const rows = page.locator('[data-testid=nodes-table] tr[data-testid=node-row]');
  await expect(rows.first()).toHaveAttribute('data-name', 'hollow-node-0');
  await expect(page.locator('[data-testid=nodes-table]')).toHaveAttribute('aria-rowcount', String(NODES + 1));
  expect(await rows.count()).toBeLessThan(100);
  expect(await rows.evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-name')))).toEqual(['hollow-node-0', 'hollow-node-1', 'hollow-node-2']);
  await expect(page.locator('[data-testid=node-row][data-name=hollow-node-2]')).toContainText(`${BUSY_PODS} / 110`);
  const last = page.locator(`[data-testid=node-row][data-name=hollow-node-${NODES - 1}]`);
  await expect(async () => {
    await page.locator('[data-testid=nodes-table-scroll]').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(last).toBeVisible({ timeout: 1000 });
  }).toPass();
});

test('Events: every event counted, a window of rows in the DOM, a new one shown live', async () => {
  await go('#/events');
  await expect(page.locator('[data-testid=events-count]')).toHaveText(`${EVENTS} events`);
  const rows = page.locator('[data-testid=events-table] tr[data-testid=event-row]');
  await expect(rows.first()).toContainText(`event number ${EVENTS - 1}`);
  expect(await rows.count()).toBeLessThan(100);
  api.put({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'ev-new', namespace: 'default', uid: 'uid-ev-new' },
    involvedObject: { kind: 'Pod', name: 'big-5f6d7-0', namespace: 'default' },
    reason: 'Pulled',
    message: 'the newest event',
    type: 'Normal',
    lastTimestamp: new Date(Date.now() + 1000).toISOString(),
  } as KubeObject);
  await expect(rows.first()).toContainText('the newest event');
  await expect(page.locator('[data-testid=events-count]')).toHaveText(`${EVENTS + 1} events`);
});

test('Workloads: a ReplicaSet of many pods summarised, its chips on demand', async () => {
  await go('#/workloads');
  const row = page.locator('[data-testid=workload-row][data-name=big-5f6d7]');
  await expect(row).toBeVisible();
  const block = page.locator('.workload-block', { has: row });
  await expect(block.locator('[data-testid=pod-summary]')).toHaveAttribute('data-count', String(BUSY_PODS));
  await expect(block.locator('[data-testid=workload-pod]')).toHaveCount(0);
  await block.locator('[data-testid=pod-chips-toggle]').click();
  await expect(block.locator('[data-testid=workload-pod]')).toHaveCount(BUSY_PODS);
});
