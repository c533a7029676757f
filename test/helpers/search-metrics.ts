/**
 * Figures for the search (reported, never asserted): index size on disk, bytes a first search downloads,
 * and time from the last keypress to results on screen, measured in Chromium.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

export async function measureSearch(
  browser: Browser,
  baseUrl: string,
  siteDir: string,
  query: string,
): Promise<string> {
  const pf = path.join(siteDir, 'pagefind');
  const indexBytes =
    folderBytes(path.join(pf, 'index')) +
    folderBytes(path.join(pf, 'fragment')) +
    readdirSync(pf)
      .filter((f) => f.endsWith('.pf_meta') || f.endsWith('.pf_filter'))
      .reduce((n, f) => n + statSync(path.join(pf, f)).size, 0) +
    folderBytes(path.join(pf, 'filter'));
  const context = await browser.newContext();
  const page = await context.newPage();
  let bytes = 0;
  page.on('response', async (r) => {
    try {
      bytes += (await r.body()).length;
    } catch {
      /* redirects have no body */
    }
  });
  await page.goto(`${baseUrl}/search/`);
  await page.waitForSelector('html[data-search-run]');
  const pageBytes = bytes;
  const before = await page.evaluate(() => document.documentElement.dataset.searchRun);
  const started = Date.now();
  await page.locator('#q').pressSequentially(query, { delay: 0 });
  await page.waitForFunction(
    (b) => document.documentElement.dataset.searchRun !== b && document.querySelectorAll('#results li').length > 0,
    before,
  );
  // The last keypress lands just before the debounce (80 ms) starts the search.
  const ms = Date.now() - started;
  await page.waitForLoadState('networkidle');
  await context.close();
  return `index ${(indexBytes / 1024).toFixed(0)} KiB on disk; search page with its script, Pagefind and filters ${(pageBytes / 1024).toFixed(0)} KiB; first search for "${query}" downloaded ${((bytes - pageBytes) / 1024).toFixed(0)} KiB more; typing to results ${ms} ms (includes the 80 ms debounce)`;
}
