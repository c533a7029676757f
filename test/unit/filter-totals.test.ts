import { describe, expect, it } from 'vitest';
import { filterTotals } from '../../src/search/filter-totals.ts';

const page = (...filters: string[]) =>
  Buffer.from(
    `<article data-pagefind-body>${filters.map((f) => `<span data-pagefind-filter="${f}"></span>`).join('')}</article>`,
  );

describe('the filter counts the search page shows before it loads Pagefind', () => {
  it('counts each value once per page, its attribute unescaped, a `__proto__` value as any other', () => {
    expect(
      filterTotals([
        page('kind:Post-mortems', 'team:a &amp; b', 'team:a &amp; b', 'topic:__proto__'),
        page('kind:Post-mortems', 'team:&quot;q&quot;', 'topic:x:y', 'broken', ':empty'),
        page('kind:Katas', 'topic:&#x1F600;&#99999999;'),
      ]),
    ).toEqual({
      kind: { 'Post-mortems': 2, Katas: 1 },
      team: { 'a & b': 1, '"q"': 1 },
      topic: { ['__proto__']: 1, 'x:y': 1, '😀&#99999999;': 1 },
    });
  });
});
