/**
 * The yardstick of issue 18 (test/helpers/corpus-figures.ts) measured on pages written by hand in the site's
 * markup and a real git repository: every figure must be able to fail, whatever the site does today.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/lib/problems.ts';
import { corpusFigures, statedDate, titleFault, type SourceFigures } from '../helpers/corpus-figures.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import type { SiteBuild } from '../helpers/site-build.ts';

const HOSTILE = 'docs/$(touch pwned) "x".md';
let repo: TestRepo;
let out: string;
let figures: Record<string, SourceFigures>;

/** A document page as src/pages/[kind]/[slug].astro writes it today. */
function page(
  url: string,
  p: { source: string; path: string; title: string; date: string; body?: string; facts?: string },
) {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const file = path.join(out, url, 'index.html');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `<!doctype html><html><head><title>${esc(p.title)}</title><script>if(a){{b}}</script></head><body><nav><a href="/">Home</a></nav>
<article data-pagefind-body><header class="doc-header"><p class="doc-meta"><a class="kind-label" href="/">Standards</a>
<time datetime="${p.date}">${p.date}</time></p><h1>${esc(p.title)}</h1><p class="lede">Same summary.</p>${p.facts ?? ''}</header>
<div class="doc-layout"><div class="doc-body">${p.body ?? ''}</div></div>
<div data-pagefind-ignore="all"><footer class="provenance" aria-label="Provenance"><dl><dt>Source</dt><dd>${p.source}</dd>
<dt>Repository</dt><dd>x</dd><dt>File</dt><dd><code>${esc(p.path)}</code></dd></dl></footer></div></article></body></html>`,
  );
}

