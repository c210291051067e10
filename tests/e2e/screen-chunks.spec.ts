/**
 * Issue 14 item 1, its last part: the UI is served as a bundle split per
 * screen. The first screen (Overview) loads without the other screens' code;
 * opening Pods, Events or a Timeline loads theirs; hovering a navigation link
 * fetches its screen before the click; and a screen whose chunk cannot be
 * loaded shows "could not load this screen" with a retry that recovers,
 * inside the layout (header and sidebar stay), without a reload; with the
 * server away, the screen loads by itself when it is back. The browser
 * reaches the server through a gate (support/ui-gate.ts) the last test closes.
 */
import { expect, test, type Page } from '@playwright/test';
import { login, markPage, openApp, pageWasNotReloaded } from './support/page-helpers';
import { startKubedeck, type Kubedeck } from './support/kubedeck';
import { startGate, type Gate } from './support/ui-gate';

let kd: Kubedeck;
let gate: Gate;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  gate = await startGate(kd.uiUrl);
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const link = new URL(kd.loginUrl);
  await login(page, `${gate.url}${link.pathname}${link.search}`);
  await openApp(page, `${gate.url}/`);
  await markPage(page);
});

test.afterAll(async () => {
  await page?.close();
  await gate?.close();
  await kd?.stop();
});

/** scripts lists the names of the JS files the page has fetched ("Overview", "index", …), without their hashes. */
async function scripts(): Promise<string[]> {
  const urls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.endsWith('.js')),
  );
  return urls.map((u) => (u.split('/').pop() ?? '').replace(/-[\w-]{8}\.js$/, ''));
}

test('the first screen loads its own chunk and none of the other screens', async () => {
  // (The Apply dialog and its js-yaml are fetched when the page is idle, after the first screen, so they are not checked here.)
  await expect(page.locator('[data-testid=screen-overview]')).toBeVisible();
  const loaded = await scripts();
  expect(loaded).toContain('Overview');
  for (const other of ['PodsTable', 'PodDetail', 'EventsList', 'TimelineScreen', 'Workloads', 'NodesTable', 'ServicesTable', 'ResourceList', 'ResourceDetail', 'FollowNext', 'WorkloadLogs', 'ActionDialog', 'YamlEditor', 'virtual-core', 'cron-schedules', 'LogPanel', 'create-terminal']) {
    expect(loaded, `${other} loaded with the first screen`).not.toContain(other);
  }
});

test('opening Pods, Events and a Timeline loads their chunks', async () => {
  await page.locator('[data-testid=nav-pods]').click();
  await expect(page.locator('[data-testid=screen-pods]')).toBeVisible();
  expect(await scripts()).toContain('PodsTable');

  await page.locator('[data-testid=nav-events]').click();
  await expect(page.locator('[data-testid=screen-events]')).toBeVisible();
  expect(await scripts()).toContain('EventsList');

  expect(await scripts()).not.toContain('TimelineScreen');
  await page.evaluate(() => {
    window.location.hash = '#/timeline/pods/default/nothing-here';
  });
  await expect(page.locator('[data-testid=screen-timeline]')).toBeVisible();
  expect(await scripts()).toContain('TimelineScreen');
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('hovering a navigation link fetches its screen before the click', async () => {
  expect(await scripts()).not.toContain('NodesTable');
  await page.locator('[data-testid=nav-nodes]').hover();
  await expect.poll(scripts).toContain('NodesTable');
  await page.locator('[data-testid=nav-nodes]').click();
  await expect(page.locator('[data-testid=screen-nodes]')).toBeVisible();
});

test('a screen whose chunk fails to load shows a retry inside the layout, and the retry recovers', async () => {
  expect(await scripts()).not.toContain('ServicesTable');
  // The server "away" for this one file: every request for the Services chunk is aborted.
  let aborted = 0;
  const chunk = /\/assets\/ServicesTable-[\w-]+\.js$/;
  await page.route(chunk, async (route) => {
    aborted++;
    await route.abort('connectionrefused');
  });
  await page.locator('[data-testid=nav-services]').click();
  const failed = page.locator('[data-testid=screen-load-failed]');
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('Could not load this screen');
  expect(aborted).toBeGreaterThan(0);
  // The app is not blank: header and navigation are still there, and work.
  await expect(page.locator('[data-testid=connection-state]')).toBeVisible();
  await expect(page.locator('[data-testid=nav-services]')).toHaveAttribute('aria-current', 'page');

  // A retry while the file still cannot be fetched fails again, clearly.
  const before = aborted;
  await page.locator('[data-testid=screen-retry]').click();
  await expect.poll(() => aborted).toBeGreaterThan(before);
  await expect(failed).toBeVisible();

  // Back: the retry loads the screen, without a reload.
  await page.unroute(chunk);
  await page.locator('[data-testid=screen-retry]').click();
  await expect(page.locator('[data-testid=screen-services]')).toBeVisible();
  await expect(failed).toHaveCount(0);
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('navigating away from a failed screen and back tries its chunk again', async () => {
  const chunk = /\/assets\/WorkloadLogs-[\w-]+\.js$/;
  await page.route(chunk, (route) => route.abort('connectionrefused'));
  await page.evaluate(() => {
    window.location.hash = '#/workloads/default/deployments/web/logs';
  });
  await expect(page.locator('[data-testid=screen-load-failed]')).toBeVisible();
  await page.locator('[data-testid=nav-overview]').click();
  await expect(page.locator('[data-testid=screen-overview]')).toBeVisible();
  await page.unroute(chunk);
  await page.goBack();
  await expect(page.locator('[data-testid=screen-workload-logs]')).toBeVisible();
  expect(await pageWasNotReloaded(page)).toBe(true);
});

test('with the server away a screen cannot load; when it is back the screen loads by itself', async () => {
  expect(await scripts()).not.toContain('ResourceList');
  await gate.close();
  await expect(page.locator('[data-testid=cluster-away]')).toBeVisible();
  await page.locator('[data-testid=nav-deployments]').click();
  await expect(page.locator('[data-testid=screen-load-failed]')).toBeVisible();
  await gate.open();
  // No click on Retry: the frame tries again when the cluster answers.
  await expect(page.locator('[data-testid=screen-deployments]')).toBeVisible();
  await expect(page.locator('[data-testid=screen-load-failed]')).toHaveCount(0);
  expect(await pageWasNotReloaded(page)).toBe(true);
});
