/**
 * Inputs that crossed a limit of the build (dates, review periods, YAML alias bombs, NUL bytes, slugs, invisible and
 * XML-invalid characters): each gets its own diagnostic, the build exits 0, and a valid document of every kind is built.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { slugify } from '../../src/lib/slugs.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';
import { serveStatic } from '../helpers/static-server.ts';
import { xmlProblems } from '../helpers/strict-xml.ts';
import { relatedBomb, tagsBomb } from '../helpers/yaml-bombs.ts';

let repo: TestRepo;
let work: string;
let site: SiteBuild;
/** 254 bytes: legal on disk, but the collision prefix of a second source would make it 262. */
const longBase = 'l'.repeat(251);
const longCyrillic = 'д'.repeat(120);

beforeAll(async () => {
  repo = createTestRepo();
  cpSync(path.resolve(import.meta.dirname, '../fixtures/hostile/limits'), repo.dir, { recursive: true });
  // Made here rather than committed: bombs, a NUL past the first 8,000 bytes, characters XML refuses, long names.
  repo.write('postmortems/alias-related.md', relatedBomb());
  repo.write('postmortems/alias-tags.md', tagsBomb());
  repo.write(
    'postmortems/late-nul.md',
    `---\ntitle: Late NUL\ndate: 2025-01-01\n---\n${'Plain text line.\n'.repeat(600)}here\0there\n`,
  );
  repo.write(
    'postmortems/xml-controls.md',
    '---\ntitle: "Feed \\x01\\x0b\\x0c\\x1b\\x7f\\ufffe\\uffff\\ud800 breaker"\ndate: 2025-01-05\nsummary: "Summary \\x01\\ud800 here"\n---\nBody \x01\x0b\x0c\x1b\x7f\ufffe\uffff text.\n',
  );
  repo.write(`postmortems/${longBase}.md`, '---\ntitle: Long name one\ndate: 2025-01-06\n---\nOne.\n');
  repo.write(`more/${longBase}.md`, '---\ntitle: Long name two\ndate: 2025-01-07\n---\nTwo.\n');
  repo.write(`postmortems/${longCyrillic}.md`, '---\ntitle: Long Cyrillic name\ndate: 2025-01-08\n---\nThree.\n');
  repo.commit('limits corpus');
  work = makeTempDir('knowledge-limits-');
  writeFileSync(
    path.join(work, 'sources.yaml'),
    `site: { title: Limits, url: "https://kb.example.org" }
sources:
  - { name: limits, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*"] }
  - { name: second, repo: "${repo.url}", kind: postmortem, include: ["more/*"] }
  - { name: standards, repo: "${repo.url}", kind: standard, include: ["standards/*"] }
  - { name: pillars, repo: "${repo.url}", kind: strategy, include: ["strategy/*"] }
  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*"] }
  - { name: talks, repo: "${repo.url}", kind: session, include: ["sessions/*"] }
`,
  );
  site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  });
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Each input over a limit, and the diagnostic it must produce (formatted as `source:path:line: field: message`). */
const expected: Array<[string, RegExp]> = [
  [
    'standards/review-forever.md',
    /^standards:standards\/review-forever\.md:5: review_every: skipped: expected a period of at most 10 years \(such as "6 months" or "1 year"\), found "99999999 years"$/,
  ],
  [
    'strategy/review-300000-years.md',
    /^pillars:strategy\/review-300000-years\.md:5: review_every: skipped: expected a period of at most 10 years \(such as "6 months" or "1 year"\), found "300000 years"$/,
  ],
  [
    'postmortems/year-0100.md',
    /^limits:postmortems\/year-0100\.md:3: date: skipped: expected a date in the years 1900 to 2999, found "0100-01-01"$/,
  ],
  [
    'postmortems/alias-related.md',
    /^limits:postmortems\/alias-related\.md:5: related: skipped: the frontmatter holds more than 20,000 values once YAML aliases \(\*name\) are expanded, over the limit of 20,000; write fewer values, or write them out instead of repeating aliases$/,
  ],
  [
    'postmortems/alias-tags.md',
    /^limits:postmortems\/alias-tags\.md:5: tags: skipped: the frontmatter holds more than 1,000,000 characters once YAML aliases \(\*name\) are expanded, over the limit of 1,000,000; move long text into the body$/,
  ],
  [
    'postmortems/late-nul.md',
    /^limits:postmortems\/late-nul\.md:605: skipped: a binary file \(it contains NUL bytes\), not Markdown$/,
  ],
  [
    'postmortems/bidi-title.md',
    /^limits:postmortems\/bidi-title\.md:2: title: expected visible characters only, found U\+202E, U\+200B \(bidi controls or zero-width characters, which can show text as something it is not\); they are removed: delete them from the file$/,
  ],
  [
    'postmortems/bidi-title.md',
    /^limits:postmortems\/bidi-title\.md:3: id: expected visible characters only, found U\+2066, U\+2069 \(bidi controls/,
  ],
  [
    'postmortems/bidi-title.md',
    /^limits:postmortems\/bidi-title\.md:6: tags\.0: expected visible characters only, found U\+200D \(bidi controls/,
  ],
  [
    `more/${longBase}.md`,
    /^second:more\/l{251}\.md: another post-mortem, added earlier or listed first, already has the slug "l{91}-[0-9a-f]{8}"; this one is published as \/postmortems\/second-more-l{79}-[0-9a-f]{8}\/ \(rename the file, or give its folder a distinct name, for a plain slug\)$/,
  ],
];

describe('inputs over the limits', () => {
  it('builds, and gives each its own diagnostic', () => {
    expect(site.code, site.output).toBe(0);
    const lines = site.report.problems.map(formatProblem);
    const table: string[] = [];
    for (const [file, pattern] of expected) {
      const mine = lines.filter((l) => l.includes(`:${file}`));
      expect(
        mine.some((l) => pattern.test(l)),
        `${file}: ${mine.join(' | ') || 'no diagnostic'}`,
      ).toBe(true);
      table.push(`${file} → ${mine.join(' | ')}`);
    }
    console.log(`limits corpus diagnostics:\n  ${[...new Set(table)].join('\n  ')}`);
    expect(site.output).not.toMatch(/RangeError|ENAMETOOLONG|Maximum call stack/);
  });

  it('builds a valid document of every kind beside them', () => {
    for (const page of [
      '/postmortems/valid-neighbour/',
      '/standards/valid-standard/',
      '/strategy/valid-pillar/',
      '/katas/valid-kata/',
      '/sessions/valid-session/',
    ]) {
      expect(site.exists(page), page).toBe(true);
    }
    expect(site.page('/standards/valid-standard/')).toContain('2025-07-10');
    for (const slug of ['review-forever', 'alias-related', 'alias-tags', 'late-nul', 'year-0100']) {
      expect(site.exists(`/postmortems/${slug}/`) || site.exists(`/standards/${slug}/`), slug).toBe(false);
    }
    expect(site.exists('/strategy/review-300000-years/')).toBe(false);
  });

  it('shows titles, ids and tags without their invisible characters', () => {
    const page = site.page('/postmortems/bidi-title/');
    expect(page).toContain('Payments outage');
    expect(page).toContain('PM-2025-042');
    expect(page).toContain('href="/tags/security/"');
    expect(page).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200d]/);
  });

  it('keeps every long name within 100 bytes and both documents with one name built', () => {
    const dirs = readdirSync(path.join(site.outDir, 'postmortems'));
    for (const d of dirs) expect(Buffer.byteLength(d), d).toBeLessThanOrEqual(108);
    const long = dirs.filter((d) => d.includes('lllll'));
    expect(long).toHaveLength(2);
    expect(long.map((d) => site.page(`/postmortems/${d}/`).match(/<h1>(Long name \w+)<\/h1>/)?.[1]).sort()).toEqual([
      'Long name one',
      'Long name two',
    ]);
    const cyrillic = slugify(longCyrillic);
    expect(Buffer.byteLength(cyrillic)).toBeLessThanOrEqual(100);
    expect(site.page(`/postmortems/${cyrillic}/`)).toContain('Long Cyrillic name');
  });
});

