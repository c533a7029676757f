import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addFacts, emptyAdoption, factsOf, unknownKeyProblems } from '../../src/loaders/adoption.ts';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { loadSourcesConfig } from '../../src/sources/config.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

type Input = Parameters<typeof parseDocument>[0];
const parse = (kind: Input['kind'], text: string, extra: Partial<Input> = {}) => {
  const r = parseDocument({ kind, source: 'src', path: 'docs/x.md', bytes: Buffer.from(text), ...extra });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r;
};

describe('fields under other names', () => {
  it("reads a source's `fields:` renames and `values:` maps, at the renamed key's line", () => {
    const r = parse(
      'postmortem',
      '---\ntitle: Queue backlog\ndate: 2024-02-01\nstart_time: 2024-02-01T10:00:00Z\nurl: https://status.example.org/incidents/42\nphase: Closed\n---\nText.\n',
      { mapping: { fields: { source_url: 'url', status: 'phase' }, values: { status: { Closed: 'published' } } } },
    );
    expect(r.doc.data.source_url).toBe('https://status.example.org/incidents/42');
    expect(r.doc.data.status).toBe('published');
    expect(r.doc.derivedFrom.source_url).toBe('the frontmatter\'s "url"');
    expect(r.doc.unknownKeys).toEqual([]);
    const invalid = parseDocument({
      kind: 'postmortem',
      source: 'src',
      path: 'docs/x.md',
      bytes: Buffer.from(
        '---\ntitle: Queue backlog\ndate: 2024-02-01\nstart_time: 2024-02-01T10:00:00Z\nend_time: 2024-02-01T09:00:00Z\n---\nText.\n',
      ),
    });
    // start_time and end_time are built in: resolved before started is an error at end_time's line.
    expect(invalid.ok).toBe(false);
    expect(invalid.problems[0]).toMatchObject({ field: 'resolved', line: 5 });
  });

  it("reads GOV.UK tech-docs', Jekyll's, Hugo's and MADR's keys without configuration", () => {
    const gov = parse(
      'standard',
      '---\ntitle: Use TLS\ndate: 2024-01-01\nlast_reviewed_on: 2024-06-01\nreview_in: 6 months\nowner_slack: "#security"\nlayout: standard\n---\nText.\n',
    );
    expect(gov.doc.data).toMatchObject({ review_every: '6 months', owners: ['#security'] });
    expect((gov.doc.data.last_reviewed as Date).toISOString().slice(0, 10)).toBe('2024-06-01');
    expect(gov.doc.ignoredKeys).toEqual(['layout']);
    const jekyll = parse(
      'standard',
      '---\nnavtitle: Security\npermalink: /security/\nredirect_from: [/sec/, /old-security/]\ndescription: How we keep things safe.\npublished: false\n---\nText.\n',
      { firstAdded: '2020-01-01T00:00:00Z' },
    );
    expect(jekyll.doc.data).toMatchObject({
      title: 'Security',
      permalink: '/security/',
      redirect_from: ['/sec/', '/old-security/'],
      summary: 'How we keep things safe.',
      draft: true,
    });
    const madr = parse(
      'standard',
      '---\ntitle: Use Postgres\ndate: 2021-05-01\nstatus: Superseded by ADR-0007\n---\nx\n',
    );
    expect(madr.doc.data).toMatchObject({ status: 'superseded', superseded_by: 'ADR-0007' });
    expect(parse('standard', '---\ntitle: A\ndate: 2021-05-01\nstatus: Rejected\n---\nx\n').doc.data.status).toBe(
      'rejected',
    );
  });

  it("reads Hugo's TOML frontmatter, its dates as written", () => {
    const r = parse(
      'kata',
      '+++\ntitle = "Bowling game"\ndate = 2019-04-02\nlastmod = 2021-03-04T10:00:00Z\naliases = ["/katas/bowling/"]\nweight = 3\n+++\n\nScore a game of bowling.\n',
    );
    expect(r.doc.data).toMatchObject({ title: 'Bowling game', aliases: ['/katas/bowling/'] });
    expect((r.doc.data.date as Date).toISOString().slice(0, 10)).toBe('2019-04-02');
    expect((r.doc.data.updated as Date).toISOString()).toBe('2021-03-04T10:00:00.000Z');
    expect(r.doc.body.trim()).toBe('Score a game of bowling.');
    expect(r.doc.ignoredKeys).toEqual(['weight']);
    const broken = parseDocument({
      kind: 'kata',
      source: 'src',
      path: 'k.md',
      bytes: Buffer.from('+++\ntitle = "x"\ndate = \n+++\n'),
    });
    expect(broken.ok).toBe(false);
    expect(broken.problems[0]).toMatchObject({ code: 'yaml', line: 3 });
    expect(broken.problems[0]!.message).toMatch(/^skipped: the frontmatter is not valid TOML/);
    const unclosed = parseDocument({
      kind: 'kata',
      source: 'src',
      path: 'k.md',
      bytes: Buffer.from('+++\ntitle = "x"\n'),
    });
    expect(unclosed.ok || unclosed.problems[0]!.message).toMatch(/never closed/);
  });

  it('refuses TOML nested past the frontmatter depth limit', () => {
    const deep = `+++\na = ${'['.repeat(40)}${']'.repeat(40)}\n+++\nx\n`;
    const r = parseDocument({ kind: 'kata', source: 'src', path: 'k.md', bytes: Buffer.from(deep) });
    expect(r.ok).toBe(false);
    expect(r.problems[0]!.message).toMatch(/nested/);
  });
});

