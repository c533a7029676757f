/**
 * Kind structure where real repositories write it in the body: a standard's status and date (MADR, adr-tools),
 * requirements in lower case, a meeting's attendees, recording and decisions, summaries past links and
 * boilerplate, comma-separated tags. Snippets are cut to the shapes of real files.
 */
import { describe, expect, it } from 'vitest';
import { readBodyStructure } from '../../src/lib/body-structure.ts';
import { VALUE_LIST_LIMIT } from '../../src/lib/document-limits.ts';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { statusFromWords } from '../../src/lib/standard-status.ts';

const doc = (kind: Parameters<typeof parseDocument>[0]['kind'], path: string, text: string, extra = {}) =>
  parseDocument({ kind, source: 'src', path, bytes: Buffer.from(text), ...extra });

const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d);

/** MADR 3: a `## Status` section is not in MADR 3 (frontmatter), but MADR 1 and many logs write one. */
const MADR_REJECTED = `# Use GraphQL for the public API

## Status

Rejected

## Context and Problem Statement

We want one API for web and mobile clients.
`;

/** MADR 2: a list of `* Key: value` under the title. */
const MADR_2 = `# Use Markdown Architectural Decision Records

* Status: accepted
* Deciders: Oliver Kopp, Olaf Zimmermann
* Date: 2017-12-01

Technical Story: record the decisions taken in this project.

## Context and Problem Statement

We want to record architectural decisions made in this project.
`;

/** adr-tools (Nygard). */
const ADR_TOOLS = `# 2. Use PostgreSQL

Date: 2018-03-04

## Status

Superseded by [3. Use CockroachDB](0003-use-cockroachdb.md)

## Context

The issue motivating this decision, and any context that influences or constrains the decision.
`;

/** OpenJS Cross Project Council meeting notes (meetings/2023/2023-01-03.md, cut). */
const OPENJS_MEETING = `# OpenJS Foundation Cross Project Council Meeting 2023-01-03

## Links

* **Recording**: https://www.youtube.com/watch?v=Sv6XwT5SYNc
* **GitHub Issue**: https://github.com/openjs-foundation/cross-project-council/issues/989

## Present

* Joe Sepi (@joesepi)
* Michael Dawson (@mhdawson)
* Thomas Watson (@watson) - Elastic, Node.js Foundation Diagnostics WG
* Rich Trott (joined at 2:19pm ET, left at 2:40pm ET)
* @bnb
* Antoine du Hamel @aduh95 (voting member)

## Agenda

### Board Meeting Updates

*Extracted from **cross-project-council-agenda** labeled issues and pull requests from the **openjs-foundation org** prior to the meeting.

### openjs-foundation/cross-project-council

* Determine what a realistic 360 review process could look like [#982](https://github.com/openjs-foundation/cross-project-council/issues/982)

## Decisions

* Move the working session to Thursdays
* Adopt the new Code of Conduct
`;

