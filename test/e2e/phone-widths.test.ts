/**
 * Every page of the example organisation on a phone: at 320 and 390 CSS pixels nothing is wider than the screen
 * (WCAG 1.4.10), whatever a page holds: wide tables, code blocks, long addresses.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, htmlPagesOf, pagesWiderThan, siteInBrowser } from '../helpers/browser.ts';
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

describe.skipIf(!browserAvailable)('the example organisation on a phone', () => {
  const web = siteInBrowser(() => path.join(work, 'dist'));

  for (const width of [320, 390])
    it(`fits every page into ${width} px`, async () => {
      const pages = htmlPagesOf(path.join(work, 'dist'));
      expect(pages.length).toBeGreaterThan(150);
      expect(await pagesWiderThan(web.browser, web.url, pages, width)).toEqual([]);
    }, 240_000);
});
