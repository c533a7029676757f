/**
 * Issue 18's yardstick: the four shared real corpora built in one site from a sources file written as the README
 * says, and their figures (titles, dates, template text, links, images, kind structure) printed, written to
 * KNOWLEDGE_FIGURES_OUT when set, and held to the targets.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, htmlPagesOf, pagesWiderThan, siteInBrowser } from '../helpers/browser.ts';
import {
  allCorporaAvailable,
  CORPORA,
  CORPORA_CANDIDATES,
  corporaDir,
  fourCorporaSources,
} from '../helpers/corpora.ts';
import { corpusFigures, figuresTable, type SourceFigures } from '../helpers/corpus-figures.ts';
import { makeTempDir } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

/** What "done" means for every corpus (issue 18). */
export const TARGETS = {
  meaningfulDistinctTitlesPercent: 95,
  datesMatchingPercent: 95,
  templateTagsInPages: 0,
  unreportedLinks: 0,
  deadLinkTargets: 0,
  unreportedImages: 0,
  emptyOrMissingImages: 0,
} as const;

const corpora = corporaDir ?? '';
const available = allCorporaAvailable;
if (!available)
  console.warn(
    `corpus-figures: the shared bundles were not found (${CORPORA_CANDIDATES.join(', ')}); set KNOWLEDGE_CORPORA. Skipping.`,
  );

/** The project's commit (and whether its tree has changes), to say which code the figures measure. */
function projectCommit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8' }).trim();
  return `${git('rev-parse', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' (modified)' : ''}`;
}

let work: string;
let site: SiteBuild;
let figures: Record<string, SourceFigures>;
let health: { sources: Array<{ name: string; report: Array<{ what: string; from: string; fix: string }> }> };

