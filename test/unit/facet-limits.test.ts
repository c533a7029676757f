import { describe, expect, it } from 'vitest';
import { actionFacets } from '../../src/lib/action-items.ts';
import { ENTRY_LIST_LIMIT, VALUE_LIST_LIMIT } from '../../src/lib/document-limits.ts';
import {
  ALL_VALUES_SEGMENT,
  facetsByKind,
  facetValuesOf,
  pagedFacetValues,
  SITE_FACET_LIMIT,
  siteFacetProblems,
  topFacetValues,
  type FacetDoc,
} from '../../src/lib/facets.ts';
import { parseDocument, PROBLEMS_PER_DOCUMENT } from '../../src/lib/parse-document.ts';
import { formatProblem } from '../../src/lib/problems.ts';
import { referenceProblems } from '../../src/lib/reference-problems.ts';
import { SiteGraph } from '../../src/lib/site-graph.ts';
import { reservedSlugs } from '../../src/lib/slugs.ts';
import { pagedTagGroups, SITE_TAG_LIMIT, siteTagProblems, tagGroups } from '../../src/lib/tags.ts';
import { kinds } from '../../src/schemas/index.ts';
import { manyValuesPostmortem } from '../fixtures/hostile/output/generate.ts';

const parse = (text: string) =>
  parseDocument({ kind: 'postmortem', source: 'big', path: 'postmortems/many.md', bytes: Buffer.from(text) });

describe('per-document limits on lists', () => {
  it('keeps the first 50 values and 200 entries of each list, with a warning naming file, line, field and counts', () => {
    const r = parse(manyValuesPostmortem(600));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const data = r.doc.data as Record<string, unknown[]>;
    for (const field of ['services', 'teams', 'tags', 'contributing_factors'])
      expect(data[field]).toHaveLength(VALUE_LIST_LIMIT);
    expect(data.services![49]).toBe('service-49');
    expect(data.action_items).toHaveLength(ENTRY_LIST_LIMIT);
    const lines = r.problems.map(formatProblem);
    // At the line of the first value left out (`services:` is on line 5), in the schema's order of fields.
    expect(lines).toEqual([
      'big:postmortems/many.md:657: teams: expected at most 50 values, found 600; the first 50 are kept and the other 550 left out: keep the values that matter, or split the document',
      'big:postmortems/many.md:1258: tags: expected at most 50 values, found 600; the first 50 are kept and the other 550 left out: keep the values that matter, or split the document',
      'big:postmortems/many.md:56: services: expected at most 50 values, found 600; the first 50 are kept and the other 550 left out: keep the values that matter, or split the document',
      'big:postmortems/many.md:1859: contributing_factors: expected at most 50 values, found 600; the first 50 are kept and the other 550 left out: keep the values that matter, or split the document',
      'big:postmortems/many.md:2610: action_items: expected at most 200 entries, found 600; the first 200 are kept and the other 400 left out: keep the entries that matter, or split the document',
    ]);
    expect(r.problems.every((p) => p.severity === 'warning' && p.code === 'too-many')).toBe(true);
  });

  it('leaves lists within the limits alone, without a warning', () => {
    const r = parse(manyValuesPostmortem(50));
    expect(r.ok && r.problems).toEqual([]);
    expect(r.ok && (r.doc.data as Record<string, unknown[]>).action_items).toHaveLength(50);
  });

  it('cuts action items read from the body too, at the line of the first one left out', () => {
    const items = Array.from({ length: 250 }, (_, i) => `- [ ] Fix thing ${i}`).join('\n');
    const r = parse(`---\ntitle: Body items\ndate: 2025-01-01\n---\n## Action items\n\n${items}\n`);
    expect(r.ok && (r.doc.data as Record<string, unknown[]>).action_items).toHaveLength(200);
    expect(r.ok && r.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^big:postmortems\/many\.md:207: action_items: expected at most 200 entries, found 250;/),
    ]);
  });
});

const docsWith = (n: number, perDoc: number): FacetDoc[] =>
  Array.from({ length: n }, (_, d) => ({
    kind: 'postmortem',
    date: new Date('2025-01-01'),
    data: {
      services: Array.from({ length: perDoc }, (_, i) => `svc-${d * perDoc + i}`).concat(d < 3 ? ['shared'] : []),
    },
  }));

