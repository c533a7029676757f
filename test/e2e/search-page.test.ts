/**
 * The search page as a reader meets it, in Chromium over a real build of the fixture site: excerpts of the body
 * (no header facts glued together).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, siteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { TestRepo } from '../helpers/git-repo.ts';
import { buildSite } from '../helpers/site-build.ts';

let repo: TestRepo;
let work: string;

beforeAll(async () => {
  ({ repo, work } = fixtureSite('Search Org', 'knowledge-search-page-'));
  const site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  });
  if (site.code !== 0) throw new Error(site.output);
}, 240_000);

afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!browserAvailable)('the search page in Chromium', () => {
  const web = siteInBrowser(() => path.join(work, 'dist'));

  async function open(query = ''): Promise<Page> {
    const page = await (await web.browser.newContext()).newPage();
    await page.goto(`${web.url}/search/${query}`);
    await page.waitForSelector('html[data-search-run]');
    return page;
  }
  const runOf = (page: Page) => page.evaluate(() => document.documentElement.dataset.searchRun);

  it('shows a kata excerpt from its body, without its header facts run together', async () => {
    const page = await open();
    await page.locator('#q').fill('bowling');
    const first = page.locator('#results li').first();
    await expect.poll(() => first.locator('h3').textContent()).toBe('Bowling game');
    const excerpt = (await first.locator('p').first().textContent()) ?? '';
    expect(excerpt).toContain('Score a game of ten-pin');
    // The facts (Level beginner, Duration 90 min, Topics tdd) are not in the excerpt, glued or not.
    expect(excerpt).not.toMatch(/Level|Duration|Topics|90 min/);
    expect(excerpt).not.toMatch(/[a-z][A-Z][a-z]/);
    // Filtered without a query, the excerpt is the start of the body, not the header's chrome.
    await page.locator('#q').fill('');
    await page
      .getByRole('group', { name: 'Filters' })
      .getByRole('checkbox', { name: /^Katas/ })
      .check();
    await expect.poll(() => page.locator('#results h3').allTextContents()).toEqual(['Bowling game']);
    expect(await page.locator('#results li p').first().textContent()).toMatch(/^Bowling game\. Score a game/);
    await page.context().close();
  });

  it('still finds a document by its id, first, and by a fact of its header', async () => {
    const page = await open('?q=MON-001');
    await expect.poll(() => page.locator('#results h3').first().textContent()).toBe('Alert on symptoms, not causes');
    await page.locator('#q').fill('monitoring');
    await expect.poll(() => page.locator('#results h3').allTextContents()).toContain('Alert on symptoms, not causes');
    await page.context().close();
  });
});