beforeAll(async () => {
  if (!available) return;
  work = makeTempDir('knowledge-figures-');
  const sources = path.join(work, 'sources.yaml');
  writeFileSync(sources, fourCorporaSources(corpora));
  site = await buildSite(sources, path.join(work, 'dist'), { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache') });
  const clones = Object.entries(CORPORA).map(([name, c]) => {
    const clone = path.join(work, 'clones', name);
    execFileSync('git', ['clone', '--quiet', '--branch', c.ref, path.join(corpora, c.bundle), clone]);
    return { name, clone };
  });
  figures = corpusFigures(site, clones);
  console.log('corpus figures (issue 18):');
  console.table(figuresTable(figures));
  health = JSON.parse(readFileSync(path.join(work, 'dist', 'api', 'health.json'), 'utf8')) as typeof health;
  console.log(
    `adoption report:\n${health.sources.map((s) => `  ${s.name}: ${s.report.map((r) => `${r.what}: ${r.from}`).join('; ')}`).join('\n')}`,
  );
  if (process.env.KNOWLEDGE_FIGURES_OUT)
    writeFileSync(
      process.env.KNOWLEDGE_FIGURES_OUT,
      JSON.stringify({ measuredOn: projectCommit(), targets: TARGETS, figures }, null, 2),
    );
}, 600_000);
afterAll(() => work && rmSync(work, { recursive: true, force: true }));

describe.skipIf(!available)('measuring the four shared corpora', () => {
  it('builds them all in one site and finds every source’s document pages', () => {
    expect(site.code, site.output).toBe(0);
    for (const name of Object.keys(CORPORA)) {
      const f = figures[name]!;
      expect(f.pages, name).toBeGreaterThan(0);
      expect(f.pages, `${name}: every document the report counts has a page`).toBe(f.reportedDocuments);
    }
  });

  it('measures every page: a title, a date with its truth, links, images and structure counted', () => {
    for (const f of Object.values(figures)) {
      expect(f.titles.count).toBe(f.pages);
      expect(f.dates.count).toBe(f.pages);
      expect(f.dates.truthFrom.none ?? 0, `${f.source}: documents with no true date found`).toBe(0);
      expect(f.titles.percent).toBeGreaterThanOrEqual(0);
      expect(f.titles.percent).toBeLessThanOrEqual(100);
    }
    // The truth is read from where each repository writes it.
    expect(figures.ukho!.dates.truthFrom.frontmatter).toBeGreaterThan(40);
    expect(figures['openjs-cpc']!.dates.truthFrom.heading).toBeGreaterThan(200);
    expect(figures.dfds!.dates.truthFrom.timeline).toBeGreaterThan(30);
    expect(figures['openjs-cpc']!.structure.sourceWritesAttendees).toBeGreaterThan(100);
    expect(figures.ukho!.structure.sourceWritesRequirements).toBeGreaterThan(10);
  });

  it('gives the adoption report of every source in /api/health.json', () => {
    const rows = Object.fromEntries(health.sources.map((s) => [s.name, s.report]));
    expect(Object.keys(rows).sort()).toEqual(Object.keys(CORPORA).sort());
    const row = (name: string, what: string) => rows[name]!.find((r) => r.what === what)?.from;
    expect(row('dfds', 'Dates')).toMatch(/^body 3\d/);
    expect(row('ukho', 'Titles')).toBe('frontmatter 50');
    expect(row('ukho', 'Layout keys ignored')).toMatch(/^layout \(50: /);
    expect(row('before-you-ship', 'Redirect stubs left out')).toBe('3');
    expect(row('openjs-cpc', 'Dates')).toMatch(/^body 2\d\d/);
  });
});

const names = Object.keys(CORPORA);
describe.skipIf(!available)('issue 18 targets', () => {
  it.for(names)('%s: meaningful, distinct titles', (name) => {
    const f = figures[name]!;
    expect(f.titles.percent, f.titles.bad.join('\n')).toBeGreaterThanOrEqual(TARGETS.meaningfulDistinctTitlesPercent);
  });
  it.for(names)('%s: dates matching the document’s own', (name) => {
    const f = figures[name]!;
    expect(f.dates.percent, JSON.stringify(f.dates.mismatches, null, 1)).toBeGreaterThanOrEqual(
      TARGETS.datesMatchingPercent,
    );
  });
  it.for(names)('%s: no template tags in pages', (name) => {
    const f = figures[name]!;
    expect(f.templateTags.count, f.templateTags.examples.join('\n')).toBe(TARGETS.templateTagsInPages);
  });
  it.for(names)('%s: every unresolved link reported, none left with a dead target', (name) => {
    const f = figures[name]!;
    expect(f.links.unreported, f.links.examples.join('\n')).toBe(TARGETS.unreportedLinks);
    expect(f.links.deadTargets, f.links.examples.join('\n')).toBe(TARGETS.deadLinkTargets);
  });
  it.for(names)('%s: images present, every missing one reported', (name) => {
    const f = figures[name]!;
    expect(f.images.unreported, f.images.examples.join('\n')).toBe(TARGETS.unreportedImages);
    expect(f.images.unusable, f.images.examples.join('\n')).toBe(TARGETS.emptyOrMissingImages);
  });
  it.for(names)('%s: kind structure read where the repository writes it', (name) => {
    const s = figures[name]!.structure;
    expect(s.withRequirements).toBeGreaterThanOrEqual(s.sourceWritesRequirements);
    expect(s.withAttendees).toBeGreaterThanOrEqual(s.sourceWritesAttendees);
    expect(s.withRecording).toBeGreaterThanOrEqual(s.sourceWritesRecording);
    expect(s.statusAsSourceWrites).toBe(s.sourceWritesStatus);
    expect(s.presentationsZero).toBe(0);
  });
});

describe.skipIf(!available || !browserAvailable)('the four shared corpora on a phone', () => {
  const web = siteInBrowser(() => path.join(work, 'dist'));

  for (const width of [320, 390])
    it(`fits every page into ${width} px: long addresses, tables and code included`, async () => {
      const pages = htmlPagesOf(path.join(work, 'dist'));
      expect(pages.length).toBeGreaterThan(300);
      expect(await pagesWiderThan(web.browser, web.url, pages, width)).toEqual([]);
    }, 300_000);
});
