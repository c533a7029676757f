/**
 * Inputs that make the output grow without bound: one post-mortem with 600 of every list, 11 more with 50 services,
 * teams and tags each, 10 katas of 50 tags, 2,000 bad action items, dates in 1900 and 2999, a kata of thousands of
 * hint sections. The build ends, warns about each, and its page count, size, panels and statistics stay bounded.
 */
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { manySpoilersKata, manyValuesPostmortem } from '../fixtures/hostile/output/generate.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

let repo: TestRepo;
let work: string;
let site: SiteBuild;
let seconds: number;

beforeAll(async () => {
  repo = createTestRepo();
  cpSync(path.resolve(import.meta.dirname, '../fixtures/hostile/output'), repo.dir, { recursive: true });
  repo.write('postmortems/many-values.md', manyValuesPostmortem(600));
  for (let d = 0; d < 11; d++) {
    const names = (what: string) => Array.from({ length: 50 }, (_, i) => `  - ${what}-${d}-${i}`).join('\n');
    repo.write(
      `postmortems/spread-${d}.md`,
      `---\ntitle: "Spread ${d}"\ndate: 2025-01-${String(d + 1).padStart(2, '0')}\nseverity: SEV3\nservices:\n${names('spread')}\nteams:\n${names('crew')}\ntags:\n${names('label')}\naction_items: [{ title: "Follow up ${d}" }]\n---\nFifty services and teams.\n`,
    );
  }
  const bad = Array.from({ length: 2_000 }, (_, i) => `  - { title: "x${i}", status: bogus }`).join('\n');
  repo.write(
    'postmortems/many-problems.md',
    `---\ntitle: "Two thousand bad action items"\ndate: 2025-01-05\naction_items:\n${bad}\n---\nBroken.\n`,
  );
  repo.write('katas/many-spoilers.md', manySpoilersKata(8_000));
  for (let d = 0; d < 10; d++) {
    const tags = Array.from({ length: 50 }, (_, i) => `  - kata-tag-${d}-${i}`).join('\n');
    repo.write(
      `katas/tagged-${d}.md`,
      `---\ntitle: "Tagged ${d}"\ndate: 2025-01-${String(d + 1).padStart(2, '0')}\ntags:\n${tags}\n---\nFifty tags.\n`,
    );
  }
  repo.commit('hostile output corpus');
  work = makeTempDir('knowledge-hostile-output-');
  writeFileSync(
    path.join(work, 'sources.yaml'),
    `site: { title: Hostile output }
sources:
  - { name: big, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*"] }
  - { name: dojo, repo: "${repo.url}", kind: kata, include: ["katas/*"] }
`,
  );
  const started = Date.now();
  site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  });
  seconds = (Date.now() - started) / 1000;
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const tooMany = (field: string, line: number, limit: number, what: string, found: number) =>
  new RegExp(
    `^big:postmortems/many-values\\.md:${line}: ${field}: expected at most ${limit} ${what}, found ${found}; the first ${limit} are kept and the other ${found - limit} left out: keep the ${what} that matter, or split the document$`,
  );

/** Each diagnostic the corpus must produce, exactly. */
const expected: RegExp[] = [
  tooMany('services', 56, 50, 'values', 600),
  tooMany('teams', 657, 50, 'values', 600),
  tooMany('tags', 1258, 50, 'values', 600),
  tooMany('contributing_factors', 1859, 50, 'values', 600),
  tooMany('action_items', 2610, 200, 'entries', 600),
  /^big: service: expected at most 500 values across the site's post-mortems, found 601 \(601 of them in this source\); the 101 used least get no page of their own and are listed on \/postmortems\/facets\/service\/: use fewer, shared names$/,
  /^big: team: expected at most 500 values across the site's post-mortems, found 601 \(601 of them in this source\); the 101 used least get no page of their own and are listed on \/postmortems\/facets\/team\/: use fewer, shared names$/,
  /^big: tags: expected at most 1,000 tags across the site, found 1,100 \(600 of them in this source\); the 100 used least get no page of their own and are listed on \/tags\/: use fewer, shared tags$/,
  /^big:postmortems\/many-problems\.md:5: action_items\.0\.status: skipped: expected one of open, in-progress, done, wont-do, unknown, found "bogus"$/,
  /^big:postmortems\/many-problems\.md: 1,980 more problems in this file, not listed: fix the ones above and build again$/,
  /^big:postmortems\/facets\.md: the slug "facets" is a page of the site's own; this one is published as \/postmortems\/big-postmortems-facets\/ \(rename the file, or give its folder a distinct name, for a plain slug\)$/,
];