beforeAll(() => {
  repo = createTestRepo();
  repo.write('templates/standard.md', '# Standard template\n\nWrite the standard here, with its requirements.\n');
  repo.write('docs/old-name.md', '# Alpha standard\n\n- You MUST do alpha.\n');
  repo.commit('first', '2020-01-10T23:30:00-05:00');
  repo.git('mv', 'docs/old-name.md', 'docs/alpha.md');
  repo.write('docs/copy.md', '# Standard template\n\nWrite the standard here, with its requirements.\n');
  repo.write('docs/fm.md', '---\ntitle: Front\ndate: 2019-05-06\n---\n# Front\n');
  repo.write('docs/dateline.md', '# Decision\n\n**Date:** 7 March 2023\n\n## Status\n\nRejected\n');
  repo.write('docs/2022-03-04-named.md', '# Named\n\n```\nDate: 1999-01-01\n```\n');
  repo.write(
    'meetings/heading.md',
    '# Meeting 2024-02-03\n\n## Present\n\n- Ada\n\n* **Recording**: https://v.example/1\n',
  );
  repo.write(
    'pm/PM2021-001 - x.md',
    '# X\n\n## Timeline\n\n| When | What |\n|-|-|\n| 20202-01-01 | typo |\n| 2021-04-05 10:00 | start |\n',
  );
  repo.write(HOSTILE, '# Description\n\n![a](img/a.png) ![b](img/b.png)\n');
  repo.commit('second', '2021-06-01T12:00:00Z');

  out = makeTempDir('knowledge-figures-unit-');
  mkdirSync(path.join(out, 'img'));
  writeFileSync(path.join(out, 'img', 'ok.png'), '');
  writeFileSync(path.join(out, 'index.html'), '<!doctype html><title>Home</title>');
  page('/standards/alpha/', {
    source: 'std',
    path: 'docs/alpha.md',
    title: 'Alpha standard',
    date: '2021-06-01',
    body: '<p>&lt;%= current_page.data.title %&gt; and {{ page.title }}</p><pre><code>{% raw %}</code></pre><a class="broken-link" title="x">gone</a> <a href="/nowhere/">dead</a> <a href="/">home</a> <a id="anchor"></a>',
    facts: '<dl class="facts"><div><dt>Status</dt><dd class="status-adopted">adopted</dd></div></dl>',
  });
  page('/standards/copy/', { source: 'std', path: 'docs/copy.md', title: 'Standard template', date: '2021-06-01' });
  page('/standards/front/', { source: 'std', path: 'docs/fm.md', title: 'Front', date: '2019-05-06' });
  page('/standards/decision/', {
    source: 'std',
    path: 'docs/dateline.md',
    title: 'Decision',
    date: '2023-03-07',
    facts: '<dl class="facts"><div><dt>Status</dt><dd class="status-adopted">adopted</dd></div></dl>',
  });
  page('/standards/named/', { source: 'std', path: 'docs/2022-03-04-named.md', title: 'named.md', date: '2021-06-01' });
  page('/standards/description/', {
    source: 'std',
    path: HOSTILE,
    title: 'Description',
    date: '2021-06-01',
    body: '<p><img /> <img src="/img/ok.png" alt=""></p>',
  });
  page('/sessions/meeting/', {
    source: 'meet',
    path: 'meetings/heading.md',
    title: 'Meeting 2024-02-03',
    date: '2024-02-03',
    facts: '<dl class="facts"><div><dt>Presentations</dt><dd>0</dd></div></dl>',
  });
  page('/postmortems/x/', { source: 'pm', path: 'pm/PM2021-001 - x.md', title: 'X', date: '2021-06-01' });
  const problem = (source: string, p: string, code: string): Problem => ({
    severity: 'warning',
    source,
    path: p,
    code,
    message: 'm',
  });
  const site = {
    code: 0,
    output: '',
    outDir: out,
    report: {
      sources: [
        { name: 'std', kind: 'standard', commit: 'HEAD', documents: 6 },
        { name: 'meet', kind: 'session', commit: 'HEAD', documents: 1 },
        { name: 'pm', kind: 'postmortem', commit: 'HEAD', documents: 1 },
      ],
      problems: [problem('std', 'docs/alpha.md', 'broken-link'), problem('std', HOSTILE, 'image-missing')],
    },
  } as unknown as SiteBuild;
  figures = corpusFigures(
    site,
    ['std', 'meet', 'pm'].map((name) => ({ name, clone: repo.dir })),
  );
});
afterAll(() => {
  repo?.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the figures of issue 18', () => {
  it('tells meaningful titles from generic words, file names, UUIDs, bare dates, template text and short ones', () => {
    for (const t of [
      'Description',
      'instructions',
      'README',
      'Index 2',
      'x.html.md.erb',
      'index.md',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      '2024-03-07',
      '7 March 2024',
      '<%= current_page.data.title %>',
      '{{ page.title }}',
      'Foo',
    ])
      expect(titleFault(t), t).toBeDefined();
    for (const t of [
      'Log4Shell investigations',
      'OpenJS Foundation Cross Project Council Meeting 2020-11-17',
      'Security',
    ])
      expect(titleFault(t), t).toBeUndefined();
    const std = figures.std!;
    expect(std.titles).toMatchObject({ count: 6, meaningfulDistinct: 4, percent: 66.7 });
    expect(std.titles.bad).toEqual([
      `${HOSTILE}: "Description" (generic word)`,
      'docs/2022-03-04-named.md: "named.md" (file name)',
    ]);
  });

  it('takes a document’s own date from frontmatter, a Date line, its heading, its file name, a timeline, then git', () => {
    const rows = Object.fromEntries(Object.values(figures).flatMap((f) => f.documents.map((d) => [d.path, d])));
    expect(rows['docs/fm.md']).toMatchObject({ trueDate: ['2019-05-06'], dateFrom: 'frontmatter' });
    expect(rows['docs/dateline.md']).toMatchObject({ trueDate: ['2023-03-07'], dateFrom: 'date-line' });
    expect(rows['meetings/heading.md']).toMatchObject({ trueDate: ['2024-02-03'], dateFrom: 'heading' });
    // A `Date:` inside a code block is not the document's.
    expect(rows['docs/2022-03-04-named.md']).toMatchObject({ trueDate: ['2022-03-04'], dateFrom: 'file-name' });
    // The first full date of the timeline in the id's year; a typo ("20202-01-01") is passed over.
    expect(rows['pm/PM2021-001 - x.md']).toMatchObject({ trueDate: ['2021-04-05'], dateFrom: 'timeline' });
    // Renamed: the commit that added it under its first name, on the author's day and in UTC.
    expect(rows['docs/alpha.md']).toMatchObject({ trueDate: ['2020-01-10', '2020-01-11'], dateFrom: 'first-commit' });
    // Copied from a template: born with the copy, not with the template.
    expect(rows['docs/copy.md']).toMatchObject({ trueDate: ['2021-06-01'], dateFrom: 'first-commit' });
    expect(figures.std!.dates).toMatchObject({
      count: 6,
      matching: 4,
      offByMoreThanAYear: 1,
      distinctDays: 3,
      mostOnOneDay: 4,
    });
    expect(figures.std!.slugs).toEqual({ suspect: 1, examples: ['/standards/description/'] });
    expect(figures.pm!.dates.matching).toBe(0);
    expect(statedDate('no date here', 'a.md', 'standard')).toEqual({ from: 'none' });
  });

  it('counts template tags outside code, unresolved links against their problems, and missing images', () => {
    const std = figures.std!;
    expect(std.templateTags).toMatchObject({ count: 4, pages: 1 });
    expect(std.links).toMatchObject({ broken: 1, noHref: 0, deadTargets: 1, reported: 1, unreported: 1 });
    expect(std.images).toMatchObject({ referenced: 2, usable: 1, unusable: 1, missing: 1, reported: 1, unreported: 0 });
    // A file name written to run a shell ran nothing: git is called without one.
    expect(existsSync(path.join(repo.dir, 'pwned'))).toBe(false);
    expect(existsSync('pwned')).toBe(false);
  });

  it('compares the structure shown with what the source writes', () => {
    const std = figures.std!.structure;
    expect(std).toMatchObject({
      standards: 6,
      sourceWritesStatus: 1,
      sourceStatuses: { rejected: 1 },
      statusAsSourceWrites: 0,
    });
    expect(std.statuses).toEqual({ adopted: 2, '(none)': 4 });
    expect(std.sourceWritesRequirements).toBe(1);
    expect(std.withRequirements).toBe(0);
    const meet = figures.meet!.structure;
    expect(meet).toMatchObject({
      sessions: 1,
      sourceWritesAttendees: 1,
      withAttendees: 0,
      sourceWritesRecording: 1,
      withRecording: 0,
      presentationsZero: 1,
    });
    expect(figures.std!.summaries).toMatchObject({ count: 6, distinct: 1, mostRepeated: 6 });
  });
});
