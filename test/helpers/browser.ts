/**
 * Headless Chromium for the tests: Debian's chromium (or CHROMIUM_PATH) and a page opened
 * offline: every request that is not the file itself (or data/blob/about) is recorded and
 * aborted, and every console error and page error is kept.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface OfflinePage {
  page: Page;
  context: BrowserContext;
  /** URLs the page tried to reach outside the file. */
  outside: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export async function openOffline(browser: Browser, path: string, options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const outside: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob|about):/.test(url)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, context, outside, errors };
}
