/**
 * The fixture site in a real browser: no client JavaScript on document pages, navigation and filters that work
 * without it, spoilers folded, dark mode, nothing off the page on a phone.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { TestRepo } from '../helpers/git-repo.ts';
import { buildSite } from '../helpers/site-build.ts';
import { serveStatic } from '../helpers/static-server.ts';

let repo: TestRepo;
let work: string;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const scripts: string[] = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  ({ repo, work } = fixtureSite('Browser Org', 'knowledge-browser-'));
  const site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  });
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

async function open(
  pathname: string,
  options: { javaScript?: boolean; dark?: boolean; width?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    colorScheme: options.dark ? 'dark' : 'light',
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
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
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Database failover to a lagging replica',
    );
    await expect(page.getByRole('table').first().isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('loads no script file on document pages: only the small inline theme, menu and "/" scripts', async () => {
    scripts.length = 0;
    const page = await open('/postmortems/2024-03-07-db-failover/');
    const inline = await page
      .locator('script')
      .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src || e.textContent || ''));
    expect(inline).toHaveLength(2);
    expect(inline.join('').length).toBeLessThan(2500);
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
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.context().close();
  });

  it('search: typing a query shows the expected document first, with the match highlighted', async () => {
    const page = await open('/search/');
    await page.waitForSelector('html[data-search-ready]');
    await page.locator('#q').fill('lagging replica');
    await expect
      .poll(() => page.locator('#results h3').first().textContent())
      .toBe('Database failover to a lagging replica');
    expect(await page.locator('#results li').first().locator('mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#results li').first().textContent()).toContain('SEV2');
    await page.context().close();
  });

  it('search: an exact id ranks first', async () => {
    const page = await open('/search/?q=PM-2024-007');
    await expect
      .poll(() => page.locator('#results h3').first().textContent())
      .toBe('Database failover to a lagging replica');
    await page.context().close();
  });

  it('search: filters show before typing, narrow the results, and live in the URL', async () => {
    const page = await open('/search/');
    await page.waitForSelector('html[data-search-run]');
    const filters = page.getByRole('group', { name: 'Filters' });
    await expect.poll(() => filters.getByRole('checkbox', { name: /SEV3/ }).count()).toBe(1);
    await filters.getByRole('checkbox', { name: /SEV3/ }).check();
    await expect.poll(() => page.locator('#results h3').allTextContents()).toEqual(['Cache stampede after deploy']);
    expect(new URL(page.url()).searchParams.getAll('severity')).toEqual(['SEV3']);
    await filters.getByRole('checkbox', { name: /SEV2/ }).check();
    await expect.poll(() => page.locator('#results li').count()).toBe(2); // OR within one filter
    await page.context().close();
  });

  it('search: a shared URL restores the query and the filters', async () => {
    const page = await open('/search/?q=cache&severity=SEV3&sort=newest');
    await expect.poll(() => page.locator('#results h3').allTextContents()).toEqual(['Cache stampede after deploy']);
    expect(await page.locator('#q').inputValue()).toBe('cache');
    expect(await page.getByRole('checkbox', { name: /SEV3/ }).isChecked()).toBe(true);
    expect(await page.locator('#sort').inputValue()).toBe('newest');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/1 result for “cache”/);
    await page.context().close();
  });

  it('search: "/" focuses the header box on any page, and Enter leads to the results', async () => {
    const page = await open('/standards/alerting/');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search');
    await page.keyboard.type('bowling');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=bowling/);
    await expect.poll(() => page.locator('#results h3').first().textContent()).toBe('Bowling game');
    await page.context().close();
  });

  it('search without JavaScript says so and leads to the indexes', async () => {
    const page = await open('/search/', { javaScript: false });
    await expect(page.getByText('Search needs JavaScript').isVisible()).resolves.toBe(true);
    await page.locator('#no-js').getByRole('link', { name: 'Katas' }).click();
    expect(new URL(page.url()).pathname).toBe('/katas/');
    await expect(page.getByRole('link', { name: 'Bowling game' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('keeps the sections behind a menu button on a phone, and shows them all without JavaScript', async () => {
    const phone = await open('/postmortems/', { width: 390 });
    const nav = phone.getByRole('navigation', { name: 'Sections' });
    const menu = phone.getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Standards' }).click();
    expect(new URL(phone.url()).pathname).toBe('/standards/');
    await phone.context().close();
    const noScript = await open('/postmortems/', { width: 390, javaScript: false });
    expect(await noScript.getByRole('navigation', { name: 'Sections' }).isVisible()).toBe(true);
    expect(await noScript.getByRole('button', { name: 'Menu' }).count()).toBe(0);
    await noScript.context().close();
  });

  it('remembers a chosen theme and applies it before the first paint of the next page', async () => {
    const page = await open('/standards/alerting/');
    await page.getByLabel('Colour theme').selectOption('dark');
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(await background()).toBe('rgb(15, 20, 25)');
    // The stored choice is applied by the head script, before the body is parsed: no light flash.
    await page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive')
          (window as unknown as { themeAtParse: string }).themeAtParse = document.documentElement.dataset.theme ?? '';
      });
    });
    await page.goto(page.url().replace('/standards/alerting/', '/postmortems/'));
    expect(await page.evaluate(() => (window as unknown as { themeAtParse: string }).themeAtParse)).toBe('dark');
    expect(await background()).toBe('rgb(15, 20, 25)');
    await page.getByLabel('Colour theme').selectOption('auto');
    await page.reload();
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.context().close();
  });

  it('stacks action items on a phone with their status first, and shows the body section they belong to', async () => {
    const phone = await open('/postmortems/2024-05-01-cache-stampede/', { width: 390 });
    const row = phone.locator('.action-table tbody tr').first();
    const status = await row.locator('.action-status').boundingBox();
    const title = await row.locator('.action-title').boundingBox();
    expect(status!.x + status!.width).toBeLessThanOrEqual(390);
    expect(status!.y).toBeLessThan(title!.y);
    // The table sits under the body's own "Action items" heading, in place of its list.
    const heading = phone.getByRole('heading', { name: 'Action items', exact: true });
    expect(await heading.count()).toBe(1);
    expect(await phone.locator('.doc-body .action-table').count()).toBe(1);
    await phone.context().close();
  });

  it('has a table of contents and heading links that lead to their sections', async () => {
    const page = await open('/postmortems/2024-03-07-db-failover/');
    const toc = page.getByRole('navigation', { name: 'On this page' });
    expect(await toc.getByRole('link').allTextContents()).toEqual(['Timeline', 'Lessons learned']);
    await toc.getByRole('link', { name: 'Lessons learned' }).click();
    expect(new URL(page.url()).hash).toBe('#lessons-learned');
    const anchor = page.getByRole('link', { name: 'Link to the section Timeline' });
    expect(await anchor.getAttribute('href')).toBe('#timeline');
    await page.context().close();
  });

  it('prints in dark ink on white, without the site chrome or the table of contents', async () => {
    const page = await open('/postmortems/2024-03-07-db-failover/', { dark: true });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const look = await page.evaluate(() => ({
      text: getComputedStyle(document.documentElement).color,
      background: getComputedStyle(document.documentElement).backgroundColor,
      header: getComputedStyle(document.querySelector('.site-header')!).display,
      toc: getComputedStyle(document.querySelector('.toc')!).display,
    }));
    expect(look).toEqual({ text: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)', header: 'none', toc: 'none' });
    await page.context().close();
  });

  it('lets a keyboard user skip to the content', async () => {
    const page = await open('/postmortems/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to content');
    await page.context().close();
  });
});
