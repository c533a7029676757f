/**
 * Every page of the example organisation on a phone: at 320 and 390 CSS pixels nothing is wider than the screen
 * (WCAG 1.4.10), whatever a page holds: wide tables, code blocks, long addresses.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, siteInBrowser } from '../helpers/browser.ts';
import { makeTempDir } from '../helpers/git-repo.ts';
import { buildSite } from '../helpers/site-build.ts';

const root = path.resolve(import.meta.dirname, '../..');
let work: string;

beforeAll(async () => {
  work = makeTempDir('knowledge-phone-');
  const site = await buildSite(path.join(root, 'content', 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  });
  if (site.code !== 0) throw new Error(site.output);
}, 240_000);
afterAll(() => work && rmSync(work, { recursive: true, force: true }));

/** The URL paths of every HTML page of a built site. */
function pagesOf(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'))
    .map((f) => `/${f.split(path.sep).join('/')}`.replace(/index\.html$/, ''))
    .sort();
}

describe.skipIf(!browserAvailable)('the example organisation on a phone', () => {
  const web = siteInBrowser(() => path.join(work, 'dist'));

  for (const width of [320, 390])
    it(`fits every page into ${width} px`, async () => {
      const pages = pagesOf(path.join(work, 'dist'));
      expect(pages.length).toBeGreaterThan(150);
      const context = await web.browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      const wide: string[] = [];
      for (const p of pages) {
        await page.goto(`${web.url}${p}`);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scroll > width) wide.push(`${p} (${scroll} px)`);
      }
      await context.close();
      expect(wide).toEqual([]);
    }, 240_000);
});
