/**
 * A kata catalogue as exercism-style repositories keep one: `exercises/<slug>/instructions.md` under a generic
 * `# Instructions`, with the title in `.meta/config.json` or `metadata.toml` beside it, imported in one commit and
 * moved about since. Slugs are the folder names, titles come from the metadata, dates follow renames, the import is
 * listed, hostile metadata is ignored with a warning, and a second source's namesake moves no existing page.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

let repo: TestRepo;
let other: TestRepo;
let work: string;
let first: SiteBuild;
let second: SiteBuild;

const instructions = (text: string) => `# Instructions\n\n${text}\n`;
const h1 = (page: string) => /<h1>([^<]*)<\/h1>/.exec(page)?.[1];

beforeAll(async () => {
  repo = createTestRepo();
  repo.write('exercises/leap-year/instructions.md', instructions('Tell whether a year is a leap year.'));
  repo.write(
    'exercises/leap-year/metadata.toml',
    'title = "Leap"\nblurb = "Given a year, report if it is a leap year."\n',
  );
  repo.commit('the first exercise', '2019-05-06T10:00:00Z');
  // An import: 22 exercises, 44 files, in one commit.
  for (let i = 0; i < 20; i++) {
    repo.write(`exercises/kata-${i}/instructions.md`, instructions(`Exercise number ${i} of the import.`));
    repo.write(`exercises/kata-${i}/.meta/config.json`, JSON.stringify({ title: `Kata ${i}`, blurb: 'not a title' }));
  }
  repo.write('exercises/bowling/instructions.md', instructions('Score a game of bowling.'));
  repo.write('exercises/bowling/.meta/config.json', JSON.stringify({ title: 'Bowling', blurb: 'Score a game.' }));
  repo.write('exercises/bowling/introduction.md', '# Introduction\n\nBowling is a game of pins.\n');
  repo.write('exercises/bank-account/.docs/instructions.md', instructions('Keep the balance of a bank account.'));
  repo.write('exercises/bank-account/metadata.yaml', 'name: Bank Account\n');
  repo.write('exercises/two-fer/instructions.md', instructions('One for you, one for me.'));
  repo.write('exercises/no-meta-kata/instructions.md', instructions('A kata with nothing beside it.'));
  repo.write('exercises/deploys/deploys.html.md.erb', '# Deploys\n\nShip it through the pipeline.\n');
  // Hostile metadata: ten megabytes, and tables nested 3,000 deep. Ignored with a warning; the build goes on.
  repo.write('exercises/huge-meta/instructions.md', instructions('Its metadata is far too large.'));
  repo.write('exercises/huge-meta/metadata.toml', `title = "Huge"\nx = "${'a'.repeat(10 * 1024 * 1024)}"\n`);
  repo.write('exercises/deep-meta/instructions.md', instructions('Its metadata nests too deeply.'));
  repo.write(
    'exercises/deep-meta/metadata.toml',
    `title = "Deep"\n[${Array.from({ length: 3000 }, () => 'a').join('.')}]\nb = 1\n`,
  );
  repo.commit('import the old catalogue', '2020-02-03T10:00:00Z');
  // A rename keeps the date of the first commit.
  mkdirSync(path.join(repo.dir, 'exercises/leap'), { recursive: true });
  repo.git('mv', 'exercises/leap-year/instructions.md', 'exercises/leap/instructions.md');
  repo.git('mv', 'exercises/leap-year/metadata.toml', 'exercises/leap/metadata.toml');
  repo.commit('rename leap-year to leap', '2021-07-08T10:00:00Z');
  repo.write('exercises/two-fer/metadata.toml', 'title = "Two-Fer"\n');
  repo.commit('name two-fer', '2021-08-09T10:00:00Z');

  other = createTestRepo();
  other.write('README.md', '# Other katas\n');
  other.commit('start', '2024-01-01T10:00:00Z');

  work = makeTempDir('knowledge-katas-');
  writeFileSync(
    path.join(work, 'sources.yaml'),
    `site: { title: Katas }
sources:
  - { name: catalogue, repo: "${repo.url}", kind: kata, include: ["exercises/**/*.md", "exercises/*/.docs/*.md", "exercises/**/*.md.erb"] }
  - { name: more-katas, repo: "${other.url}", kind: kata, include: ["katas/**/*.md"] }
