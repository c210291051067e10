/// <reference lib="dom" />
// Page functions passed to page.evaluate run in the browser: they need the DOM types.
/**
 * A5: without the login cookie every API and UI route is refused; the
 * one-time link works once; the page never holds the API token.
 */
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { gotoRetrying, login } from './support/page-helpers';
import { startKubedeck, type Kubedeck } from './support/kubedeck';

let kd: Kubedeck;

test.beforeAll(async () => {
  kd = await startKubedeck();
});

test.afterAll(async () => {
  await kd?.stop();
});

/** raw sends a request with exactly the given headers (no browser, no cookie jar). */
function raw(url: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('A5: every API and UI route is refused without the session cookie', async ({ page }) => {
  const routes = [
    '/',
    '/index.html',
    '/#/pods',
    '/pods',
    '/assets/index.js',
    '/favicon.ico',
    '/version',
    '/api',
    '/api/v1',
    '/api/v1/pods',
    '/api/v1/namespaces/default/pods?watch=true',
    '/apis',
    '/apis/apps/v1/replicasets',
    '/openapi/v3',
  ];
  for (const path of routes) {
    const res = await raw(`${kd.uiUrl}${path}`);
    expect(res.status, `GET ${path}`).toBe(401);
  }
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const res = await raw(`${kd.uiUrl}/api/v1/namespaces/default/configmaps${method === 'POST' ? '' : '/sneaky'}`, method, { 'Content-Type': 'application/json' }, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sneaky' } }));
    expect(res.status, `${method} configmaps`).toBe(401);
  }
  // Nothing got through to the cluster.
  const cm = await kd.kubectlStatus('get', 'configmap', 'sneaky', '-n', 'default');
  expect(cm.code).not.toBe(0);
  expect(cm.stderr).toContain('NotFound');

  // A browser without the cookie sees the "open the login link" page, not the app.
  const res = await gotoRetrying(page, kd.uiUrl);
  expect(res?.status()).toBe(401);
  await expect(page.getByText('login link')).toBeVisible();
  await expect(page.locator('[data-testid=connection-state]')).toHaveCount(0);
});

test('A5: the login link works once and sets an HttpOnly SameSite=Strict cookie; the page never sees the token', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, kd.loginUrl);
  await expect(page.locator('[data-testid=connection-state]')).toHaveAttribute('data-state', 'live');
  const cookies = await context.cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ name: 'kubedeck_session', httpOnly: true, sameSite: 'Strict', path: '/' });
  // HttpOnly: script cannot read it; the URL no longer carries the login token.
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(page.url()).not.toContain('token=');

  const kubeconfig = await readFile(kd.kubeconfig, 'utf8');
  const apiToken = /token: (\S+)/.exec(kubeconfig)?.[1] ?? '';
  expect(apiToken.length).toBeGreaterThan(10);
  const pageState = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
  expect(pageState).not.toContain(apiToken);

  // The same link in another browser is refused: it was single-use.
  const other = await browser.newContext();
  const second = await other.newPage();
  const res = await gotoRetrying(second, kd.loginUrl);
  expect(res?.status()).toBe(401);
  expect(await other.cookies()).toHaveLength(0);
  await other.close();

  // With the cookie, the API answers through the UI server; a foreign Host or Origin is refused.
  const session = `kubedeck_session=${cookies[0]?.value}`;
  expect((await raw(`${kd.uiUrl}/api/v1/namespaces`, 'GET', { Cookie: session })).status).toBe(200);
  expect((await raw(`${kd.uiUrl}/api/v1/namespaces`, 'GET', { Cookie: session, Host: 'rebound.example' })).status).toBe(421);
  expect((await raw(`${kd.uiUrl}/api/v1/namespaces`, 'GET', { Cookie: session, Origin: 'http://evil.example' })).status).toBe(403);
  await context.close();
});