describe('keys nothing reads', () => {
  it('lists unknown top-level keys with their lines, once per source with a count and a `fields:` hint', () => {
    const adoption = emptyAdoption();
    for (const name of ['a', 'b', 'c']) {
      const r = parse(
        'postmortem',
        '---\ntitle: Queue backlog\ndate: 2024-02-01\nstarted_on: 2024-02-01T10:00:00Z\nbridge_call: https://x.example.org/\n---\nText.\n',
        { path: `pm/${name}.md` },
      );
      expect(r.doc.unknownKeys).toEqual([
        { key: 'started_on', line: 4 },
        { key: 'bridge_call', line: 5 },
      ]);
      addFacts('postmortem', adoption, factsOf(r.doc), `pm/${name}.md`);
    }
    const problems = unknownKeyProblems('postmortem', 'src', adoption);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ code: 'unknown-key', path: 'pm/a.md', line: 4, field: 'started_on' });
    expect(problems[0]!.message).toContain('(3 documents, first here)');
    expect(problems[0]!.message).toContain('`fields: { started: started_on }`');
    expect(problems[1]!.message).toContain('`fields: { <field>: bridge_call }`');
    expect(adoption.title).toEqual({ frontmatter: 3 });
  });

  it('keeps the list bounded whatever a hostile source invents', () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => `k${i}_${'x'.repeat(200)}: 1`).join('\n');
    const r = parse('kata', `---\ntitle: Many keys\ndate: 2024-01-01\n${keys}\n---\nx\n`);
    expect(r.doc.unknownKeys).toHaveLength(50);
    const adoption = emptyAdoption();
    for (let d = 0; d < 10; d++)
      addFacts(
        'kata',
        adoption,
        { ...factsOf(r.doc), unknownKeys: r.doc.unknownKeys.map((k) => ({ key: `${d}-${k.key}` })) },
        `k${d}.md`,
      );
    expect(Object.keys(adoption.unknownKeys)).toHaveLength(100);
    expect(unknownKeyProblems('kata', 'src', adoption)[0]!.message.length).toBeLessThan(360);
  });

  it('warns at file:line of a key inside a structured field, and names the YAML flow-map comma', () => {
    const r = parse(
      'postmortem',
      '---\ntitle: Cache stampede\ndate: 2025-07-15\naction_items:\n  - { title: Warm the top 10,000 queries, status: done }\n  - { title: Page the owner, onwer: Sofia }\n---\nText.\n',
    );
    const warnings = r.problems.filter((p) => p.code === 'unknown-key');
    expect(warnings.map((p) => [p.field, p.line])).toEqual([
      ['action_items.0.000 queries', 5],
      ['action_items.1.onwer', 6],
    ]);
    expect(warnings[0]!.message).toMatch(/cut at a comma inside \{ … \}; put the value in quotes/);
    expect(warnings[1]!.message).toMatch(/check its spelling/);
    expect((r.doc.data.action_items as Array<{ title: string }>)[0]!.title).toBe('Warm the top 10');
  });

  it('does not publish a redirect with no text of its own, and says so', () => {
    const r = parseDocument({
      kind: 'standard',
      source: 'src',
      path: '_pages/old.md',
      bytes: Buffer.from('---\ntitle: Old\ndate: 2020-01-01\nredirect_to: https://handbook.example.org/new/\n---\n\n'),
    });
    expect(r.ok).toBe(false);
    expect(r.problems).toMatchObject([{ severity: 'warning', code: 'redirect-stub', line: 4 }]);
    const withText = parse(
      'standard',
      '---\ntitle: Old\ndate: 2020-01-01\nredirect_to: https://handbook.example.org/new/\n---\nStill here.\n',
    );
    expect(withText.doc.data.redirect_to).toBe('https://handbook.example.org/new/');
    // jekyll-redirect-from takes the first of a list; a stub without a title is not also told to add one.
    const stub = parseDocument({
      kind: 'standard',
      source: 'src',
      path: '_pages/levels.md',
      bytes: Buffer.from('---\nredirect_to:\n  - https://atos.example.org/levels/\n---\n'),
      firstAdded: '2019-01-01T00:00:00Z',
    });
    expect(stub.problems.map((p) => p.code)).toEqual(['redirect-stub']);
    expect(stub.problems[0]!.message).toContain('https://atos.example.org/levels/');
  });

  it("takes Jekyll's navtitle beside a title without a warning, and warns when a key repeats one of ours", () => {
    const both = parse(
      'standard',
      '---\ntitle: General Security Standards\nnavtitle: Security\ndate: 2020-01-01\n---\nx\n',
    );
    expect(both.doc.data.title).toBe('General Security Standards');
    expect(both.problems).toEqual([]);
    const twice = parse('standard', '---\ntitle: A\ndate: 2020-01-01\nowners: [sre]\nowner_slack: "#sre"\n---\nx\n');
    expect(twice.problems).toMatchObject([{ code: 'field-twice', field: 'owners', line: 5 }]);
  });
});

