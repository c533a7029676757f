/**
 * The two real repositories in ../shared/corpora, built as they are: nothing may be dropped.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, siteInBrowser } from '../helpers/browser.ts';
import { CORPORA_CANDIDATES, corporaDir } from '../helpers/corpora.ts';
import { makeTempDir } from '../helpers/git-repo.ts';
import { measureSearch } from '../helpers/search-metrics.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

const corpora = corporaDir ?? '';
const dfds = path.join(corpora, 'dfds-postmortems.bundle');
const ukho = path.join(corpora, 'ukho-engineering-standards.bundle');
const available = corpora !== '' && existsSync(ukho);
if (!available)
  console.warn(
    `real-corpora: the shared bundles were not found (${CORPORA_CANDIDATES.join(', ')}); set KNOWLEDGE_CORPORA. Skipping.`,
  );

let work: string;
let site: SiteBuild;

beforeAll(async () => {
  if (!available) return;
  work = makeTempDir('knowledge-corpora-');
  const sources = path.join(work, 'sources.yaml');
  writeFileSync(
    sources,
    `site: { title: Real corpora }
sources:
  - name: dfds
    repo: ${dfds}
    ref: master
    kind: postmortem
    include: ["PM*"]
    exclude: ["PMyyyy*"]
  - name: ukho
    repo: ${ukho}
    kind: standard
    include: ["docs/{standards,patterns,principles}/*.md"]
    exclude: ["**/*.template.md"]
`,
  );
  site = await buildSite(sources, path.join(work, 'dist'), { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache') });
}, 240_000);
afterAll(() => work && rmSync(work, { recursive: true, force: true }));

describe.skipIf(!available || !browserAvailable)('searching the real corpora in Chromium', () => {
  const web = siteInBrowser(() => path.join(work, 'dist'));

  it('finds the DFDS post-mortem about Log4Shell first', async () => {
    const page = await web.browser.newPage();
    await page.goto(`${web.url}/search/`);
    await page.waitForSelector('html[data-search-ready]');
    await page.locator('#q').fill('Log4Shell');
    await expect.poll(() => page.locator('#results h3').first().textContent()).toBe('Log4Shell investigations');
    await page.close();
  });

  it('puts an exact id first, and narrows by a filter chosen before typing', async () => {
    const page = await web.browser.newPage();
    await page.goto(`${web.url}/search/?q=PM2022-009`);
    await expect.poll(() => page.locator('#results h3').first().textContent()).toBe('Bad AWS EKS AMI');
    await page.goto(`${web.url}/search/`);
    await page.waitForSelector('html[data-search-run]');
    await page
      .getByRole('group', { name: 'Filters' })
      .getByRole('checkbox', { name: /^Post-mortems/ })
      .check();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('39 results with these filters');
    expect(new URL(page.url()).searchParams.get('kind')).toBe('Post-mortems');
    await page.close();
  });

  it('reports its figures', async () => {
    console.log(
      `search figures, real corpora (89 documents): ${await measureSearch(web.browser, web.url, path.join(work, 'dist'), 'Log4Shell')}`,
    );
  });
});

describe.skipIf(!available)('the shared real corpora', () => {
  it('builds all 39 DFDS post-mortems and all 50 Home Office documents, with no document skipped', () => {
    expect(site.code, site.output).toBe(0);
    const bySource = Object.fromEntries(site.report.sources.map((s) => [s.name, s.documents]));
    expect(bySource).toEqual({ dfds: 39, ukho: 50 });
    expect(site.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('gives every page a title and a date', () => {
    for (const [dir, count] of [
      ['postmortems', 39],
      ['standards', 50],
    ] as const) {
      const index = site.page(`/${dir}/`);
      const rows = [
        ...index.matchAll(
          /<li[^>]*><div class="doc-meta">[\s\S]*?<time datetime="(\d{4}-\d{2}-\d{2})">[\s\S]*?<h2><a href="([^"]+)">([^<]+)<\/a><\/h2>/g,
        ),
      ];
      expect(rows).toHaveLength(count);
      for (const [, date, href, title] of rows) {
        expect(date).toMatch(/^20\d\d-/);
        expect(title!.trim().length).toBeGreaterThan(3);
        expect(site.exists(href!)).toBe(true);
      }
    }
  });

  it('takes what the files say without our frontmatter: DFDS ids, timelines, action items; Home Office requirements', () => {
    const log4shell = site.page('/postmortems/pm2021-011-log4shell/');
    expect(log4shell).toContain('<h1>Log4Shell investigations</h1>');
    expect(log4shell).toContain('PM2021-011');
    expect(log4shell).toContain('Teach the teams how to scan and secure their infrastructure');
    const noExtension = site.page('/postmortems/pm2022-009-bad-aws-eks-ami-causing-kubernetes-issues/');
    expect(noExtension).toContain('PM2022-009');
    const secrets = site.page('/standards/managing-secrets/');
    expect(secrets).toContain('SEGAS-00006');
    expect(secrets).toMatch(/Requirements[\s\S]*You MUST only store secrets in an approved secret management system/);
    // the repository's own nested `related` links resolve to our pages
    expect(site.page('/standards/securing-application-logging/')).toContain('href="/standards/managing-secrets/"');
  });
});
