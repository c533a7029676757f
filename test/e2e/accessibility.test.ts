/**
 * axe-core in Chromium over every page of the example organisation and of the four shared corpora, in the light
 * and the dark colour scheme and on a 390 px phone: no violation. Each one found is printed as page, rule and
 * element, so that a failure says what to fix. Then the keyboard: the skip link and a visible focus (the filters: search-page.test.ts).
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type AxeView } from '../helpers/axe.ts';
import { browserAvailable, htmlPagesOf, launchBrowser } from '../helpers/browser.ts';
import { allCorporaAvailable, corporaDir, fourCorporaSources } from '../helpers/corpora.ts';
import { makeTempDir } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';
import { serveStatic } from '../helpers/static-server.ts';
import type { Browser } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '../..');
// Two views cover both schemes and both widths: the scheme changes only colours, the width only the layout.
const VIEWS: AxeView[] = [
  { colorScheme: 'light', width: 1280 },
  { colorScheme: 'dark', width: 390 },
];

let work: string;
let example: SiteBuild;
let corpora: SiteBuild | undefined;
let browser: Browser;

beforeAll(async () => {
  work = makeTempDir('knowledge-a11y-');
  const sources = path.join(work, 'corpora.yaml');
  if (allCorporaAvailable) writeFileSync(sources, fourCorporaSources(corporaDir!));
  // One build after the other: the machine running CI may have two cores.
  example = await buildSite(path.join(root, 'content', 'sources.yaml'), path.join(work, 'example'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'example-cache'),
    KNOWLEDGE_ASTRO_CACHE: path.join(work, 'example-astro'),
  });
  if (allCorporaAvailable)
    corpora = await buildSite(sources, path.join(work, 'corpora'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'corpora-cache'),
      KNOWLEDGE_ASTRO_CACHE: path.join(work, 'corpora-astro'),
    });
  if (browserAvailable) browser = await launchBrowser();
}, 480_000);
afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function violationsOf(site: SiteBuild, least: number): Promise<string[]> {
  expect(site.code, site.output).toBe(0);
  const pages = htmlPagesOf(site.outDir);
  expect(pages.length).toBeGreaterThan(least);
  const server = await serveStatic(site.outDir);
  const started = Date.now();
  try {
    return await axeViolations(browser, server.url, pages, VIEWS);
  } finally {
    console.log(
      `axe: ${pages.length} pages × ${VIEWS.length} views of ${path.basename(site.outDir)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await server.close();
  }
}

describe.skipIf(!browserAvailable)('accessibility of every page (axe-core in Chromium)', () => {
  it('finds no violation on the example organisation', async () => {
    const found = await violationsOf(example, 150);
    expect(found, found.join('\n')).toEqual([]);
  }, 600_000);

  it.skipIf(!allCorporaAvailable)(
    'finds no violation on the four shared corpora',
    async () => {
      const found = await violationsOf(corpora!, 300);
      expect(found, found.join('\n')).toEqual([]);
    },
    900_000,
  );
});

/** What the focused element is and whether it shows that it has the focus (an outline or a shadow). */
function focusState(): { what: string; shown: boolean } {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return { what: 'body', shown: false };
  const css = getComputedStyle(el);
  const outline = css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) > 0;
  const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${(el.textContent ?? '').trim().slice(0, 30) || el.getAttribute('aria-label') || ''}`;
  return { what, shown: outline || css.boxShadow !== 'none' };
}

describe.skipIf(!browserAvailable)('the example organisation with a keyboard', () => {
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await serveStatic(example.outDir);
  });
  afterAll(() => server?.close());

  it('has the skip link as the first Tab stop, and it moves the focus to the main content', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/standards/alerting-on-symptoms/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab stop is inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    await page.close();
  });

  for (const [name, url] of [
    ['a document page', '/standards/alerting-on-symptoms/'],
    ['the search page', '/search/'],
  ])
    it(`shows where the focus is at each of the first 15 Tab stops of ${name}`, async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}${url}`);
      await page.waitForLoadState('networkidle');
      const hidden: string[] = [];
      for (let i = 0; i < 15; i++) {
        await page.keyboard.press('Tab');
        const state = await page.evaluate(focusState);
        if (!state.shown) hidden.push(`${i + 1}: ${state.what}`);
      }
      expect(hidden).toEqual([]);
      await page.close();
    });
});
