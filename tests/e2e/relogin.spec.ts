/**
 * Issue 11 A7: logging in again without restarting the cluster. A second
 * browser context gets in with a new one-time link printed by
 * `serve --login-link --data-dir DIR` (asking the running process); the
 * session cookie is persistent (it survives a context restart, which keeps
 * only persistent cookies) and is refused after `serve --revoke-sessions`.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gotoRetrying, login, openApp } from './support/page-helpers';
import { startKubedeck, type Kubedeck } from './support/kubedeck';

const run = promisify(execFile);
const SERVE_JS = process.env.KUBEDECK_SERVE_JS ?? fileURLToPath(new URL('../../out/main/serve.js', import.meta.url));

let kd: Kubedeck;

test.beforeAll(async () => {
  kd = await startKubedeck();
});

test.afterAll(async () => {
  await kd?.stop();
});

const serveCli = async (...args: string[]) => (await run(process.execPath, [SERVE_JS, '--data-dir', kd.dataDir, ...args], { timeout: 30_000 })).stdout;

test('A7: a new link from the running cluster, a persistent cookie, refused after revocation', async ({ browser }) => {
  // The first browser uses the link printed at startup.
  const first = await browser.newContext();
  await login(await first.newPage(), kd.loginUrl);

  // A second browser: the startup link is spent; a new one comes from the running cluster.
  const out = await serveCli('--login-link');
  const link = /Kubedeck UI: (http:\/\/127\.0\.0\.1:\d+\/login\?token=\S+)/.exec(out)?.[1];
  expect(link, out).toBeTruthy();
  expect(link).not.toBe(kd.loginUrl);
  const second = await browser.newContext();
  await login(await second.newPage(), link!);
  const cookies = await second.cookies();
  const session = cookies.find((c) => c.name === 'kubedeck_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  // Persistent: an expiry about 12 h ahead, not a session cookie (-1).
  expect(session!.expires * 1000).toBeGreaterThan(Date.now() + 11 * 3600_000);

  // "Restart" the browser: a new context keeps only what a browser keeps across restarts (persistent cookies).
  const state = await second.storageState();
  await second.close();
  const restarted = await browser.newContext({ storageState: { cookies: state.cookies.filter((c) => c.expires > 0), origins: [] } });
  const page = await restarted.newPage();
  await openApp(page, kd.uiUrl);
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');

  // Revoked: the same cookie is refused, in the page and at the API.
  expect(await serveCli('--revoke-sessions')).toMatch(/Signed out \d+ browser session/);
  const res = await gotoRetrying(page, kd.uiUrl);
  expect(res?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('--login-link');
  const api = await page.request.get(`${kd.uiUrl}/api/v1/namespaces`);
  expect(api.status()).toBe(401);
  await restarted.close();

  // "Sign out everywhere" in the page revokes too.
  const third = await browser.newContext();
  const page3 = await third.newPage();
  await login(page3, /Kubedeck UI: (\S+)/.exec(await serveCli('--login-link'))![1]!);
  page3.once('dialog', (d) => void d.accept());
  await page3.locator('[data-testid=sign-out-everywhere]').click();
  await expect(page3.locator('body')).toContainText('Not signed in');
  await third.close();
  await first.close();
});
