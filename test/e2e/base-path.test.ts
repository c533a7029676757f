/**
 * The fixture site built with `site.base: /handbook/` and served under `/handbook/` only, as GitHub or GitLab Pages
 * serve a project's site: every address a page names is found, feeds and the sitemap point below the base, and
 * search finds a document whose result link works.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';
import { serveStatic } from '../helpers/static-server.ts';

const BASE = '/handbook/';
const SITE = 'https://docs.example.org';
// A 1×1 PNG, so that a body shows an image copied into `/_files/`.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let repo: TestRepo;
let work: string;
let site: SiteBuild;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  const fixture = fixtureSite('Base Org', 'knowledge-base-path-');
  ({ repo, work } = fixture);
  repo.write('postmortems/diagram.png', PNG);
  repo.write(
    'postmortems/2024-09-02-queue-backlog.md',
    `---
title: Queue backlog after a deploy
date: 2024-09-02
severity: SEV3
services: [queue]
tags: [queues]
---

![The backlog](diagram.png)

Read [the alerting standard](../standards/alerting.md#why) before the next one.
`,
  );
  repo.commit('an incident with an image and a link');
  const sources = readFileSync(fixture.sources, 'utf8').replace(
    'site: { title: Base Org }',
    `site: { title: Base Org, url: "${SITE}", base: "${BASE}" }`,
  );
  writeFileSync(fixture.sources, sources);
  site = await buildSite(fixture.sources, path.join(work, 'dist'), { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache') });
  if (site.code !== 0) throw new Error(site.output);
  server = await serveStatic(site.outDir, { base: BASE });
}, 240_000);

afterAll(async () => {
  await server?.close();
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every HTML file of the site, as the address it is served at (`postmortems/index.html` → `/handbook/postmortems/`). */
function builtPages(): string[] {
  return (readdirSync(site.outDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.html') && !/^pagefind/.test(f))
    .map(
      (f) =>
        `${BASE}${f
          .split(path.sep)
          .join('/')
          .replace(/(^|\/)index\.html$/, '$1')}`,
    );
}

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<');

describe('a site served under a base path', () => {
  it('finds every address any page names: links, images, styles, scripts, feeds, the search form', async () => {
    const pages = builtPages();
    expect(pages).toContain(`${BASE}postmortems/2024-09-02-queue-backlog/`);
    expect(pages).toContain(`${BASE}404.html`);
    const named = new Map<string, string>();
    for (const page of pages) {
      const response = await fetch(server.url + page);
      expect(response.status, page).toBe(200);
      const html = await response.text();
      for (const m of html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)) {
        const u = new URL(decodeEntities(m[1]!), server.url + page);
        if (u.origin !== server.url) continue;
        u.hash = '';
        u.search = '';
        if (!named.has(u.href)) named.set(u.href, page);
      }
    }
    // The home page, the image, the document linked from a body, the stylesheet and the search script are among them.
    const paths = [...named.keys()].map((u) => new URL(u).pathname);
    expect(paths).toEqual(expect.arrayContaining([BASE, `${BASE}standards/alerting/`, `${BASE}feed.xml`]));
    expect(paths.some((p) => p.startsWith(`${BASE}_files/`) && p.endsWith('.png'))).toBe(true);
    expect(paths.some((p) => p.startsWith(`${BASE}_astro/`) && p.endsWith('.css'))).toBe(true);
    expect(paths.some((p) => p.startsWith(`${BASE}_astro/`) && p.endsWith('.js'))).toBe(true);
    const missing: string[] = [];
    for (const [url, from] of named) {
      const response = await fetch(url);
      if (response.status !== 200) missing.push(`${new URL(url).pathname} (${response.status}, on ${from})`);
    }
    expect(missing).toEqual([]);
    expect(named.size).toBeGreaterThan(30);
  });

  it('gives canonical links, feeds, the sitemap and the JSON API addresses below the base', () => {
    const page = site.page('/postmortems/2024-09-02-queue-backlog/');
    expect(page).toContain(`<link rel="canonical" href="${SITE}${BASE}postmortems/2024-09-02-queue-backlog/">`);
    for (const feed of ['/feed.xml', '/postmortems/feed.xml', '/standards/feed.xml']) {
      const xml = site.page(feed);
      const links = [...xml.matchAll(/<link [^>]*href="([^"]*)"/g)].map((m) => m[1]!);
      expect(links.length, feed).toBeGreaterThan(1);
      for (const l of links) expect(l, feed).toMatch(new RegExp(`^${SITE}${BASE}`));
      expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${SITE}${BASE}${feed.slice(1)}"/>`);
      // Links and images inside the entries' content point below the base too.
      const inContent = [...decodeEntities(xml).matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
      for (const u of inContent.filter((x) => x.startsWith(SITE) || x.startsWith('/')))
        expect(u, feed).toMatch(new RegExp(`^${SITE}${BASE}`));
    }
    expect(decodeEntities(site.page('/postmortems/feed.xml'))).toMatch(
      new RegExp(`src="${SITE}${BASE}_files/[^"]+\\.png"`),
    );
    const locs = [...site.page('/sitemap.xml').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!);
    expect(locs).toContain(`${SITE}${BASE}`);
    expect(locs).toContain(`${SITE}${BASE}postmortems/2024-09-02-queue-backlog/`);
    for (const l of locs) expect(l).toMatch(new RegExp(`^${SITE}${BASE}`));
    const api = JSON.parse(site.page('/api/postmortems.json')) as { documents: Array<{ url: string }> };
    expect(api.documents.length).toBeGreaterThan(2);
    for (const d of api.documents) expect(d.url).toMatch(new RegExp(`^${BASE}postmortems/`));
  });

  it.skipIf(!browserAvailable)('searches in Chromium and follows a result to its page', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      expect((await page.goto(`${server.url}${BASE}search/`))?.status()).toBe(200);
      await page.waitForSelector('html[data-search-ready]');
      await page.locator('#q').fill('lagging replica');
      const first = page.locator('#results h3 a').first();
      await expect.poll(() => first.textContent()).toBe('Database failover to a lagging replica');
      expect(await first.getAttribute('href')).toBe(`${BASE}postmortems/2024-03-07-db-failover/`);
      await first.click();
      await page.waitForURL(`**${BASE}postmortems/2024-03-07-db-failover/`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Database failover to a lagging replica',
      );
      expect(failed).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