describe('slugs in other scripts and of symbols', () => {
  const tagSlugs = ['c', 'c-plus-plus', 'c-sharp', '事故', 'инцидент', slugify('!!!')];

  it('gives C, C++, C#, 事故, инцидент and !!! a tag page each, linked from the document', () => {
    expect(slugify('!!!')).toMatch(/^x-[0-9a-f]{8}$/);
    const page = site.page('/postmortems/valid-neighbour/');
    for (const slug of tagSlugs) {
      expect(site.exists(`/tags/${slug}/`), slug).toBe(true);
      expect(page, slug).toContain(`href="/tags/${slug}/"`);
    }
    expect(site.page('/tags/c-sharp/')).toContain('A valid post-mortem beside the broken ones');
  });

  it('writes pages named in other scripts, and serves them at their percent-encoded URLs', async () => {
    expect(site.page('/postmortems/事故/')).toContain('事故の報告');
    expect(site.page('/postmortems/инцидент/')).toContain('Отчёт об инциденте');
    const server = await serveStatic(site.outDir);
    try {
      for (const p of ['/postmortems/事故/', '/postmortems/инцидент/', '/tags/事故/', '/tags/инцидент/']) {
        const res = await fetch(server.url + encodeURI(p));
        expect(res.status, p).toBe(200);
      }
    } finally {
      await server.close();
    }
    const sitemap = readFileSync(path.join(site.outDir, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain(`<loc>https://kb.example.org${encodeURI('/postmortems/事故/')}</loc>`);
    expect(sitemap).toContain(`<loc>https://kb.example.org${encodeURI('/tags/инцидент/')}</loc>`);
  });

  it('links only to pages that exist, from the listing and tag pages', () => {
    for (const page of ['/postmortems/', '/tags/', '/postmortems/valid-neighbour/']) {
      const hrefs = [...site.page(page).matchAll(/href="(\/[^"#?]*)"/g)]
        .map((m) => m[1]!)
        .filter((h) => h.endsWith('/'));
      for (const href of hrefs) expect(site.exists(decodeURI(href)), `${page} → ${href}`).toBe(true);
    }
  });
});

describe('XML outputs', () => {
  it('keeps the feeds and the sitemap valid XML with control characters in a title and body', () => {
    for (const file of ['feed.xml', 'postmortems/feed.xml', 'sitemap.xml']) {
      const xml = readFileSync(path.join(site.outDir, file), 'utf8');
      expect(xmlProblems(xml), file).toEqual([]);
    }
    const feed = parseFeed(readFileSync(path.join(site.outDir, 'postmortems', 'feed.xml'), 'utf8'));
    const entry = feed.items.find((i) => i.title?.startsWith('Feed'));
    // The lone surrogate is already U+FFFD once the data store has written the title as UTF-8.
    expect(entry?.title).toBe('Feed \ufffd breaker');
    expect(entry?.content).toContain('Body  text.');
    expect(existsSync(path.join(site.outDir, 'postmortems', 'xml-controls', 'index.html'))).toBe(true);
  });
});