describe("a standard's status from its body", () => {
  it('maps the words repositories write onto our statuses', () => {
    expect(statusFromWords('Accepted')).toBe('adopted');
    expect(statusFromWords('Accepted 2019-03-01')).toBe('adopted');
    expect(statusFromWords('approved')).toBe('adopted');
    expect(statusFromWords('Rejected')).toBe('rejected');
    expect(statusFromWords('declined')).toBe('rejected');
    expect(statusFromWords('Proposed')).toBe('proposed');
    expect(statusFromWords('In review')).toBe('proposed');
    expect(statusFromWords('on hold')).toBe('proposed');
    expect(statusFromWords('Draft')).toBe('draft');
    expect(statusFromWords('Deprecated')).toBe('deprecated');
    expect(statusFromWords('Superseded by [ADR-0005](0005-x.md)')).toBe('superseded');
    expect(statusFromWords('**Accepted**')).toBe('adopted');
    expect(statusFromWords('Something else')).toBeUndefined();
  });

  it('reads a MADR "## Status" section: a rejected decision is rejected, not adopted', () => {
    const r = doc('standard', 'docs/adr/0004-use-graphql.md', MADR_REJECTED, { firstAdded: '2020-01-01' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.status).toBe('rejected');
    expect(r.doc.derivedFrom.status).toBe('a "Status" section');
  });

  it('reads MADR 2\'s "* Status: accepted" and "* Date:" list', () => {
    const r = doc('standard', 'docs/adr/0000-use-markdown.md', MADR_2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.status).toBe('adopted');
    expect(r.doc.derivedFrom.status).toBe('a "Status:" line');
    expect(day(r.doc.data.date)).toBe('2017-12-01');
    expect(r.doc.derivedFrom.date).toBe('a "Date:" line');
  });

  it('reads adr-tools\' "Date:" line and a "Superseded by" link, before the date of the commit', () => {
    const r = doc('standard', 'doc/adr/0002-use-postgresql.md', ADR_TOOLS, { firstAdded: '2021-06-01T00:00:00Z' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.status).toBe('superseded');
    expect(r.doc.data.superseded_by).toBe('0003-use-cockroachdb.md');
    expect(day(r.doc.data.date)).toBe('2018-03-04');
    expect(r.doc.derivedFrom).toMatchObject({ date: 'a "Date:" line', superseded_by: 'a "Status" section' });
  });

  it('reads a metadata table, a "## Status: Accepted" heading and a status after an emoji', () => {
    const table = readBodyStructure(
      '# ADR 7\n\n| Field | Value |\n|---|---|\n| Status | Declined |\n| Date | 2021-05-06 |\n',
    );
    expect(table.status).toMatchObject({ status: 'rejected', from: 'a "Status:" line', line: 5 });
    expect(table.statedDate).toMatchObject({ date: '2021-05-06', from: 'a "Date:" line' });
    expect(readBodyStructure('# ADR 8\n\n## Status: Accepted\n\n## Context\n').status).toMatchObject({
      status: 'adopted',
      from: 'a "Status" heading',
    });
    expect(readBodyStructure('# ADR 9\n\n## Status\n\n✅ Accepted\n').status?.status).toBe('adopted');
  });

  it('maps the words of a frontmatter status too, and still refuses one it does not know', () => {
    const ok = doc('standard', 'a.md', '---\ntitle: T\ndate: 2024-01-01\nstatus: Accepted\n---\nBody.\n');
    expect(ok.ok && ok.doc.data.status).toBe('adopted');
    const upper = doc('standard', 'a.md', '---\ntitle: T\ndate: 2024-01-01\nstatus: Deprecated\n---\nBody.\n');
    expect(upper.ok && upper.doc.data.status).toBe('deprecated');
    const bad = doc('standard', 'a.md', '---\ntitle: T\ndate: 2024-01-01\nstatus: frozen\n---\nBody.\n');
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatchObject({ field: 'status', line: 4 });
  });

  it('lets the frontmatter win over the body', () => {
    const r = doc('standard', 'a.md', `---\nstatus: proposed\ndate: 2022-02-02\n---\n${ADR_TOOLS}`);
    expect(r.ok && r.doc.data.status).toBe('proposed');
    expect(r.ok && day(r.doc.data.date)).toBe('2022-02-02');
    expect(r.ok && r.doc.derivedFrom.status).toBeUndefined();
    expect(r.ok && r.doc.data.superseded_by).toBeUndefined();
  });

  it('ignores a "## Status" and a "Status:" line inside a code block', () => {
    const body =
      '# Template\n\n```markdown\nStatus: rejected\n\n## Status\n\nRejected\n```\n\nText of the standard that is long enough.\n';
    const s = readBodyStructure(body);
    expect(s.status).toBeUndefined();
    const r = doc('standard', 'a.md', `---\ndate: 2024-01-01\n---\n${body}`);
    expect(r.ok && r.doc.data.status).toBe('adopted');
  });

  it('warns, at its line, about a status it does not know, and keeps the default', () => {
    const r = doc('standard', 'a.md', '---\ndate: 2024-01-01\n---\n# T\n\n## Status\n\nFrozen until Q3\n');
    expect(r.ok && r.doc.data.status).toBe('adopted');
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'unknown-status', field: 'status', line: 8, severity: 'warning' }),
    ]);
    expect(r.problems[0]!.message).toContain('found "Frozen until Q3"');
  });

  it('reads a date from the first heading when there is no "Date:" line, and refuses an impossible one', () => {
    expect(readBodyStructure('# 2023-01-03 CPC meeting\n').statedDate).toEqual({
      date: '2023-01-03',
      from: 'the first heading',
      line: 1,
    });
    expect(readBodyStructure('# Meeting 2023-02-30\n').statedDate).toBeUndefined();
    const r = doc('session', 'notes/meeting.md', '# Meeting 2023-01-03\n\nNotes.\n', { firstAdded: '2024-01-01' });
    expect(r.ok && day(r.doc.data.date)).toBe('2023-01-03');
    expect(r.ok && r.doc.derivedFrom.date).toBe('the first heading');
  });

  it('keeps a Status section of 100,000 characters bounded', () => {
    const huge = `# T\n\n## Status\n\n${'Accepted '.repeat(12_000)}\n`;
    const s = readBodyStructure(huge);
    expect(s.status?.status).toBe('adopted');
    expect(s.status!.written.length).toBeLessThanOrEqual(100);
  });
});

