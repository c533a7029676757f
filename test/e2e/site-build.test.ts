/**
 * Real builds of a small fixture organisation, pulled from a real temporary git repository over file://.
 */
import { cpSync, linkSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

const fixture = path.resolve(import.meta.dirname, '../fixtures/site');
let repo: TestRepo;
let work: string;
// The site's own caches: a build of another test that shares Astro's would change what this one reuses.
const caches = () => ({
  KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro'),
});
let sources: string;
let first: SiteBuild;

function writeSources(extra = '') {
  writeFileSync(
    sources,
    `site: { title: Fixture Org, url: "https://fixture.example.org", ticket_url: "https://jira.example.org/browse/{ticket}" }
sources:
  - { name: incidents, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*.md"], edit_url: "https://git.example.org/x/-/edit/{ref}/{path}" }
  - { name: standards, repo: "${repo.url}", kind: standard, include: ["standards/*.md"] }
  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*"] }
  - { name: trusted-katas, repo: "${repo.url}", kind: kata, include: ["trusted/*.mdx"], trust: mdx }
${extra}`,
  );
}

beforeAll(async () => {
  repo = createTestRepo();
  cpSync(fixture, repo.dir, { recursive: true });
  repo.commit('fixture', '2024-06-01T12:00:00Z', 'Fixture Author');
  work = makeTempDir('knowledge-site-');
  sources = path.join(work, 'sources.yaml');
  writeSources();
  first = await buildSite(sources, path.join(work, 'dist'), caches());
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('a fixture site, built for real', () => {
  it('builds, and skips only the broken documents, naming each', () => {
    expect(first.code, first.output).toBe(0);
    expect(first.report.totals.documents).toBe(6);
    const errors = first.report.problems.filter((p) => p.severity === 'error').map(formatProblem);
    expect(errors).toEqual([
      'incidents:postmortems/broken-severity.md:4: severity: skipped: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9"',
      expect.stringMatching(
        /^katas:katas\/not-trusted\.mdx: skipped: MDX runs code at build time, and source "katas" is not trusted for it/,
      ),
    ]);
    // An internal build keeps internal regions and internal-only fields.
    expect(first.page('/postmortems/2024-03-07-db-failover/')).toContain('CANARY-REGION-TEXT');
    expect(first.page('/postmortems/2024-03-07-db-failover/')).toContain('OPS-101');
    expect(first.output).toContain('incidents (postmortem): 3 document(s) from');
    // The sources are synced once, started with the build and taken by every loader.
    expect(first.output.match(/syncing \d+ source\(s\)/g)).toHaveLength(1);
  });

  it('renders the document pages first, in path order (the order of the search shards), then the other pages', () => {
    // Astro prints a page's line before rendering it and its time after: lines of pages rendered at once run together.
    const rendered = [...first.output.matchAll(/[├└]─ (\/\S*?\.(?:html|json|xml))/g)].map((m) => m[1]!);
    const isDocument = (p: string) =>
      /^\/(postmortems|sessions|standards|katas|strategy)\/[^/]+\/index\.html$/.test(p) &&
      !/\/(index|stats|actions)\//.test(p);
    const documents = rendered.filter(isDocument);
    expect(documents).toHaveLength(6);
    expect(rendered.slice(0, 6)).toEqual(documents);
    expect(documents).toEqual([...documents].sort());
  });

  it('indexes a summary read from the body once, in the body', () => {
    const html = first.page('/postmortems/2024-03-07-db-failover/');
    expect(html).toMatch(/<p class="lede" data-pagefind-ignore[^>]*>Payments failed for 43 minutes/);
    expect(html).toMatch(/<div class="doc-body">[\s\S]*<p>Payments failed for 43 minutes/);
  });

  it('renders a post-mortem with its header, durations, action items, related links and provenance', () => {
    const html = first.page('/postmortems/2024-03-07-db-failover/');
    expect(html).toContain('<h1>Database failover to a lagging replica</h1>');
    expect(html).toContain('12 min'); // time to detect
    expect(html).toContain('2 h 30 min'); // time to resolve
    expect(html).toMatch(/open, overdue/);
    expect(html).toContain('href="/standards/alerting/"');
    expect(html).toContain('href="/katas/tdd-bowling/"'); // related by kind/slug
    expect(html).toContain('class="broken-link"');
    expect(html).toContain('https://git.example.org/x/-/edit/');
    expect(html).toMatch(/Fixture Author in <code[^>]*>[0-9a-f]{10}<\/code>/);
    expect(html.match(/<script\b/g)).toHaveLength(2); // only the inline theme, menu and "/" scripts
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('shows backlinks, incidents on the same service, body-read requirements and action items', () => {
    const std = first.page('/standards/alerting/');
    expect(std).toMatch(
      /Related documents[\s\S]*Database failover to a lagging replica<\/a> <span[^>]*>Post-mortem · [^<]*links here/,
    );
    // A requirement the body states carries its id there, linked to itself.
    expect(std).toContain(
      '<li id="MON-001-R1" class="requirement"><a class="req-id" href="#MON-001-R1">MON-001-R1</a> Every alert MUST link to a runbook.',
    );
    expect(std).not.toContain('<h2>Requirements</h2>');
    expect(std).toMatch(/Review due<\/dt><dd class="status-overdue">2025-07-10/);
    const cache = first.page('/postmortems/2024-05-01-cache-stampede/');
    expect(cache).toMatch(
      /Related documents[\s\S]*Database failover[^<]*<\/a> <span[^>]*>Post-mortem · [^<]*same service: /,
    );
    expect(cache).toContain('Warm the cache before switching traffic');
  });

  it('folds kata solutions, and renders MDX only from a trusted source', () => {
    const kata = first.page('/katas/tdd-bowling/');
    expect(kata).toMatch(
      /<details class="spoiler"><summary><h2[^>]*>Solution<\/h2><\/summary>\s*<p>SECRET-SOLUTION-TEXT/,
    );
    expect(first.page('/katas/hello/')).toContain('The answer is 42.');
    expect(first.exists('/katas/not-trusted/')).toBe(false);
  });

  it('indexes document pages only, with their filters and metadata', async () => {
    const { readFileSync } = await import('node:fs');
    const entry = JSON.parse(readFileSync(path.join(first.outDir, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(entry.languages.en.page_count).toBe(6);
    const html = first.page('/postmortems/2024-03-07-db-failover/');
    expect(html).toContain('data-pagefind-body');
    expect(html).toContain('data-pagefind-filter="severity:SEV2"');
    expect(html).toContain('data-pagefind-meta="id:PM-2024-007"');
    expect(html).toContain('data-pagefind-sort="date:2024-03-07"');
    for (const page of [
      '/',
      '/postmortems/',
      '/postmortems/severity/sev2/',
      '/tags/failover/',
      '/health/',
      '/search/',
    ]) {
      expect(first.page(page)).not.toContain('data-pagefind-body');
    }
  });

  it('writes valid Atom feeds (read with a real feed parser), the JSON API and the sitemap', async () => {
    const { parseFeed } = await import('@rowanmanning/feed-parser');
    const all = parseFeed(first.page('/feed.xml'));
    expect(all.meta.type).toBe('atom');
    expect(all.title).toBe('Fixture Org');
    expect(all.self).toBe('https://fixture.example.org/feed.xml');
    expect(all.url).toBe('https://fixture.example.org/');
    expect(first.page('/feed.xml')).toContain('<id>https://fixture.example.org/feed.xml</id>');
    expect(all.updated).toBeInstanceOf(Date);
    expect(all.items).toHaveLength(6);
    const pms = parseFeed(first.page('/postmortems/feed.xml'));
    expect(pms.items.map((i) => i.title)).toEqual([
      'Vault token exposed in the staging logs',
      'Cache stampede after deploy',
      'Database failover to a lagging replica',
    ]);
    const failover = pms.items[2]!;
    expect(failover.id).toBe('https://fixture.example.org/postmortems/2024-03-07-db-failover/');
    expect(failover.url).toBe('https://fixture.example.org/postmortems/2024-03-07-db-failover/');
    expect(failover.updated).toBeInstanceOf(Date);
    expect(failover.authors.map((a) => a.name)).toEqual(['Canary Authorname']);
    expect(failover.content).toContain('Payments failed for 43 minutes');
    expect(failover.content).toContain('href="https://fixture.example.org/standards/alerting/"');
    const api = JSON.parse(first.page('/api/postmortems.json')) as {
      count: number;
      documents: Array<Record<string, unknown>>;
    };
    expect(api.count).toBe(3);
    expect(api.documents.find((d) => d.id === 'PM-2024-007')).toMatchObject({
      url: '/postmortems/2024-03-07-db-failover/',
      severity: 'SEV2',
      provenance: { source: 'incidents', path: 'postmortems/2024-03-07-db-failover.md' },
    });
    const sitemap = first.page('/sitemap.xml');
    expect(sitemap).toContain('<loc>https://fixture.example.org/postmortems/2024-03-07-db-failover/</loc>');
    expect(sitemap).toContain('<loc>https://fixture.example.org/postmortems/actions/</loc>');
    expect(sitemap).not.toContain('404');
  });

  it('gives every page a description of its own for search engines and link previews', () => {
    const pages = readdirSync(first.outDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(20);
    const without = pages.filter(
      (f) => !/<meta name="description" content="[^"]{20,}">/.test(readFileSync(path.join(first.outDir, f), 'utf8')),
    );
    expect(without).toEqual([]);
  });

  it('has a page for addresses it does not have, with the search box and the indexes', () => {
    expect(first.exists('/404.html')).toBe(true);
    const missing = readFileSync(path.join(first.outDir, '404.html'), 'utf8');
    expect(missing).toContain('<h1>Page not found</h1>');
    expect(missing).toMatch(/<form class="search-box" role="search" action="\/search\/" method="get">/);
    for (const index of ['/postmortems/', '/sessions/', '/standards/', '/katas/', '/strategy/'])
      expect(missing).toContain(`href="${index}"`);
  });

  it('lists every action item, overdue first, links ticket keys, and counts per team; computes statistics', () => {
    const actions = first.page('/postmortems/actions/');
    expect(actions).toMatch(
      /Alert on replica lag[\s\S]*Warm the cache before switching traffic[\s\S]*Runbook for failover/,
    );
    expect(actions).toContain('<a href="https://jira.example.org/browse/OPS-101">OPS-101</a>');
    expect(actions).toMatch(
      /<a href="\/postmortems\/actions\/team\/payments\/">payments<\/a><\/th><td class="num">1<\/td><td class="num status-overdue">1<\/td><td class="num">1<\/td>/,
    );
    expect(first.page('/postmortems/actions/status/overdue/')).toContain('Alert on replica lag');
    expect(first.page('/postmortems/actions/owner/ana/')).not.toContain('Runbook for failover');
    const stats = first.page('/postmortems/stats/');
    expect(stats).toContain('<svg class="chart" role="img"');
    expect(stats).toMatch(/<th scope="row">SEV2<\/th><td class="num">1<\/td><td class="num">12 min<\/td>/);
  });

  it('builds indexes, facet pages, tag pages, the home page and the health page', () => {
    expect(first.page('/postmortems/')).toMatch(/cache-stampede[\s\S]*db-failover/); // newest first
    expect(first.page('/postmortems/severity/sev2/')).toContain('Database failover to a lagging replica');
    expect(first.page('/postmortems/service/payments-api/')).toMatch(/2 of 3/);
    expect(first.page('/katas/topic/tdd/')).toContain('Bowling game');
    expect(first.page('/tags/failover/')).toContain('Database failover');
    expect(first.page('/')).toMatch(/<strong>3<\/strong>Post-mortems/);
    expect(first.page('/health/')).toContain('broken-severity.md:4: severity');
  });

  it('parses nothing again when nothing changed, then follows a new commit and a removed file', async () => {
    const again = await buildSite(sources, path.join(work, 'dist'), caches());
    expect(again.code, again.output).toBe(0);
    // No file is read again, and every problem of the first build is still reported.
    expect(again.report.totals).toMatchObject({ documents: 6, parsed: 0, reused: 8 });
    expect(again.report.problems).toEqual(first.report.problems);
    repo.write(
      'postmortems/2024-05-01-cache-stampede.md',
      '---\nseverity: SEV1\n---\n# Cache stampede, rewritten\n\nNow a SEV1 after review of the real impact on bookings.\n',
    );
    repo.remove('standards/alerting.md');
    repo.commit('edit and remove', '2024-07-01T12:00:00Z');
    // A second name for the published page: the next build must replace the page, not write through to this file.
    const published = path.join(work, 'published-stampede.html');
    linkSync(path.join(work, 'dist', 'postmortems', '2024-05-01-cache-stampede', 'index.html'), published);
    const third = await buildSite(sources, path.join(work, 'dist'), caches());
    expect(third.code, third.output).toBe(0);
    expect(third.report.totals).toMatchObject({ documents: 5 });
    expect(third.page('/postmortems/2024-05-01-cache-stampede/')).toContain('Cache stampede, rewritten');
    expect(third.exists('/standards/alerting/')).toBe(false);
    // The output folder was kept between builds, and what this build did not produce was deleted from it.
    expect(third.output).toMatch(/starting from the pages of the last build \([1-9]\d* linked, \d+ copied\)/);
    expect(readFileSync(published, 'utf8')).not.toContain('Cache stampede, rewritten');
    expect(third.output).toMatch(
      /deleted \d+ file\(s\) of the last build that this one did not produce: .*postmortems\/severity\/sev3\/index\.html/,
    );
    expect(third.exists('/pagefind/pagefind-entry.json')).toBe(true);
    // Pages that show the changed documents were rendered again, not restored from the incremental cache.
    expect(third.page('/postmortems/2024-03-07-db-failover/')).not.toContain('href="/standards/alerting/"');
    // The rewritten incident no longer names a service: it leaves the "this has happened before" list.
    expect(third.page('/postmortems/2024-03-07-db-failover/')).not.toContain('Cache stampede');
    expect(third.page('/postmortems/')).toContain('Cache stampede, rewritten');
    expect(third.page('/postmortems/severity/sev1/')).toContain('Cache stampede, rewritten');
    expect(third.exists('/postmortems/severity/sev3/')).toBe(false);
  }, 240_000);

  it('renders again the documents whose body files went missing from the cache, instead of failing', async () => {
    const astroCache = caches().KNOWLEDGE_ASTRO_CACHE;
    rmSync(path.join(astroCache, 'knowledge-bodies'), { recursive: true, force: true });
    const healed = await buildSite(sources, path.join(work, 'dist'), caches());
    expect(healed.code, healed.output).toBe(0);
    // Every Markdown document is parsed again (the MDX one keeps its compiled module); nothing else changed.
    expect(healed.report.totals).toMatchObject({ documents: 5 });
    expect(healed.report.totals.parsed).toBe(4);
    expect(healed.page('/postmortems/2024-05-01-cache-stampede/')).toContain(
      'Now a SEV1 after review of the real impact on bookings.',
    );
  }, 240_000);

  it('fails in strict mode before rendering a page, naming every problem', async () => {
    const strict = await buildSite(sources, path.join(work, 'dist-strict'), {
      ...caches(),
      KNOWLEDGE_STRICT: '1',
    });
    expect(strict.code).not.toBe(0);
    expect(strict.output).toMatch(
      /KNOWLEDGE_STRICT is set and the sources have [1-9]\d* problem\(s\):\n\s+error\s+incidents:postmortems\/broken-severity\.md:4: severity/,
    );
    expect(strict.output).toContain('katas:katas/not-trusted.mdx: skipped: MDX runs code');
    expect(strict.output).not.toContain('generating static routes');
    expect(strict.output).not.toMatch(/├─ \//);
  }, 240_000);

  it('stops on an invalid sources file with a message naming the file, the source and the key', async () => {
    writeSources('  - { name: extra, repo: ./x, kind: incident }\n');
    const bad = await buildSite(sources, path.join(work, 'dist-bad'), {
      ...caches(),
    });
    writeSources();
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(
      /sources\.yaml: source "extra": kind: expected one of postmortem, session, standard, kata, strategy/,
    );
  }, 240_000);
});
