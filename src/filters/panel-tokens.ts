/**
 * The `data-facets` tokens of a whole list's items, for the filters that combine in the browser: only the values
 * its panel shows (the most used of each facet), so that an item with thousands of values adds at most
 * PANEL_FACET_LIMIT tokens per facet to the page.
 */
import { PANEL_FACET_LIMIT, topFacetValues, type Facet } from '../lib/facets.ts';
import { slugify } from '../lib/slugs.ts';
import { tokensOf } from './selection.ts';

export function panelTokens<T>(facets: Array<Facet<T>>, items: T[]): (item: T) => string {
  const shown = facets.map((f) => ({
    facet: f,
    slugs: new Set(topFacetValues(f, items, PANEL_FACET_LIMIT).map((v) => v.slug)),
  }));
  return (item) =>
    tokensOf(
      Object.fromEntries(
        shown.map(({ facet, slugs }) => [
          facet.key,
          [...new Set(facet.values(item).map(slugify))].filter((s) => slugs.has(s)),
        ]),
      ),
    );
}