describe('`fields:` and `values:` in the sources file', () => {
  const dir = makeTempDir('knowledge-mapping-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (source: string) => {
    const file = path.join(dir, 'sources.yaml');
    writeFileSync(file, `sources:\n  - ${source}\n`);
    return () => loadSourcesConfig(file);
  };

  it('accepts a mapping of fields of the kind to values it allows', () => {
    const c = load(
      '{ name: adr, repo: ./adr, kind: standard, fields: { owners: deciders }, values: { status: { Accepted: adopted } } }',
    )();
    expect(c.sources[0]).toMatchObject({ fields: { owners: 'deciders' }, values: { status: { Accepted: 'adopted' } } });
    expect(
      load('{ name: pm, repo: ./pm, kind: postmortem, values: { action_items.status: { Closed: done } } }')()
        .sources[0]!.values,
    ).toEqual({ 'action_items.status': { Closed: 'done' } });
  });

  it('names the source, the key, and what is allowed', () => {
    expect(load('{ name: pm, repo: ./pm, kind: postmortem, fields: { strated: start_time } }')).toThrow(
      /source "pm": fields\.strated: "strated" is not a field of a post-mortem; the keys of `fields:` are ours \(one of title, summary, date,/,
    );
    expect(load('{ name: adr, repo: ./adr, kind: standard, values: { status: { Accepted: approved } } }')).toThrow(
      /source "adr": values\.status\.Accepted: expected one of draft, proposed, adopted, rejected, deprecated, superseded, found "approved"/,
    );
    expect(load('{ name: pm, repo: ./pm, kind: postmortem, values: { action_items.state: { a: b } } }')).toThrow(
      /source "pm": values\.action_items\.state: "action_items\.state" is not a field of a post-mortem/,
    );
  });
});

describe('an incident log as it is', () => {
  it('dates an incident by its start time, and reads `url:` as where it was first published', () => {
    const r = parse(
      'postmortem',
      '---\ntitle: Queue backlog\nstart_time: 2019-06-02 14:05\nend_time: 2019-06-02 16:00\nurl: https://status.example.org/incidents/42\n---\nText.\n',
      { firstAdded: '2024-01-01T00:00:00Z' },
    );
    expect((r.doc.data.date as Date).toISOString().slice(0, 10)).toBe('2019-06-02');
    expect(r.doc.derivedFrom.date).toBe('the start time ("start_time")');
    expect(r.doc.data.source_url).toBe('https://status.example.org/incidents/42');
    expect(factsOf(r.doc).date).toBe('frontmatter');
    // On a Hugo site `url:` is the page's path: links to it resolve.
    expect(parse('kata', '---\ntitle: K\ndate: 2020-01-01\nurl: /katas/bowling/\n---\nx\n').doc.data.permalink).toBe(
      '/katas/bowling/',
    );
  });
});

describe('dates a document states', () => {
  it("takes a post-mortem's date from the first date of its timeline, passing over a year the id contradicts", () => {
    const body = (first: string) =>
      `# Logs not shipped\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n| ${first} | Deployed |\n| 2021-01-06 11:00 | Noticed |\n`;
    const r = parse('postmortem', body('2021-01-05 11:25'), { path: 'PM2021-001 - Logs.md', firstAdded: '2023-01-01' });
    expect((r.doc.data.date as Date).toISOString().slice(0, 10)).toBe('2021-01-05');
    expect(r.doc.derivedFrom.date).toBe('the first date of the timeline');
    const typo = parse('postmortem', body('2020-01-05 11:25'), {
      path: 'PM2021-001 - Logs.md',
      firstAdded: '2023-01-01',
    });
    expect((typo.doc.data.date as Date).toISOString().slice(0, 10)).toBe('2021-01-06');
    const stated = parse('postmortem', `---\ndate: 2021-02-01\n---\n${body('2021-01-05 11:25')}`, { path: 'x.md' });
    expect((stated.doc.data.date as Date).toISOString().slice(0, 10)).toBe('2021-02-01');
  });
});

describe('hostile TOML', () => {
  it('cannot reach Object.prototype through __proto__ or constructor tables', () => {
    const r = parseDocument({
      kind: 'kata',
      source: 'src',
      path: 'k.md',
      bytes: Buffer.from(
        '+++\ntitle = "Proto"\ndate = 2024-01-01\n[__proto__]\npolluted = "yes"\n[constructor.prototype]\npolluted = "yes"\n+++\nx\n',
      ),
    });
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.ok && Object.getPrototypeOf(r.doc.data)).toBe(Object.prototype);
    if (!r.ok) return;
    expect(r.doc.unknownKeys.map((k) => k.key)).toEqual(['__proto__', 'constructor']);
    const adoption = emptyAdoption();
    addFacts('kata', adoption, factsOf(r.doc), 'k.md');
    addFacts('kata', adoption, factsOf(r.doc), 'k2.md');
    expect(adoption.unknownKeys.constructor).toMatchObject({ count: 2, path: 'k.md' });
    expect(({} as Record<string, unknown>).count).toBeUndefined();
  });
});