describe('requirements', () => {
  const body =
    '---\ntitle: S\ndate: 2024-01-01\n---\n- You must rotate secrets\n- Teams should not log tokens\n- You may use a vault\n- This is required reading\n';

  it('upper-case by default: "must" in lower case is not a requirement', () => {
    const r = doc('standard', 's.md', body);
    expect(r.ok && r.doc.data.requirements).toEqual([]);
  });

  it('any-case when the source says so', () => {
    const r = doc('standard', 's.md', body, { requirements: 'any-case' });
    expect(r.ok && r.doc.data.requirements).toEqual([
      { id: 'R1', level: 'MUST', text: 'You must rotate secrets' },
      { id: 'R2', level: 'SHOULD', text: 'Teams should not log tokens' },
      { id: 'R3', level: 'MAY', text: 'You may use a vault' },
    ]);
    expect(r.ok && r.doc.derivedFrom.requirements).toBe('list items with must / should / may');
  });
});

describe('meeting notes', () => {
  it('reads attendees, the recording and decisions of an OpenJS-shaped meeting', () => {
    const r = doc('session', 'meetings/2023/2023-01-03.md', OPENJS_MEETING);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.attendees).toEqual([
      'Joe Sepi',
      'Michael Dawson',
      'Thomas Watson',
      'Rich Trott',
      'bnb',
      'Antoine du Hamel',
    ]);
    expect(r.doc.data.recording).toBe('https://www.youtube.com/watch?v=Sv6XwT5SYNc');
    expect(r.doc.data.decisions).toEqual(['Move the working session to Thursdays', 'Adopt the new Code of Conduct']);
    expect(r.doc.derivedFrom).toMatchObject({
      attendees: 'the "Present" list',
      recording: 'a "Recording:" line',
      decisions: 'the "Decisions" section',
      date: 'the first heading',
    });
  });

  it('reads attendees written on one line or in a paragraph, and a link named "Recording"', () => {
    const line = readBodyStructure(
      '# Weekly sync\n\n**Attendees:** Alice Smith, Bob (@bob) and Carol\n\n* [Recording](https://example.org/r/1)\n',
    );
    expect(line.attendees).toEqual(['Alice Smith', 'Bob', 'Carol']);
    expect(line.recording).toBe('https://example.org/r/1');
    expect(readBodyStructure('## Participants\n\nAlice, Bob; Dee\n').attendees).toEqual(['Alice', 'Bob', 'Dee']);
    expect(
      readBodyStructure('## Attendees\n\n| Name | Team |\n|---|---|\n| Ana (@ana) | SRE |\n| Ben | Web |\n').attendees,
    ).toEqual(['Ana', 'Ben']);
    // Prose under the heading is not a list of names.
    expect(
      readBodyStructure('## Present\n\nEveryone from the platform team was there, and two guests from payments.\n')
        .attendees,
    ).toEqual([]);
  });

  it('takes no recording the URL policy refuses, nor an empty one', () => {
    expect(readBodyStructure('* **Recording**: javascript:alert(1)\n').recording).toBeUndefined();
    expect(readBodyStructure('* **Recording**:\n* **Issue**: https://example.org/1\n').recording).toBeUndefined();
    expect(readBodyStructure('Recording: <https://example.org/r>\n').recording).toBe('https://example.org/r');
    expect(readBodyStructure('* **Video Recording**: <https://example.org/v>\n').recording).toBe(
      'https://example.org/v',
    );
    expect(readBodyStructure('* **Video Recording**: Not available\n').recording).toBeUndefined();
  });

  it('leaves attendees out of a public build', () => {
    const r = doc('session', 'm.md', `---\nvisibility: public\n---\n${OPENJS_MEETING}`, { audience: 'public' });
    expect(r.ok).toBe(true);
    expect(r.ok && r.doc.data.attendees).toEqual([]);
    expect(r.ok && r.doc.data.recording).toBeUndefined();
  });

  it('keeps a Present list of 100,000 names to the list limit, with a warning', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `* Person ${i} (@p${i})`).join('\n');
    const r = doc('session', 'm.md', `---\ndate: 2024-01-01\n---\n## Present\n\n${names}\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.attendees).toHaveLength(VALUE_LIST_LIMIT);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'too-many', field: 'attendees' }));
  });
});

describe('summaries', () => {
  it('skip a line of links and strip the markers of broken emphasis', () => {
    const s = readBodyStructure(
      '[#123](https://x.org/123) [#124](https://x.org/124)\n\nhttps://example.org/a-long-link\n\n' +
        '*Extracted from **cross-project-council-agenda** labeled issues prior to the meeting.\n\nSecond paragraph with enough words.\n',
    );
    expect(s.firstParagraph).toBe('Extracted from cross-project-council-agenda labeled issues prior to the meeting.');
    expect(s.paragraphs).toEqual([
      'Extracted from cross-project-council-agenda labeled issues prior to the meeting.',
      'Second paragraph with enough words.',
    ]);
    expect(readBodyStructure('Links: [one](a) · [two](b) · [three](c)\n').firstParagraph).toBeUndefined();
    expect(readBodyStructure('Edit _config.yml and the site settings before you ship.\n').firstParagraph).toBe(
      'Edit _config.yml and the site settings before you ship.',
    );
    expect(readBodyStructure('Compute 5 * 3 for each of the request handlers.\n').firstParagraph).toBe(
      'Compute 5 * 3 for each of the request handlers.',
    );
  });
});

describe('comma-separated names', () => {
  it('splits `tags: weekly, triage` and `teams: "a, b"` into lists', () => {
    const r = doc(
      'session',
      's.md',
      '---\ntitle: T\ndate: 2024-01-01\ntags: weekly, triage\nteams: "payments, sre"\n---\nBody.\n',
    );
    expect(r.ok && r.doc.data.tags).toEqual(['weekly', 'triage']);
    expect(r.ok && (r.doc.data as { teams?: string[] }).teams).toEqual(['payments', 'sre']);
  });

  it('keeps a single name and a YAML list as they are', () => {
    const r = doc('standard', 's.md', '---\ntitle: T\ndate: 2024-01-01\ntags: [a, b]\nowners: Ana Lopez\n---\nBody.\n');
    expect(r.ok && r.doc.data.tags).toEqual(['a', 'b']);
    expect(r.ok && (r.doc.data as { owners?: string[] }).owners).toEqual(['Ana Lopez']);
  });
});

describe('hostile bodies', () => {
  it('read stray markers, parentheses and labels of 100,000 characters at once', () => {
    const started = performance.now();
    const s = readBodyStructure(
      `# T ${'2023-01-0'.repeat(20_000)}\n\n${'a* '.repeat(50_000)}\n\n${'[x](y) '.repeat(20_000)}\n\n` +
        `## Present\n\n- ${'('.repeat(100_000)}\n- x${' - '.repeat(50_000)}x\n- ${'@'.repeat(100_000)}\n\n` +
        `Recording: ${'http://'.repeat(20_000)}\n\nStatus: ${'superseded by '.repeat(10_000)}\n`,
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(s.firstParagraph!.length).toBeLessThan(200_000);
    expect(s.paragraphs.every((p) => !p.includes('[x]'))).toBe(true);
    for (const a of s.attendees) expect(a.length).toBeLessThanOrEqual(100);
    expect(s.statedDate).toBeUndefined();
  });
});
