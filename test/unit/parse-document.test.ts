import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { formatProblem } from '../../src/lib/problems.ts';

const doc = (kind: Parameters<typeof parseDocument>[0]['kind'], path: string, text: string | Buffer, extra = {}) =>
  parseDocument({ kind, source: 'src', path, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text), ...extra });

describe('fallbacks', () => {
  it('takes the title from the first heading, the date from the file name and the summary from the first paragraph', () => {
    const r = doc(
      'postmortem',
      'pm/2024-03-07-db-failover.md',
      '# Database failover went wrong\n\nThe primary database failed over to a replica that was behind.\n',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.title).toBe('Database failover went wrong');
    expect(r.doc.data.date.toISOString().slice(0, 10)).toBe('2024-03-07');
    expect(r.doc.data.summary).toBe('The primary database failed over to a replica that was behind.');
    expect(r.doc.derivedFrom).toMatchObject({
      title: 'the first heading',
      date: 'the file name',
      summary: 'the first paragraph',
    });
  });

  it('takes the title from the file name when there is no heading, and the date from the first commit', () => {
    const r = doc('kata', 'katas/string-calculator.md', 'Just a paragraph that is long enough to be a summary.\n', {
      firstAdded: '2023-05-06T10:00:00+02:00',
    });
    expect(r.ok && r.doc.data.title).toBe('String calculator');
    expect(r.ok && r.doc.data.date.toISOString().slice(0, 10)).toBe('2023-05-06');
  });

  it("refuses quotes and lists nested past 100 levels, which overflowed the parsers' stack, at their line", () => {
    const head = '---\ntitle: Deep\ndate: 2025-01-03\n---\nFine.\n\n';
    for (const deep of [
      `${'>'.repeat(1_000_000)} deep`,
      `${'> '.repeat(101)}x`,
      `${'- '.repeat(101)}x`,
      Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'),
    ]) {
      const r = doc('postmortem', 'pm/deep.md', `${head}${deep}\n`);
      expect(r.problems.map(formatProblem)[0]).toMatch(
        /^src:pm\/deep\.md:\d+: skipped: quotes or lists nested more than 100 levels deep; nest them less$/,
      );
    }
    expect(doc('postmortem', 'pm/deep.md', `${head}${'> '.repeat(101)}x\n`).problems[0]!.line).toBe(7);
    expect(
      doc(
        'postmortem',
        'pm/ok.md',
        `${head}${'> '.repeat(20)}x\n\n${Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}\n`,
      ).ok,
    ).toBe(true);
  });

  it('refuses images nested 330,000 deep, which crashed the native parser, before it reads them', () => {
    const head = '---\ntitle: Deep\ndate: 2025-01-03\n---\n';
    const r = doc('postmortem', 'pm/images.md', `${head}${'!['.repeat(330_000)}x${'](u)'.repeat(330_000)}\n`);
    expect(r.problems.map(formatProblem)).toEqual([
      'src:pm/images.md:5: skipped: more than 256 "[" open at once (links or images nested in each other); close them or escape them as \\[',
    ]);
    expect(doc('postmortem', 'pm/ok.md', `${head}[a [b] c](u) \\[${'['.repeat(10)}${']'.repeat(10)}\n`).ok).toBe(true);
  });

  it('refuses, before rendering, bodies that abort or stall the native renderer', () => {
    const head = '---\ntitle: Heavy\ndate: 2025-01-03\n---\n';
    const cases: Array<[string, RegExp]> = [
      [
        `"'`.repeat(50_000),
        /: skipped: 100,000 straight quotes \(" and '\), over the limit of 10,000 that the Markdown renderer can take; split the document/,
      ],
      ['&amp;é'.repeat(60_000), /: skipped: 60,000 character references \(&amp; &#38; …\), over the limit of 10,000/],
      ['<div>\n\n'.repeat(285_000), /: skipped: 285,000 HTML tags, over the limit of 20,000/],
    ];
    for (const [body, message] of cases)
      expect(doc('kata', 'k/heavy.md', `${head}${body}\n`).problems.map(formatProblem)[0]).toMatch(message);
    expect(doc('kata', 'k/fine.md', `${head}${'"Quoted" it\'s &amp; <b>bold</b>. '.repeat(1_000)}\n`).ok).toBe(true);
  });

  it('says where a date can come from when a file has none, not that it found "undefined"', () => {
    const r = doc('postmortem', 'pm/no-date.md', '---\ntitle: No date here\n---\nBody.\n');
    expect(r.problems.map(formatProblem)).toEqual([
      'src:pm/no-date.md: date: skipped: no date: add `date: YYYY-MM-DD`, put a date in the file name, or commit the file',
    ]);
  });

  it('reads an id from a DFDS-style file name with spaces and no extension', () => {
    const r = doc(
      'postmortem',
      'PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues',
      '# Bad AMI\n\nText text text text text text.\n',
      { firstAdded: '2022-06-01T00:00:00Z' },
    );
    expect(r.ok && r.doc.data.id).toBe('PM2022-009');
  });

  it('frontmatter wins over source defaults, defaults fill the rest', () => {
    const r = doc('postmortem', 'a.md', '---\ntitle: T\ndate: 2024-01-01\nteams: [payments]\n---\nbody\n', {
      defaults: { teams: ['sre'], visibility: 'public' },
    });
    expect(r.ok && r.doc.data.teams).toEqual(['payments']);
    expect(r.ok && r.doc.data.visibility).toBe('public');
  });
});

describe('reading structure from the body', () => {
  it('reads action items from a task list under "Action items"', () => {
    const r = doc(
      'postmortem',
      'a.md',
      '---\ntitle: T\ndate: 2024-01-01\n---\n## Action items\n\n- [x] Add an alert on lag OPS-12\n- [ ] Raise the pool size, owner: Ana, due 2025-02-01\n',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.action_items).toEqual([
      expect.objectContaining({ title: 'Add an alert on lag OPS-12', status: 'done', ticket: 'OPS-12' }),
      expect.objectContaining({ status: 'open', owner: 'Ana', due: new Date('2025-02-01T00:00:00Z') }),
    ]);
  });

  it('reads RFC 2119 requirements of a standard from list items', () => {
    const r = doc(
      'standard',
      's.md',
      '---\ntitle: S\ndate: 2024-01-01\nid: SEC-1\n---\n- You MUST rotate secrets\n- You SHOULD NOT log tokens\n- Teams MAY use a vault\n- Unrelated item\n',
    );
    expect(r.ok && r.doc.data.requirements).toEqual([
      { id: 'SEC-1-R1', level: 'MUST', text: 'You MUST rotate secrets' },
      { id: 'SEC-1-R2', level: 'SHOULD', text: 'You SHOULD NOT log tokens' },
      { id: 'SEC-1-R3', level: 'MAY', text: 'Teams MAY use a vault' },
    ]);
  });

  it('reads a timeline table and DFDS "Stats"', () => {
    const r = doc(
      'postmortem',
      'a.md',
      '# X\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 10:00 | Alert fired |\n\n## Stats\n\n- Category: Kubernetes\n- Time to detection: 19 hours 43 minutes.\n',
      { firstAdded: '2024-01-01T00:00:00Z' },
    );
    expect(r.ok && r.doc.data.timeline).toEqual([{ time: '10:00', event: 'Alert fired' }]);
    expect(r.ok && r.doc.data.category).toBe('Kubernetes');
    expect(r.ok && r.doc.data.time_to_detect_minutes).toBe(1183);
  });
});

describe('problems name the file, the line, the field, what was expected and what was found', () => {
  it('an unknown severity', () => {
    const r = doc('postmortem', 'pm/x.md', '---\ntitle: X\ndate: 2024-01-01\nseverity: SEV9\n---\nbody\n');
    expect(r.ok).toBe(false);
    expect(r.problems.map(formatProblem)).toEqual([
      'src:pm/x.md:4: severity: skipped: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9"',
    ]);
  });

  it('an impossible date', () => {
    const r = doc('postmortem', 'x.md', '---\ntitle: X\ndate: 2024-02-30\n---\nbody\n');
    expect(r.problems[0]).toMatchObject({ line: 3, field: 'date', severity: 'error' });
    expect(r.problems[0]!.message).toContain('found "2024-02-30"');
  });

  it('a wrong type deep in a list, with the line of the item', () => {
    const r = doc(
      'postmortem',
      'x.md',
      '---\ntitle: X\ndate: 2024-01-01\naction_items:\n  - title: A\n    status: open\n  - title: B\n    status: finished\n---\n',
    );
    expect(r.problems[0]).toMatchObject({ field: 'action_items.1.status', line: 8 });
    expect(r.problems[0]!.message).toContain(
      'expected one of open, in-progress, done, wont-do, unknown, found "finished"',
    );
  });

  it('invalid YAML, with its line', () => {
    const r = doc('session', 'x.md', '---\ntitle: X\ndate: [2024\n---\n');
    expect(r.problems[0]).toMatchObject({ code: 'yaml', line: expect.any(Number) });
    expect(r.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('a value from the source defaults says so', () => {
    const r = doc('kata', 'k.md', '# K\n', { defaults: { level: 'expert' }, firstAdded: '2024-01-01T00:00:00Z' });
    expect(r.problems[0]!.message).toContain("from the source's defaults");
  });

  it('timestamps out of order', () => {
    const r = doc(
      'postmortem',
      'x.md',
      '---\ntitle: X\ndate: 2024-01-01\nstarted: 2024-01-01T10:00:00Z\ndetected: 2024-01-01T09:00:00Z\n---\n',
    );
    expect(r.problems[0]).toMatchObject({ field: 'detected', line: 5 });
  });

  it('binary, Latin-1 and empty files are refused with their own reason', () => {
    expect(doc('kata', 'b.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])).problems[0]!.code).toBe('binary');
    expect(doc('kata', 'l.md', Buffer.from('# Caf\xe9 cr\xe8me\n', 'latin1')).problems[0]!.code).toBe('encoding');
    expect(doc('kata', 'e.md', '  \n').problems[0]!.code).toBe('empty');
  });

  it('a BOM and CRLF line ends are fine', () => {
    const r = doc('kata', 'k.md', '\ufeff---\r\ntitle: Windows kata\r\ndate: 2024-01-01\r\n---\r\n# Hi\r\n');
    expect(r.ok && r.doc.data.title).toBe('Windows kata');
  });
});

describe('the title is shown once', () => {
  it('drops a leading # heading that repeats the title, and keeps one that differs', () => {
    const same = doc('kata', 'k.md', '---\ndate: 2024-01-01\n---\n# Bowling\n\nText.\n');
    expect(same.ok && same.doc.body.trim()).toBe('Text.');
    const other = doc('kata', 'k.md', '---\ntitle: Bowling kata\ndate: 2024-01-01\n---\n# Rules\n\nText.\n');
    expect(other.ok && other.doc.body.trim()).toBe('# Rules\n\nText.');
  });
});

describe('URLs in related', () => {
  it('drops every URL the policy refuses, naming the line and the field, and keeps web pages and references', () => {
    const r = doc(
      'postmortem',
      'a.md',
      '---\ntitle: T\ndate: 2024-01-01\nrelated:\n  - "javascript:alert(1)"\n  - "JaVaScRiPt:alert(1)"\n  - "   javascript:alert(1)"\n  - "data:text/html,x"\n  - "vbscript:x"\n  - https://example.org/runbook\n  - standard/alerting\n---\nBody\n',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.related).toEqual(['https://example.org/runbook', 'standard/alerting']);
    const lines = r.problems.map(formatProblem);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      'src:a.md:5: related.0: expected an http(s) or mailto URL or a relative link, found "javascript:alert(1)" (a javascript: URL); it is left out',
    );
    expect(lines[3]).toMatch(/^src:a\.md:8: related\.3: .*\(a data: URL\)/);
  });
});

describe('invisible characters', () => {
  it('strips bidi controls and zero-width characters from the title, id and tags, with a warning each', () => {
    const text =
      '---\ntitle: "Pay\u202ements\u200b outage"\nid: "PM-2025-\u2066001\u2069"\ntags:\n  - ok\n  - "se\u200dcu\ufeffrity\u061c"\n  - "\u200e\u200f\u202a\u202b\u202c\u202d\u2060\u200c"\ndate: 2025-01-01\n---\nBody\n';
    const r = doc('postmortem', 'pm/x.md', text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data.title).toBe('Payments outage');
    expect(r.doc.data.id).toBe('PM-2025-001');
    expect(r.doc.data.tags).toEqual(['ok', 'security']);
    expect(r.problems.map(formatProblem)).toEqual([
      'src:pm/x.md:2: title: expected visible characters only, found U+202E, U+200B (bidi controls or zero-width characters, which can show text as something it is not); they are removed: delete them from the file',
      'src:pm/x.md:3: id: expected visible characters only, found U+2066, U+2069 (bidi controls or zero-width characters, which can show text as something it is not); they are removed: delete them from the file',
      'src:pm/x.md:6: tags.1: expected visible characters only, found U+200D, U+FEFF, U+061C (bidi controls or zero-width characters, which can show text as something it is not); they are removed: delete them from the file',
      'src:pm/x.md:7: tags.2: expected visible characters only, found U+200E, U+200F, U+202A, U+202B, U+202C, U+202D, U+2060, U+200C (bidi controls or zero-width characters, which can show text as something it is not); they are removed: delete them from the file',
    ]);
  });

  it('skips a document whose title is only invisible characters', () => {
    const r = doc('kata', 'k/x.md', '---\ntitle: "\u200b\u202e"\ndate: 2025-01-01\n---\nBody\n');
    expect(r.ok).toBe(false);
    expect(r.problems.map(formatProblem)).toContain(
      'src:k/x.md:2: title: skipped: the title cannot be empty, found ""',
    );
  });
});
