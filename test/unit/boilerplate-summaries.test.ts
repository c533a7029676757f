/** A summary shared by many documents of one source gives way to each document's next paragraph. */
import { describe, expect, it } from 'vitest';
import {
  applySummaryChoices,
  chooseSummaries,
  LATER_PARAGRAPH,
  templateKey,
} from '../../src/loaders/boilerplate-summaries.ts';

describe('summaries repeated across a source', () => {
  it('pass over text repeated across a source (3 documents and 20 % or more)', () => {
    const boiler = 'Extracted from agenda labeled issues prior to the meeting.';
    const docs = [
      { source: 'a', candidates: [boiler, 'One'] },
      { source: 'a', candidates: [boiler, 'Two'] },
      { source: 'a', candidates: [boiler] },
      { source: 'a', candidates: ['Own summary'] },
      { source: 'a' },
      { source: 'b', candidates: [boiler, 'Kept: only two documents of b share it'] },
      { source: 'b', candidates: [boiler] },
    ];
    expect(chooseSummaries(docs)).toEqual(['One', 'Two', undefined, 'Own summary', undefined, boiler, boiler]);
    // Three of twenty documents is under 20 %: not boilerplate.
    const many = [
      ...Array.from({ length: 3 }, () => ({ source: 'c', candidates: [boiler, 'x'] })),
      ...Array.from({ length: 17 }, (_, i) => ({ source: 'c', candidates: [`own ${i}`] })),
    ];
    expect(chooseSummaries(many)[0]).toBe(boiler);
  });

  it('count the variants of one template together: its two first and four last words', () => {
    const filled = (label: string, org: string) =>
      `Extracted from ${label} labeled issues and pull requests from the ${org} org prior to the meeting.`;
    expect(templateKey(filled('bootstrap-agenda', 'nodejs'))).toBe(templateKey(filled('cpc-agenda', 'OpenJS')));
    expect(templateKey('Too short to be a template.')).toBeUndefined();
    const docs = [
      { source: 'a', candidates: [filled('bootstrap-agenda', 'nodejs'), 'One'] },
      { source: 'a', candidates: [filled('cpc-agenda', 'openjs-foundation'), 'Two'] },
      { source: 'a', candidates: [filled('board-agenda', 'OpenJS'), 'Three'] },
      { source: 'a', candidates: ['The database failed over to a replica that was far behind the primary.'] },
    ];
    expect(chooseSummaries(docs)).toEqual(['One', 'Two', 'Three', docs[3]!.candidates[0]]);
  });

  it('re-sets only the entries whose summary changes, the same on a second pass', () => {
    const entries = new Map<string, { id: string; data: Record<string, unknown>; digest: string }>();
    const put = (id: string, summary: string) =>
      entries.set(id, {
        id,
        digest: `d-${id}`,
        data: { summary, meta: { derived_from: { summary: 'the first paragraph' } } },
      });
    const boiler = 'Boilerplate text shared by every meeting of the source.';
    const docs = ['a', 'b', 'c'].map((slug) => ({ slug, source: 's', candidates: [boiler, `Own ${slug}`] }));
    for (const d of docs) put(d.slug, boiler);
    let sets = 0;
    const store = {
      get: (id: string) => entries.get(id),
      set: (e: { id: string; data: Record<string, unknown>; digest?: string | number }) => {
        if (entries.get(e.id)?.digest === e.digest) return false;
        sets++;
        entries.set(e.id, e as never);
        return true;
      },
      delete: (id: string) => void entries.delete(id),
    };
    expect(applySummaryChoices(store, docs)).toEqual({ changed: 3, unsummarised: new Set() });
    expect(entries.get('a')!.data).toMatchObject({
      summary: 'Own a',
      meta: { derived_from: { summary: LATER_PARAGRAPH } },
    });
    expect(entries.get('a')!.digest).toBe('d-a');
    expect(applySummaryChoices(store, docs).changed).toBe(0);
    expect(sets).toBe(3);
  });
});
