/**
 * Issue 14 A6: the Pods page with 2,000 pods keeps only a window of rows in
 * the DOM (fewer than 200 `tr`), says the whole count (the header's "N of M"
 * and aria-rowcount), finds any pod by the text filter, and shows the last
 * pod when scrolled to the bottom, by mouse wheel or keyboard. Runs over the
 * stub API (no Docker); needs the built renderer (out/renderer). No timings.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startUiServer, type UiServer } from '../../src/main/ui-server/ui-server';
import { StubApi } from './support/stub-api';
import { demoObjects } from './support/demo-objects';
import { login } from './support/page-helpers';
import type { KubeObject } from '../../src/shared/api/meta';

const rendererDir = process.env.KUBEDECK_RENDERER_DIR ?? fileURLToPath(new URL('../../out/renderer', import.meta.url));
const PODS = 2000;
/** podName numbers pods with four digits, so name order is number order. */
const podName = (i: number) => `load-${String(i).padStart(4, '0')}`;

let api: StubApi;
let ui: UiServer;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  api = new StubApi();
  const demo = demoObjects();
  // The demo cluster without its pods, plus 2,000 pods made from its running one.
  for (const o of demo) if (o.kind !== 'Pod') api.put(o);
  const template = demo.find((o) => o.kind === 'Pod' && (o.status as { phase?: string } | undefined)?.phase === 'Running') as KubeObject;
  for (let i = 1; i <= PODS; i++) {
    const name = podName(i);
    api.put({ ...template, metadata: { ...template.metadata, name, uid: `uid-${name}`, ownerReferences: undefined }, status: { ...(template.status as object), podIP: `10.1.${Math.floor(i / 250)}.${i % 250}` } } as KubeObject);
  }
  // The narrow layout (800 px) the app supports without sideways scrolling.
  context = await browser.newContext({ viewport: { width: 800, height: 700 } });
  page = await context.newPage();
  ui = await startUiServer({ cluster: api, rendererDir });
  await login(page, ui.loginUrl);
});

test.afterAll(async () => {
  await context?.close();
  await ui?.stop();
});

/** openPods goes to the Pods page by its route (at 800 px the navigation is folded away). */
const openPods = () => page.evaluate(() => void (location.hash = '#/pods'));
const rows = () => page.locator('[data-testid=pods-table] tbody tr[data-testid=pod-row]');
const podRow = (name: string) => page.locator(`[data-testid=pod-row][data-name="${name}"]`);

test('2,000 pods: a window of rows in the DOM, the whole count announced', async () => {
  await openPods();
  await expect(page.locator('[data-testid=screen-pods] .screen-header')).toContainText(`${PODS} of ${PODS}`);
  await expect(podRow(podName(1))).toBeVisible();
  await expect(page.locator('[data-testid=pods-table]')).toHaveAttribute('aria-rowcount', String(PODS + 1));
  expect(await page.locator('tr').count()).toBeLessThan(200);
  await expect(podRow(podName(1))).toHaveAttribute('aria-rowindex', '2');
  // No sideways scroll at 800 px: neither the page nor the table region.
  const overflow = await page.evaluate(() =>
    ['.main', '[data-testid=pods-table-scroll]'].map((s) => {
      const el = document.querySelector(s) as HTMLElement;
      return el.scrollWidth - el.clientWidth;
    }),
  );
  expect(overflow).toEqual([0, 0]);
});

test('the text filter finds a pod deep in the list', async () => {
  await openPods();
  await expect(podRow(podName(1))).toBeVisible();
  const deep = podName(1873);
  await expect(podRow(deep)).toHaveCount(0);
  await page.locator('[data-testid=pod-search]').fill(deep);
  await expect(podRow(deep)).toBeVisible();
  await expect(rows()).toHaveCount(1);
  await expect(page.locator('[data-testid=screen-pods] .screen-header')).toContainText(`1 of ${PODS}`);
  await expect(page.locator('[data-testid=pods-table]')).toHaveAttribute('aria-rowcount', '2');
  // Its link leads to the pod.
  await expect(podRow(deep).locator('[data-testid=pod-link]')).toHaveAttribute('href', new RegExp(`${deep}$`));
  await page.locator('[data-testid=pod-search]').fill('');
  await expect(podRow(podName(1))).toBeVisible();
});

test('scrolling to the bottom shows the last pod, by mouse wheel and by keyboard', async () => {
  await openPods();
  const region = page.locator('[data-testid=pods-table-scroll]');
  const last = podName(PODS);
  await expect(podRow(podName(1))).toBeVisible();
  await expect(podRow(last)).toHaveCount(0);
  // Mouse wheel, until the region is at its end (the virtualiser measures rows as they come).
  await region.hover();
  await expect(async () => {
    await page.mouse.wheel(0, 100_000);
    await expect(podRow(last)).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(podRow(last)).toHaveAttribute('aria-rowindex', String(PODS + 1));
  expect(await page.locator('tr').count()).toBeLessThan(200);
  await expect(podRow(podName(1))).toHaveCount(0);
  // Keyboard: Home goes back to the first pod, End to the last.
  await expect(async () => {
    await region.focus();
    await page.keyboard.press('Home');
    await expect(podRow(podName(1))).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(async () => {
    await region.focus();
    await page.keyboard.press('End');
    await expect(podRow(last)).toBeVisible({ timeout: 1000 });
  }).toPass();
  // Sorting still applies to the whole list: a click flips the name order, the last pod comes first.
  await page.locator('[data-testid=sort-name]').click();
  await expect(page.locator('[data-testid=pods-table]')).toHaveAttribute('aria-rowcount', String(PODS + 1));
  await region.evaluate((el) => el.scrollTo(0, 0));
  await expect(rows().first()).toHaveAttribute('data-name', last);
});
