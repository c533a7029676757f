/**
 * Kind structure read from the body, in a real build: an ADR log whose decisions say their status only in the
 * body, and meeting notes whose first paragraph is the same boilerplate in every file. A second build from the
 * caches must show the same.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

let repo: TestRepo;
let work: string;
let sources: string;
let first: SiteBuild;
let second: SiteBuild;

const BOILERPLATE =
  '*Extracted from **cross-project-council-agenda** labeled issues and pull requests from the **openjs-foundation org** prior to the meeting.';

const meeting = (day: string, own: string) => `# Cross Project Council Meeting ${day}

## Links

* **Recording**: https://www.youtube.com/watch?v=abc${day.replaceAll('-', '')}
* **GitHub Issue**: https://github.com/openjs-foundation/cross-project-council/issues/989

## Present

* Joe Sepi (@joesepi)
* Michael Dawson (@mhdawson)

## Agenda

${BOILERPLATE}

${own}
`;

const api = (b: SiteBuild, kind: string) =>
  JSON.parse(readFileSync(path.join(b.outDir, 'api', `${kind}.json`), 'utf8')) as {
    documents: Array<Record<string, unknown> & { url: string; provenance: { derived_from: Record<string, string> } }>;
  };

beforeAll(async () => {
  repo = createTestRepo();
  repo.write(
    'doc/adr/0001-record-architecture-decisions.md',
    '# 1. Record architecture decisions\n\nDate: 2018-03-04\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record the architectural decisions made on this project.\n',
  );
  repo.write(
    'doc/adr/0002-use-graphql.md',
    '# 2. Use GraphQL for the public API\n\nDate: 2018-04-10\n\n## Status\n\nRejected\n\n## Context\n\nWe want one API for web and mobile clients, and the teams must agree on it.\n',
  );
  repo.write(
    'doc/adr/0003-use-postgresql.md',
    '# 3. Use PostgreSQL\n\n* Status: superseded by [4. Use CockroachDB](0004-use-cockroachdb.md)\n* Date: 2019-01-02\n\n## Context\n\nOne database for every service.\n',
  );
  repo.write(
    'doc/adr/0004-use-cockroachdb.md',
    '# 4. Use CockroachDB\n\n* Status: accepted\n* Date: 2020-02-03\n\n## Context\n\nOne database across regions.\n',
  );
  for (const [i, day] of ['2023-01-03', '2023-01-17', '2023-01-31', '2023-02-14'].entries())
    repo.write(`meetings/${day}.md`, meeting(day, `Meeting ${i + 1} agreed to review the 360 process next.`));
  repo.commit('import', '2024-06-01T10:00:00Z');
  work = makeTempDir('knowledge-body-structure-');
  sources = path.join(work, 'sources.yaml');
  writeFileSync(
    sources,
    `site: { title: Body Org }
sources:
  - { name: adr, repo: "${repo.url}", kind: standard, include: ["doc/adr/*.md"] }
  - { name: cpc, repo: "${repo.url}", kind: session, include: ["meetings/*.md"] }
`,
  );
  const env = {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
    KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro-cache'),
  };
  first = await buildSite(sources, path.join(work, 'dist-1'), env);
  second = await buildSite(sources, path.join(work, 'dist-2'), env);
}, 300_000);
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('structure written in the body', () => {
  it('builds', () => {
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
  });

  it('shows a rejected decision as rejected, dated by its "Date:" line, with no requirements panel', () => {
    const standards = api(first, 'standards').documents;
    const rejected = standards.find((d) => String(d.title).includes('GraphQL'))!;
    expect(rejected).toMatchObject({ status: 'rejected', date: '2018-04-10T00:00:00.000Z' });
    expect(rejected.provenance.derived_from).toMatchObject({ status: 'a "Status" section', date: 'a "Date:" line' });
    expect(standards.find((d) => String(d.title).includes('Record'))).toMatchObject({ status: 'adopted' });
    const page = first.page(rejected.url);
    expect(page).toContain('<dd class="status-rejected"><a href="/standards/status/rejected/">rejected</a></dd>');
    expect(page).toContain('This standard is rejected.');
    // "must" in lower case is not a requirement by default, and no panel shows without requirements.
    expect(rejected.requirements).toEqual([]);
    expect(page).not.toContain('<h2>Requirements</h2>');
  });

  it('links a superseded decision to the one that replaces it, from a MADR 2 status line', () => {
    const standards = api(first, 'standards').documents;
    const old = standards.find((d) => String(d.title).includes('PostgreSQL'))!;
    const next = standards.find((d) => String(d.title).includes('CockroachDB'))!;
    expect(old).toMatchObject({ status: 'superseded', superseded_by: next.url, date: '2019-01-02T00:00:00.000Z' });
    expect(next).toMatchObject({ status: 'adopted', date: '2020-02-03T00:00:00.000Z' });
    expect(first.page(old.url)).toContain(`Follow <a href="${next.url}">`);
  });

  it("shows a meeting's attendees and recording, no presentations count, and a summary past the boilerplate", () => {
    const sessions = api(first, 'sessions').documents;
    expect(sessions).toHaveLength(4);
    for (const s of sessions) {
      expect(s.summary).toMatch(/^Meeting \d agreed to review the 360 process next\.$/);
      expect(s.provenance.derived_from.summary).toMatch(/later paragraph/);
    }
    const page = first.page(sessions[0]!.url);
    expect(page).toContain('<dt>Attendees</dt><dd>2</dd>');
    expect(page).toMatch(
      /<dt>Recording<\/dt><dd><a href="https:\/\/www\.youtube\.com\/watch\?v=abc2023\d{4}">Watch<\/a>/,
    );
    expect(page).not.toContain('<dt>Presentations</dt>');
    expect(page).toMatch(/<p class="lede"[^>]*>Meeting \d agreed/);
  });

  it('shows the same from the caches', () => {
    expect(second.output).toMatch(/sessions: 4 document\(s\) \(0 parsed, 4 unchanged\)/i);
    const summaries = (b: SiteBuild) => api(b, 'sessions').documents.map((d) => [d.url, d.summary]);
    expect(summaries(second)).toEqual(summaries(first));
    expect(api(second, 'standards').documents.map((d) => d.status)).toEqual(
      api(first, 'standards').documents.map((d) => d.status),
    );
  });
});