describe('site-wide limits on facet values', () => {
  const service = facetsByKind.postmortem.find((f) => f.key === 'service')!;

  it('gives pages to the 500 most used values of a facet only, and panels show 20', () => {
    const docs = docsWith(12, 50);
    const paged = pagedFacetValues(service, docs);
    expect(paged).toHaveLength(SITE_FACET_LIMIT);
    expect(paged[0]!.value).toBe('shared');
    expect(topFacetValues(service, docs, 20)).toHaveLength(20);
    expect(topFacetValues(service, docs, 20)[0]!.value).toBe('shared');
  });

  it('warns once per facet over the limit, naming the source with the most values', () => {
    const docs = docsWith(12, 50).map((d, i) => ({ source: i < 2 ? 'small' : 'spread', facets: facetValuesOf(d) }));
    expect(siteFacetProblems('postmortem', docs).map(formatProblem)).toEqual([
      "spread: service: expected at most 500 values across the site's post-mortems, found 601 (501 of them in this source); the 101 used least get no page of their own and are listed on /postmortems/facets/service/: use fewer, shared names",
    ]);
    expect(
      siteFacetProblems(
        'postmortem',
        docsWith(9, 50).map((d) => ({ source: 's', facets: facetValuesOf(d) })),
      ),
    ).toEqual([]);
  });

  it('counts the owners of action items as a facet of their own', () => {
    const docs = Array.from({ length: 3 }, (_, d) => ({
      source: 's',
      facets: facetValuesOf({
        kind: 'postmortem',
        date: new Date(),
        data: { action_items: Array.from({ length: 200 }, (_, i) => ({ owner: `o-${d}-${i}` })) },
      }),
    }));
    expect(siteFacetProblems('postmortem', docs).map(formatProblem)).toEqual([
      "s: action_items.owner: expected at most 500 values across the site's action items, found 600 (600 of them in this source); the 100 used least get no page of their own and are listed on /postmortems/actions/facets/owner/: use fewer, shared names",
    ]);
  });

  it('keeps the page of all values apart from documents and facet values', () => {
    expect(reservedSlugs).toContain(ALL_VALUES_SEGMENT);
    for (const kind of kinds) expect(facetsByKind[kind].map((f) => f.key)).not.toContain(ALL_VALUES_SEGMENT);
    expect(actionFacets.map((f) => f.key)).not.toContain(ALL_VALUES_SEGMENT);
  });
});

describe('site-wide limit on tags', () => {
  const docs = Array.from({ length: 21 }, (_, d) => ({
    source: d < 20 ? 'many' : 'few',
    tags: Array.from({ length: 50 }, (_, i) => `t-${d}-${i}`).concat(['Shared', 'shared']),
  }));

  it('gives pages to the 1,000 most used tags, and counts a document once per tag', () => {
    const groups = tagGroups(docs);
    expect(groups).toHaveLength(1051);
    expect(groups.find((g) => g.slug === 'shared')!.docs).toHaveLength(21);
    const paged = pagedTagGroups(groups);
    expect(paged).toHaveLength(SITE_TAG_LIMIT);
    expect(paged.some((g) => g.slug === 'shared')).toBe(true);
  });

  it('warns once, naming the source with the most tags', () => {
    const summaries = docs.map((d) => ({
      source: d.source,
      tagSlugs: [...new Set(d.tags.map((t) => t.toLowerCase()))],
    }));
    expect(siteTagProblems(summaries).map(formatProblem)).toEqual([
      'many: tags: expected at most 1,000 tags across the site, found 1,051 (1,001 of them in this source); the 51 used least get no page of their own and are listed on /tags/: use fewer, shared tags',
    ]);
    expect(siteTagProblems(summaries.slice(0, 19))).toEqual([]);
  });
});

describe('per-document limit on problems', () => {
  it('lists the first 20 problems of a file, then how many more there are', () => {
    const items = Array.from({ length: 5_000 }, (_, i) => `  - { title: "x${i}", status: bogus }`).join('\n');
    const r = parse(`---\ntitle: T\ndate: 2025-01-01\naction_items:\n${items}\n---\nbody\n`);
    expect(r.ok).toBe(false);
    const lines = r.problems.map(formatProblem);
    expect(lines).toHaveLength(PROBLEMS_PER_DOCUMENT + 1);
    expect(lines[0]).toBe(
      'big:postmortems/many.md:5: action_items.0.status: skipped: expected one of open, in-progress, done, wont-do, unknown, found "bogus"',
    );
    expect(lines[19]).toBe(
      'big:postmortems/many.md:24: action_items.19.status: expected one of open, in-progress, done, wont-do, unknown, found "bogus"',
    );
    expect(lines[20]).toBe(
      'big:postmortems/many.md: 4,980 more problems in this file, not listed: fix the ones above and build again',
    );
  });
});

describe('per-document limit on references that lead nowhere', () => {
  it('lists the first 20 broken links of a file, then how many more there are', () => {
    const links = Array.from({ length: 5_000 }, (_, i) => ({ url: `../nowhere-${i}.md`, text: 'x', line: i + 5 }));
    const doc = {
      kind: 'postmortem' as const,
      slug: 'links',
      title: 'Links',
      source: 'big',
      path: 'postmortems/links.md',
      repoKey: 'r',
      repoPath: 'postmortems/links.md',
      related: ['standard/none'],
      links,
    };
    const other = {
      ...doc,
      slug: 'other',
      path: 'postmortems/other.md',
      repoPath: 'postmortems/other.md',
      links: links.slice(0, 3),
      related: [],
    };
    const lines = referenceProblems(new SiteGraph([doc, other])).map(formatProblem);
    expect(lines.filter((l) => l.startsWith('big:postmortems/links.md'))).toHaveLength(21);
    expect(lines.filter((l) => l.startsWith('big:postmortems/other.md:'))).toHaveLength(3);
    expect(lines).toContain('big:postmortems/links.md:5: the link to "../nowhere-0.md" leads to no document');
    expect(lines.at(-1)).toBe(
      'big:postmortems/links.md: 4,981 more references leading to no document in this file, not listed: fix the ones above and build again',
    );
  });
});
