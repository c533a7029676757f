/**
 * The filters of a kind's index and of the action items in Chromium: they combine, count within the choice, keep
 * the keyboard's focus and live in the URL; on a phone they fold above the list. Without JavaScript, and on a
 * value's own page, the pre-rendered links and counts stand in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, siteInBrowser } from '../helpers/browser.ts';
import { builtFixtureSite } from '../helpers/fixture-site.ts';

const site = builtFixtureSite('Filter Org', 'knowledge-filters-');

const shownTitles = (page: Page) => page.locator('.doc-list > li:visible h2').allTextContents();
const countOf = (page: Page, facet: string, value: string) =>
  page.locator(`section[data-facet="${facet}"] li[data-value="${value}"] .count`).textContent();

describe.skipIf(!browserAvailable)('list filters in Chromium', () => {
  const web = siteInBrowser(() => site.dist);

  async function open(pathname: string, options: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
    const context = await web.browser.newContext({
      javaScriptEnabled: options.javaScript ?? true,
      viewport: { width: options.width ?? 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(web.url + pathname);
    return page;
  }

  it('combine across facets, count within the choice, keep focus, and live in the URL', async () => {
    const page = await open('/postmortems/');
    const filters = page.getByRole('complementary', { name: 'Filters' });
    const service = filters.getByRole('group', { name: 'Service' }).getByRole('checkbox', { name: 'payments-api' });
    await service.focus();
    await page.keyboard.press('Space');
    expect(await service.isChecked()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.value)).toBe('payments-api');
    expect(await shownTitles(page)).toEqual(['Cache stampede after deploy', 'Database failover to a lagging replica']);
    // Severities now count among the two payments-api incidents only.
    expect([await countOf(page, 'severity', 'sev1'), await countOf(page, 'severity', 'sev3')]).toEqual(['0', '1']);
    await filters.getByRole('checkbox', { name: 'SEV3' }).check();
    expect(await shownTitles(page)).toEqual(['Cache stampede after deploy']);
    expect(await page.getByRole('status').textContent()).toBe('Showing 1 of 3.');
    const url = new URL(page.url());
    expect([url.searchParams.getAll('service'), url.searchParams.getAll('severity')]).toEqual([
      ['payments-api'],
      ['sev3'],
    ]);
    await page.reload();
    expect(await shownTitles(page)).toEqual(['Cache stampede after deploy']);
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    expect(await shownTitles(page)).toHaveLength(3);
    expect(new URL(page.url()).search).toBe('');
    await page.context().close();
  });

  it('fold above the list on a phone, saying how many are chosen', async () => {
    const page = await open('/postmortems/?severity=sev1&severity=sev2', { width: 390 });
    const summary = page.locator('.facets summary');
    expect(await summary.textContent()).toBe('Filters (2)');
    expect(await page.getByRole('checkbox', { name: 'SEV1' }).isVisible()).toBe(false);
    const [filtersBox, firstItem] = await Promise.all([
      summary.boundingBox(),
      page.locator('.doc-list > li:visible').first().boundingBox(),
    ]);
    expect(filtersBox!.y).toBeLessThan(firstItem!.y);
    await summary.click();
    expect(await page.getByRole('checkbox', { name: 'SEV1' }).isChecked()).toBe(true);
    await page.context().close();
  });

  it('narrow the action items by team and status together', async () => {
    const page = await open('/postmortems/actions/?status=open');
    const rows = page.locator('.action-table tbody tr:visible .action-title');
    expect(await rows.allTextContents()).toEqual(['Alert on replica lag', 'Warm the cache before switching traffic']);
    await page.getByRole('group', { name: 'Team' }).getByRole('checkbox', { name: 'payments' }).check();
    expect(await rows.allTextContents()).toEqual(['Alert on replica lag']);
    await page.context().close();
  });

  it('are links to each value\u2019s page without JavaScript', async () => {
    const page = await open('/postmortems/', { javaScript: false });
    await page.getByRole('complementary', { name: 'Filters' }).getByRole('link', { name: 'SEV3' }).click();
    expect(new URL(page.url()).pathname).toBe('/postmortems/severity/sev3/');
    await page.context().close();
  });
});

describe.skipIf(!browserAvailable)('a value\u2019s own page', () => {
  it('counts the other facets within its documents, and its own facet over all of them', () => {
    const html = readFileSync(path.join(site.dist, 'postmortems/service/payments-api/index.html'), 'utf8');
    const section = (facet: string) =>
      new RegExp(`<section data-facet="${facet}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
    const counts = (facet: string) =>
      [...section(facet).matchAll(/data-value="([^"]+)"[\s\S]*?class="count">(\d+)</g)].map((m) => `${m[1]} ${m[2]}`);
    expect(counts('severity')).toEqual(['sev2 1', 'sev3 1']);
    expect(counts('service')).toEqual(['payments-api 2', 'search 1', 'vault 1']);
  });
});