describe('what a page that moved and a pasted link say', () => {
  it('reads a standard with redirect_to and no status as superseded', () => {
    const r = parse(
      'standard',
      '---\ntitle: Security\ndate: 2020-01-01\nredirect_to: https://handbook.example.org/security/\n---\nOld text.\n',
    );
    expect(r.doc.data.status).toBe('superseded');
    expect(r.doc.derivedFrom.status).toBe('its `redirect_to`: the page has moved');
    const kept = parse(
      'standard',
      '---\ntitle: S\ndate: 2020-01-01\nstatus: adopted\nredirect_to: https://h.example.org/\n---\nx\n',
    );
    expect(kept.doc.data.status).toBe('adopted');
  });

  it('takes zero-width characters out of the start of a link target, and says so at its line', () => {
    const r = parse(
      'session',
      '---\ntitle: M\ndate: 2024-07-23\n---\nIntro.\n\n* [#1334](\u200b\u200bhttps://github.com/o/r/pull/1334)\n',
    );
    expect(r.doc.body).toContain('[#1334](https://github.com/o/r/pull/1334)');
    expect(r.doc.links.map((l) => l.url)).toContain('https://github.com/o/r/pull/1334');
    expect(r.problems).toMatchObject([{ code: 'invisible-characters', line: 7 }]);
  });
});