`,
  );
  const env = { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'), KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro') };
  first = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist-1'), env);
  // Then: another source adds its own "bowling", and the catalogue renames two-fer in its metadata only.
  other.write('katas/bowling/README.md', '# Bowling, the other one\n\nOur own take.\n');
  other.commit('add bowling', '2025-01-01T10:00:00Z');
  repo.write('exercises/two-fer/metadata.toml', 'title = "Two Fer (renamed)"\n');
  repo.commit('rename two-fer', '2025-02-02T10:00:00Z');
  second = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist-2'), env);
}, 300_000);
afterAll(() => {
  repo?.cleanup();
  other?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a kata catalogue of generic file names', () => {
  it('builds, with the folder names as slugs and the titles from the metadata beside each file', () => {
    expect(first.code, first.output).toBe(0);
    expect(h1(first.page('/katas/bowling/'))).toBe('Bowling');
    expect(h1(first.page('/katas/bowling-introduction/'))).toBe('Bowling: Introduction');
    expect(h1(first.page('/katas/leap/'))).toBe('Leap');
    expect(h1(first.page('/katas/kata-7/'))).toBe('Kata 7');
    expect(h1(first.page('/katas/bank-account/'))).toBe('Bank Account');
    expect(h1(first.page('/katas/two-fer/'))).toBe('Two-Fer');
    expect(h1(first.page('/katas/no-meta-kata/'))).toBe('No meta kata');
    expect(h1(first.page('/katas/deploys/'))).toBe('Deploys');
    expect(first.page('/katas/bowling/')).toContain('.meta/config.json beside it');
    expect(first.page('/katas/bowling/')).not.toMatch(/<h[1-6][^>]*>Instructions</);
    expect(first.page('/katas/no-meta-kata/')).toContain('the folder name');
    const titles = first.report.problems.filter((p) => p.code === 'generic-title');
    expect(titles.map(formatProblem)).toEqual([]);
  });

  it('ignores hostile metadata with a warning that names it, and titles the document by its folder', () => {
    const warnings = first.report.problems.filter((p) => p.code === 'metadata').map(formatProblem);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^catalogue:exercises\/deep-meta\/metadata\.toml: ignored as a title for .*nests values more than 32 levels/,
      ),
      expect.stringMatching(/^catalogue:exercises\/huge-meta\/metadata\.toml: ignored as a title for .*over the 64 KB/),
    ]);
    expect(h1(first.page('/katas/huge-meta/'))).toBe('Huge meta');
    expect(h1(first.page('/katas/deep-meta/'))).toBe('Deep meta');
  });

  it('dates a renamed file by its first commit, and lists the dates an import gave', () => {
    expect(first.page('/katas/leap/')).toContain('datetime="2019-05-06"');
    expect(first.page('/katas/bowling/')).toContain('an import of');
    const catalogue = first.report.sources.find((s) => s.name === 'catalogue')!;
    // All but the first exercise came with the import.
    expect(catalogue.adoption.uncertainDates).toBe(catalogue.documents - 1);
    const health = first.page('/health/');
    expect(health).toContain('Dates taken from an import commit');
    expect(health).toContain(`${catalogue.adoption.uncertainDates} of ${catalogue.documents}`);
  });

  it('moves no existing page when another source adds a namesake, and rebuilds a page whose metadata changed', () => {
    expect(second.code, second.output).toBe(0);
    expect(h1(second.page('/katas/bowling/'))).toBe('Bowling');
    expect(h1(second.page('/katas/more-katas-katas-bowling/'))).toBe('Bowling, the other one');
    // Only the metadata changed, and the rest of the catalogue was reused: the metadata is in the digest.
    expect(h1(second.page('/katas/two-fer/'))).toBe('Two Fer (renamed)');
    expect(second.report.totals.reused).toBeGreaterThan(20);
    for (let i = 0; i < 20; i++) expect(second.exists(`/katas/kata-${i}/`)).toBe(true);
  });
});