function outputSize(dir: string): { files: number; pages: number; bytes: number } {
  const total = { files: 0, pages: 0, bytes: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    total.files++;
    if (e.name.endsWith('.html')) total.pages++;
    total.bytes += statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}

describe('output that could grow without bound', () => {
  it('builds, with one exact warning for each list cut and each facet over the site limit', () => {
    expect(site.code, site.output).toBe(0);
    const lines = site.report.problems.map(formatProblem);
    for (const pattern of expected)
      expect(
        lines.filter((l) => pattern.test(l)),
        `${pattern}\n${lines.join('\n')}`,
      ).toHaveLength(1);
    // The 20 listed problems of many-problems.md, and the count of the others.
    expect(lines.filter((l) => l.includes(':postmortems/many-problems.md'))).toHaveLength(21);
    expect(lines).toHaveLength(expected.length + 19);
    expect(site.exists('/postmortems/valid-neighbour/')).toBe(true);
    expect(site.exists('/postmortems/many-values/')).toBe(true);
    expect(site.exists('/katas/valid-kata/')).toBe(true);
  });

  it('stays within 3,600 files and 50 MB', () => {
    const size = outputSize(site.outDir);
    console.log(
      `hostile output: ${size.pages} pages, ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB, ${seconds} s`,
    );
    expect(size.files).toBeLessThan(3_600);
    expect(size.bytes).toBeLessThan(50e6);
  });

  it('shows at most 20 values per facet in a panel, and all of them on a page of their own', () => {
    const page = site.page('/postmortems/service/service-0/');
    const panel = page.split('<aside class="facets"')[1]!.split('</aside>')[0]!;
    expect(panel.match(/<li\b/g)!.length).toBeLessThanOrEqual(4 * 20 + 1);
    expect(panel).toContain('href="/postmortems/facets/service/">All 601 values</a>');
    expect(page.length).toBeLessThan(60_000);
    const all = site.page('/postmortems/facets/service/');
    expect(all.match(/<a href="\/postmortems\/service\/[^"]+\/">/g)).toHaveLength(500);
    expect(all).toContain('Only the 500 most used have a page of their own; the other 101 are listed without a link.');
    expect(site.exists('/postmortems/service/payments-api/')).toBe(true);
    // The per-team table of the action items links only the teams that have a page.
    const teams = site.page('/postmortems/actions/').split('Follow-up per team</h2>')[1]!.split('</table>')[0]!;
    expect(teams.match(/<th scope="row">/g)).toHaveLength(600);
    expect(teams.match(/<th scope="row"><a href="\/postmortems\/actions\/team\//g)).toHaveLength(500);
    const owners = site.page('/postmortems/actions/facets/owner/');
    expect(owners.match(/<a href="\/postmortems\/actions\/owner\/[^"]+\/">/g)).toHaveLength(200);
    expect(site.page('/postmortems/big-postmortems-facets/')).toContain('reserved slug');
    const tags = site.page('/tags/');
    expect(tags).toContain(
      '1100 tags. Only the 1000 most used have a page of their own; the other 100 are listed without a link.',
    );
    expect(tags.match(/<a href="\/tags\/[^"]+\/">/g)).toHaveLength(1000);
  });

  it('links no page that was not built (no value left without a page is linked)', () => {
    const files = new Set(
      readdirSync(site.outDir, { recursive: true }).map((f) => `/${String(f).split(path.sep).join('/')}`),
    );
    const broken = new Set<string>();
    let checked = 0;
    for (const f of files) {
      if (!f.endsWith('.html')) continue;
      for (const m of readFileSync(path.join(site.outDir, f), 'utf8').matchAll(/href="(\/[^"#?]*)/g)) {
        const target = decodeURIComponent(m[1]!);
        checked++;
        if (!files.has(target.endsWith('/') ? `${target}index.html` : target) && !files.has(`${target}/index.html`))
          broken.add(`${f} → ${target}`);
      }
    }
    expect([...broken].slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });

  it('shows at most 40 quarters of statistics, in a chart at most 2000 px wide', () => {
    const stats = site.page('/postmortems/stats/');
    expect(stats.length).toBeLessThan(100_000);
    const width = Number(/<svg class="chart"[^>]* width="(\d+(?:\.\d+)?)"/.exec(stats)![1]);
    console.log(`hostile output: stats page ${stats.length} characters, chart ${width} px wide`);
    expect(width).toBeLessThanOrEqual(2000);
    const rows = stats
      .split('Incidents per quarter by severity</caption>')[1]!
      .split('</table>')[0]!
      .match(/<th scope="row">/g)!;
    expect(rows).toHaveLength(40);
    expect(stats).toMatch(
      /At most the last 40 quarters are shown\. 1 older incident, over 461 earlier quarters, is left out of the tables by quarter\. 1 incident dated after today is left out of them\./,
    );
  });

  it('folds every hint of a kata of 8,000 sections, and links it from the feeds instead of copying it', () => {
    expect(site.page('/katas/many-spoilers/').match(/<details class="spoiler">/g)).toHaveLength(4_000);
    for (const feed of ['/feed.xml', '/katas/feed.xml']) {
      const xml = readFileSync(path.join(site.outDir, feed), 'utf8');
      expect(xml.length, feed).toBeLessThan(100_000);
      expect(xml).toContain(
        'This document is too long for the feed: &lt;a href=&quot;/katas/many-spoilers/&quot;&gt;read it on the site',
      );
    }
  });
});
