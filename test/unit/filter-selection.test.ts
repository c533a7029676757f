import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chosenCount,
  countsWithin,
  matches,
  querySelection,
  selectionFrom,
  toggle,
  tokensOf,
  valuesOf,
  type Selection,
} from '../../src/filters/selection.ts';

const items = [
  { severity: ['sev1'], team: ['payments'], year: ['2024'] },
  { severity: ['sev1'], team: ['search'], year: ['2025'] },
  { severity: ['sev2'], team: ['payments', 'security'], year: ['2024'] },
  { severity: ['sev3'], team: ['payments'], year: ['2025'] },
].map((v) => valuesOf(tokensOf(v)));

const sel = (o: Record<string, string[]>): Selection => new Map(Object.entries(o).map(([k, v]) => [k, new Set(v)]));

describe('combinable list filters', () => {
  it('combines values of one facet with OR and facets with AND', () => {
    const shown = (s: Selection) => items.filter((i) => matches(i, s)).length;
    expect(shown(sel({}))).toBe(4);
    expect(shown(sel({ severity: ['sev1'] }))).toBe(2);
    expect(shown(sel({ severity: ['sev1', 'sev2'] }))).toBe(3);
    expect(shown(sel({ severity: ['sev1'], team: ['payments'] }))).toBe(1);
  });

  it('counts each value within the other facets\u2019 choices: two SEV1s, one of them payments', () => {
    const counts = countsWithin(items, sel({ severity: ['sev1'] }));
    expect(counts.get('team/payments')).toBe(1);
    expect(counts.get('team/search')).toBe(1);
    expect(counts.get('team/security')).toBeUndefined();
    // The facet's own values keep their counts: choosing another severity widens the list.
    expect(counts.get('severity/sev2')).toBe(1);
    expect(counts.get('severity/sev1')).toBe(2);
  });

  it('reads and writes the selection in the URL, keeping other parameters', () => {
    const params = new URLSearchParams('severity=sev1&severity=sev2&team=payments&q=x&severity=');
    const s = selectionFrom(params, ['severity', 'team', 'year']);
    expect(s).toEqual(sel({ severity: ['sev1', 'sev2'], team: ['payments'] }));
    expect(chosenCount(s)).toBe(3);
    expect(querySelection(params, ['severity', 'team', 'year'], sel({ year: ['2024'] }))).toBe('?q=x&year=2024');
    expect(querySelection(new URLSearchParams(), ['year'], sel({}))).toBe('');
  });

  it('chooses and leaves values, dropping a facet left with none', () => {
    const s = sel({ severity: ['sev1'] });
    toggle(s, 'team', 'payments', true);
    toggle(s, 'severity', 'sev2', true);
    expect(s).toEqual(sel({ severity: ['sev1', 'sev2'], team: ['payments'] }));
    toggle(s, 'team', 'payments', false);
    expect(s).toEqual(sel({ severity: ['sev1', 'sev2'] }));
  });

  it('reads back every token it writes, whatever the slugs', () => {
    const slug = fc.stringMatching(/^[\p{L}\p{N}-]{1,12}$/u);
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z-]{1,10}$/), fc.uniqueArray(slug, { maxLength: 4 })), (v) => {
        const back = valuesOf(tokensOf(v));
        for (const [facet, slugs] of Object.entries(v)) {
          if (slugs.length) expect([...back.get(facet)!].sort()).toEqual([...slugs].sort());
        }
      }),
    );
  });
});
