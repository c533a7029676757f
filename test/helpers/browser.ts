/**
 * Debian's Chromium driven by playwright-core. Never downloads a browser. Without Chromium the browser tests
 * are skipped with a one-line notice locally; in CI (CI=true) a missing browser is a failure.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { serveStatic } from './static-server.ts';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const browserAvailable = existsSync(chromiumPath);

if (!browserAvailable) {
  if (process.env.CI)
    throw new Error(`Chromium is missing at ${chromiumPath}; CI must install it (apt-get install -y chromium).`);
  console.warn(
    `browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * For the tests of the enclosing `describe`: a built site served over HTTP and a browser to open it in, started
 * before them and closed after.
 */
export function siteInBrowser(siteDir: () => string): { readonly browser: Browser; readonly url: string } {
  let browser: Browser | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    server = await serveStatic(siteDir());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      return browser!;
    },
    get url() {
      return server!.url;
    },
  };
}

/** The URL paths of every HTML page of a built site (the search bundle's left out). */
export function htmlPagesOf(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'))
    .map((f) => `/${f.split(path.sep).join('/')}`.replace(/index\.html$/, ''))
    .sort();
}

/** The pages, of those given, that are wider than a `width`-pixel screen, each with its width (WCAG 1.4.10). */
export async function pagesWiderThan(
  browser: Browser,
  siteUrl: string,
  pages: string[],
  width: number,
): Promise<string[]> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  const wide: string[] = [];
  for (const p of pages) {
    await page.goto(`${siteUrl}${p}`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scroll > width) wide.push(`${p} (${scroll} px)`);
  }
  await context.close();
  return wide;
}
