/**
 * The fixture site in a real browser: no client JavaScript on document pages, navigation and filters that work
 * without it, spoilers folded, dark mode, nothing off the page on a phone.
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite } from '../helpers/site-build.ts';
import { serveStatic } from '../helpers/static-server.ts';

let repo: TestRepo;
let work: string;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const scripts: string[] = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  repo = createTestRepo();
  cpSync(path.resolve(import.meta.dirname, '../fixtures/site'), repo.dir, { recursive: true });
  repo.commit('fixture');
  work = makeTempDir('knowledge-browser-');
  writeFileSync(path.join(work, 'sources.yaml'), `site: { title: Browser Org }
sources:
  - { name: incidents, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*.md"] }
  - { name: standards, repo: "${repo.url}", kind: standard, include: ["standards/*.md"] }
  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*.md"] }
`);
  const site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache') });
  if (site.code !== 0) throw new Error(site.output);
  server = await serveStatic(path.join(work, 'dist'));
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(pathname: string, options: { javaScript?: boolean; dark?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    colorScheme: options.dark ? 'dark' : 'light',
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(r.url()); });
  const response = await page.goto(server.url + pathname);
  expect(response?.status()).toBe(200);
  return page;
}

describe.skipIf(!browserAvailable)('in Chromium', () => {
  it('reaches a post-mortem from the home page through its index and a facet, with JavaScript off', async () => {
    const page = await open('/', { javaScript: false });
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Post-mortems' }).click();
    expect(new URL(page.url()).pathname).toBe('/postmortems/');
    await page.getByRole('complementary', { name: 'Filters' }).getByRole('link', { name: 'SEV2' }).click();
    expect(new URL(page.url()).pathname).toBe('/postmortems/severity/sev2/');
    await page.getByRole('link', { name: 'Database failover to a lagging replica' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Database failover to a lagging replica');
    await expect(page.getByRole('table').first().isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('loads no script on document pages', async () => {
    scripts.length = 0;
    const page = await open('/postmortems/2024-03-07-db-failover/');
    expect(await page.locator('script').count()).toBe(0);
    expect(scripts).toEqual([]);
    await page.context().close();
  });

  it('keeps a kata solution folded until asked', async () => {
    const page = await open('/katas/tdd-bowling/');
    const solution = page.getByText('SECRET-SOLUTION-TEXT');
    expect(await solution.isVisible()).toBe(false);
    await page.locator('details.spoiler summary', { hasText: 'Solution' }).click();
    expect(await solution.isVisible()).toBe(true);
    await page.context().close();
  });

  it('follows the reader into dark mode, and fits a phone screen', async () => {
    const dark = await open('/standards/alerting/', { dark: true });
    const bg = await dark.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(15, 20, 25)');
    await dark.context().close();
    const phone = await open('/postmortems/2024-03-07-db-failover/', { width: 375 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.context().close();
  });

  it('lets a keyboard user skip to the content', async () => {
    const page = await open('/postmortems/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to content');
    await page.context().close();
  });
});
