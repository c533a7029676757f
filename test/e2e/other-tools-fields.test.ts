/**
 * Repositories written for other tools, built as they are: a GOV.UK tech-docs standard (`last_reviewed_on`,
 * `review_in`, `owner_slack`), Hugo katas in TOML frontmatter with `lastmod` and `aliases`, and an incident log
 * with `start_time`, `end_time`, `url` and a status under its own name, read through the source's `fields:` and
 * `values:`. What nothing reads is listed once per source and key, with a count, in the build and on the health page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.ts';
import { buildFromSources, type TempSiteBuild } from '../helpers/site-build.ts';

let repo: TestRepo;
let site: TempSiteBuild;

beforeAll(async () => {
  repo = createTestRepo();
  repo.write(
    'source/standards/tls.html.md',
    '---\ntitle: Use TLS everywhere\nlast_reviewed_on: 2026-01-10\nreview_in: 6 months\nowner_slack: "#security"\nweight: 10\n---\n\n- You MUST use TLS 1.2 or newer.\n',
  );
  repo.write(
    'content/katas/bowling.md',
    '+++\ntitle = "Bowling game"\ndate = 2019-04-02\nlastmod = 2021-03-04T10:00:00Z\naliases = ["/old/bowling/"]\n+++\n\nScore a game of bowling.\n',
  );
  repo.write(
    'content/katas/tennis.md',
    '+++\ntitle = "Tennis scoring"\ndate = 2019-05-02\n+++\n\nScore a tennis game; harder than [bowling](/old/bowling/).\n',
  );
  for (const [n, day] of [
    [1, '2019-06-02'],
    [2, '2020-09-14'],
  ] as const)
    repo.write(
      `incidents/incident-${n}.md`,
      `---\ntitle: Queue backlog ${n}\nstart_time: ${day}T14:05:00Z\nend_time: ${day}T16:00:00Z\nurl: https://status.example.org/incidents/${n}\nphase: Closed\nseverity_level: high\n---\n\nThe queue backed up.\n`,
    );
  repo.commit('import everything', '2024-05-01T10:00:00Z');
  site = await buildFromSources(
    `site: { title: Other tools }
sources:
  - { name: handbook, repo: "${repo.url}", kind: standard, include: ["source/**/*.md"] }
  - { name: dojo, repo: "${repo.url}", kind: kata, include: ["content/katas/*.md"] }
  - name: status-log
    repo: "${repo.url}"
    kind: postmortem
    include: ["incidents/*.md"]
    fields: { status: phase }
    values: { status: { Closed: published } }
`,
    {},
    'knowledge-other-tools-',
  );
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  site?.cleanup();
});

describe('repositories written for other tools', () => {
  it('builds every document with no error', () => {
    expect(site.code, site.output).toBe(0);
    expect(Object.fromEntries(site.report.sources.map((s) => [s.name, s.documents]))).toEqual({
      handbook: 1,
      dojo: 2,
      'status-log': 2,
    });
    expect(site.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it("reads GOV.UK tech-docs' review keys as the standard's review dates", () => {
    const page = site.page('/standards/tls/');
    expect(page).toContain('<dt>Owners</dt><dd>#security</dd>');
    expect(page).toContain('<dt>Last reviewed</dt><dd>2026-01-10</dd>');
    expect(page).toContain('<dt>Review due</dt><dd class="status-overdue">2026-07-10 (overdue)</dd>');
    expect(page).toContain('You MUST use TLS 1.2 or newer.');
  });

  it("reads Hugo's TOML frontmatter, lastmod as the update and aliases as addresses links resolve to", () => {
    const bowling = site.page('/katas/bowling/');
    expect(bowling).toContain('<h1>Bowling game</h1>');
    expect(bowling).toMatch(/Updated <time datetime="2021-03-04">/);
    expect(site.page('/katas/tennis/')).toContain('href="/katas/bowling/"');
  });

  it('dates incidents by their start, times them, and links where they were first published', () => {
    const page = site.page('/postmortems/incident-1/');
    expect(page).toMatch(/<time datetime="2019-06-02"/);
    expect(page).toMatch(/Time to resolve<\/dt><dd>1 h 55 min/);
    expect(page).toContain('First published at <a href="https://status.example.org/incidents/1"');
  });

  it('lists the key nothing reads once for its source, with a count, in the report and on the health page', () => {
    const unknown = site.report.problems.filter((p) => p.code === 'unknown-key');
    expect(unknown.map((p) => [p.source, p.field, p.path, p.line])).toEqual([
      ['status-log', 'severity_level', 'incidents/incident-1.md', 7],
    ]);
    expect(unknown[0]!.message).toContain('(2 documents, first here)');
    expect(site.output).toContain('1 frontmatter key nothing reads');
    const health = site.page('/health/');
    expect(health).toContain('<th scope="row">Keys nothing reads</th><td>severity_level (2)</td>');
    expect(health).toMatch(/<th scope="row">Layout keys ignored<\/th><td>weight \(1: Hugo&#39;s menu order\)<\/td>/);
  });
});
