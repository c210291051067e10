/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Page functions passed to page.evaluate run in the browser: they need the DOM types.
/** Helpers shared by the UI specs: log in, drop files as a real drop event, record what the page showed. */
import type { Page, Response } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** fixture returns the path of a manifest under tests/e2e/fixtures. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/**
 * login opens the one-time login link (the session cookie is set, the page
 * lands on "/"). The link works once: later pages of the same browser context
 * share the cookie.
 */
export async function login(page: Page, loginUrl: string): Promise<void> {
  const res = await gotoRetrying(page, loginUrl);
  if (res?.status() !== 200) throw new Error(`login link answered ${res?.status()} (links are single-use)`);
  await page.waitForSelector('[data-testid=connection-state]');
}

/**
 * gotoRetrying navigates, retrying when Chromium aborts the navigation with
 * ERR_NETWORK_CHANGED (Docker adds an interface for every pod, and Chromium
 * cancels in-flight requests on any interface change).
 */
export async function gotoRetrying(page: Page, url: string): Promise<Response | null> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await page.goto(url);
    } catch (err) {
      if (Date.now() > deadline || !String(err).includes('ERR_NETWORK_CHANGED')) throw err;
      await page.waitForTimeout(250); // a pause between attempts, not a synchronisation
    }
  }
}

/** openApp opens the UI in a page of an already signed-in context. */
export async function openApp(page: Page, uiUrl: string): Promise<void> {
  const res = await gotoRetrying(page, uiUrl);
  if (res?.status() !== 200) throw new Error(`the UI answered ${res?.status()}`);
  await page.waitForSelector('[data-testid=connection-state]');
}

/**
 * dropFiles dispatches a real `drop` event carrying a DataTransfer with the
 * given files, built inside the page, as a user's drag from the desktop does.
 */
export async function dropFiles(page: Page, paths: string[]): Promise<void> {
  const files = await Promise.all(paths.map(async (p) => ({ name: basename(p), text: await readFile(p, 'utf8') })));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/yaml' }));
    return dt;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

/**
 * recordRows starts recording, inside the page, every distinct value of the
 * given attributes on elements matching `selector`, on each DOM change; read
 * them back with recordedRows. It shows what the user saw, step by step.
 */
export async function recordRows(page: Page, key: string, selector: string, attrs: string[]): Promise<void> {
  await page.evaluate(
    ({ key, selector, attrs }) => {
      const w = window as unknown as Record<string, unknown>;
      const seen: string[] = [];
      w[`__rec_${key}`] = seen;
      const snap = () => {
        for (const el of document.querySelectorAll(selector)) {
          const v = JSON.stringify(attrs.map((a) => el.getAttribute(a)));
          if (seen[seen.length - 1] !== v && !seen.includes(v)) seen.push(v);
        }
      };
      snap();
      new MutationObserver(snap).observe(document.body, { subtree: true, childList: true, attributes: true });
    },
    { key, selector, attrs },
  );
}

/** recordedRows returns the recorded attribute tuples, in the order first seen. */
export async function recordedRows(page: Page, key: string): Promise<(string | null)[][]> {
  const raw = await page.evaluate((k) => (window as unknown as Record<string, string[]>)[`__rec_${k}`] ?? [], key);
  return raw.map((r) => JSON.parse(r) as (string | null)[]);
}

/** markPage sets a marker that a reload would erase (to prove "without reload"). */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}

/** pageWasNotReloaded reports whether the marker survived. */
export async function pageWasNotReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}
