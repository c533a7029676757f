/**
 * The search page as a reader meets it, in Chromium over a real build of the fixture site: excerpts of the body
 * (no header facts glued together), the keyboard focus kept on a ticked filter, one status announcement per
 * pause in typing, and filter counts within the current selection.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, siteInBrowser } from '../helpers/browser.ts';
import { builtFixtureSite } from '../helpers/fixture-site.ts';

const site = builtFixtureSite('Search Org', 'knowledge-search-page-');

describe.skipIf(!browserAvailable)('the search page in Chromium', () => {
  const web = siteInBrowser(() => site.dist);

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
    // A space after a highlighted word stays (it was lost: "Bowlinggame").
    expect(excerpt).toMatch(/^Bowling game\. Score a game of ten-pin bowling, /);
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

  it('keeps the focus on a filter ticked with the keyboard', async () => {
    const page = await open();
    const box = page.getByRole('group', { name: 'Filters' }).getByRole('checkbox', { name: /^SEV3/ });
    await box.focus();
    const before = await runOf(page);
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#results h3').allTextContents()).toEqual(['Cache stampede after deploy']);
    await expect.poll(() => runOf(page)).not.toBe(before);
    expect(await box.isChecked()).toBe(true);
    expect(
      await page.evaluate(() => {
        const a = document.activeElement as HTMLInputElement | null;
        return a?.type === 'checkbox' ? `${a.name}=${a.value}` : (a?.tagName ?? null);
      }),
    ).toBe('severity=SEV3');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#results li').count()).toBeGreaterThan(1);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('SEV3');
    await page.context().close();
  });

  it('announces the result count once when typing pauses, not at every letter', async () => {
    const page = await open();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/results/);
    await page.evaluate(() => {
      const w = window as unknown as { statusChanges: string[]; typed: number[] };
      w.statusChanges = [];
      w.typed = [];
      const status = document.getElementById('search-status')!;
      new MutationObserver(() => w.statusChanges.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
      document.getElementById('q')!.addEventListener('input', () => w.typed.push(performance.now()));
    });
    const before = await runOf(page);
    // Slower than the search's own 80 ms debounce: every letter runs a search and shows its results.
    await page.locator('#q').pressSequentially('replica', { delay: 150 });
    await expect
      .poll(() => page.locator('#results h3').first().textContent())
      .toBe('Database failover to a lagging replica');
    expect(Number(await runOf(page)) - Number(before)).toBeGreaterThan(3);
    await page.waitForTimeout(1200);
    const { statusChanges, typed } = await page.evaluate(() => {
      const w = window as unknown as { statusChanges: string[]; typed: number[] };
      return { statusChanges: w.statusChanges, typed: w.typed };
    });
    // A pause of 500 ms between two letters is a pause in typing (a loaded machine can make one): one more.
    const pauses = typed.slice(1).filter((t, i) => t - typed[i]! >= 500).length;
    expect(statusChanges.length).toBeLessThanOrEqual(1 + pauses);
    expect(statusChanges.at(-1)).toMatch(/^\d+ results? for “replica”$/);
    await page.context().close();
  });

  it('counts each filter value within the current selection, AND across filters and OR within one', async () => {
    const page = await open();
    const filters = page.getByRole('group', { name: 'Filters' });
    const count = (name: RegExp) => filters.getByRole('checkbox', { name }).locator('xpath=..').locator('.count');
    await filters.getByRole('checkbox', { name: /^SEV3/ }).check();
    await expect.poll(() => page.locator('#results li').count()).toBe(1);
    // Other filters count within the selection: one post-mortem, on payments-api and search; no kata.
    await expect.poll(() => count(/^payments-api/).textContent()).toBe('1');
    expect(await count(/^Post-mortems/).textContent()).toBe('1');
    expect(await filters.getByRole('checkbox', { name: /^Katas/ }).count()).toBe(0);
    expect(await filters.getByRole('checkbox', { name: /^vault/ }).count()).toBe(0);
    // The chosen filter's own values count without its choice (they add to it).
    expect(await count(/^SEV2/).textContent()).toBe('1');
    await filters.getByRole('checkbox', { name: /^SEV2/ }).check();
    await expect.poll(() => page.locator('#results li').count()).toBe(2);
    await expect.poll(() => count(/^payments-api/).textContent()).toBe('2');
    // And across filters: SEV2 or SEV3, on the search service.
    await filters.getByRole('checkbox', { name: /^search/ }).check();
    await expect.poll(() => page.locator('#results h3').allTextContents()).toEqual(['Cache stampede after deploy']);
    expect(await count(/^SEV2/).textContent()).toBe('0');
    await page.context().close();
  });

  it('folds the filters above the results on a phone, saying how many are chosen', async () => {
    const page = await (await web.browser.newContext({ viewport: { width: 390, height: 800 } })).newPage();
    await page.goto(`${web.url}/search/?q=cache&severity=SEV3`);
    await expect.poll(() => page.locator('#results h3').allTextContents()).toEqual(['Cache stampede after deploy']);
    const summary = page.locator('.search-fold summary');
    expect(await summary.textContent()).toBe('Filters (1)');
    expect(await page.getByRole('checkbox', { name: /SEV3/ }).isVisible()).toBe(false);
    const first = await page.locator('#results h3').first().boundingBox();
    expect(first!.y).toBeLessThan(800);
    await summary.click();
    expect(await page.getByRole('checkbox', { name: /SEV3/ }).isChecked()).toBe(true);
    await page.context().close();
  });
});
