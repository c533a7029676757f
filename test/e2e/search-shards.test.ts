/**
 * A search index in shards, as a large site gets it (here with a shard size of 2 pages): every document is found
 * across shards in Chromium, filters count them all, and a change to one document indexes only its shard again.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, siteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

let repo: TestRepo;
let work: string;
let first: SiteBuild;
let shards = 0;
const env = () => ({ KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'), KNOWLEDGE_SEARCH_SHARD_PAGES: '2' });

beforeAll(async () => {
  ({ repo, work } = fixtureSite('Shard Org', 'knowledge-shards-'));
  first = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), env());
  if (first.code !== 0) throw new Error(first.output);
}, 240_000);

afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a search index in shards', () => {
  it('indexes every document page into its shard and lists the shards for the search page', () => {
    // Three folders: the post-mortems (3 pages, more than a shard holds, so split), one kata, one standard.
    const m = /search index: 5 document pages in (\d+) shards, \1 shard\(s\) indexed/.exec(first.output);
    expect(m, first.output).not.toBeNull();
    shards = Number(m![1]);
    expect(shards).toBeGreaterThanOrEqual(3);
    const list = JSON.parse(readFileSync(path.join(first.outDir, 'pagefind', 'knowledge-shards.json'), 'utf8')) as {
      shards: string[];
    };
    expect(list.shards).toEqual(Array.from({ length: shards - 1 }, (_, i) => `/pagefind-${i + 1}/`));
    for (const folder of ['pagefind', ...list.shards.map((s) => s.slice(1, -1))])
      expect(existsSync(path.join(first.outDir, folder, 'pagefind-entry.json'))).toBe(true);
    // Shards are not pages: the sitemap has none of them.
    expect(existsSync(path.join(first.outDir, 'sitemap.xml'))).toBe(false);
  });

  describe.skipIf(!browserAvailable)('in Chromium', () => {
    const web = siteInBrowser(() => first.outDir);

    it('finds documents of every shard, and counts every document in the filters', async () => {
      const page = await (await web.browser.newContext()).newPage();
      await page.goto(`${web.url}/search/`);
      await page.waitForSelector('html[data-search-run]');
      // Before typing: every document, newest first, from all the shards.
      await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/^5 results/);
      const filters = page.getByRole('group', { name: 'Filters' });
      await filters.getByRole('checkbox', { name: /Post-mortems/ }).check();
      await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/^3 results/);
      await filters.getByRole('checkbox', { name: /Post-mortems/ }).uncheck();
      for (const [query, title] of [
        ['lagging replica', 'Database failover to a lagging replica'],
        ['bowling', 'Bowling game'],
        ['vault token', 'Vault token exposed in the staging logs'],
      ] as const) {
        await page.locator('#q').fill(query);
        await expect.poll(() => page.locator('#results h3').first().textContent()).toBe(title);
      }
      await page.context().close();
    });
  });

  it('indexes again only the shard of a changed document', async () => {
    repo.write(
      'postmortems/2024-08-09-vault-token.md',
      `${readFileSync(path.join(repo.dir, 'postmortems/2024-08-09-vault-token.md'), 'utf8')}\n\nA later review found the renewal job had been disabled.\n`,
    );
    repo.commit('edit one post-mortem', '2024-09-01T12:00:00Z');
    const again = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), env());
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain(`search index: 5 document pages in ${shards} shards, 1 shard(s) indexed`);
    const unchanged = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), env());
    expect(unchanged.output).toContain(`search index: unchanged (5 document pages in ${shards} shards)`);
  }, 240_000);
});
