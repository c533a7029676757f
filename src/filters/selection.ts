/**
 * Combinable filters of a pre-rendered list (a kind's index, the action items), in the browser: which values are
 * chosen, which items match, and how many items each value would leave. Values of one facet combine with OR,
 * facets with AND, as on the search page. Items carry their values as `facet/slug` tokens (see listing-html.ts).
 */

/** The chosen values, by facet key. */
export type Selection = Map<string, Set<string>>;

/** An item's values by facet, read from its `data-facets` tokens. */
export function valuesOf(tokens: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const token of tokens.split(' ')) {
    const cut = token.indexOf('/');
    if (cut <= 0 || cut === token.length - 1) continue;
    const facet = token.slice(0, cut);
    const set = out.get(facet) ?? new Set<string>();
    set.add(token.slice(cut + 1));
    out.set(facet, set);
  }
  return out;
}

/** The `data-facets` tokens of an item with these values: `severity/sev1 team/payments`. */
export function tokensOf(values: Record<string, string[]>): string {
  return Object.entries(values)
    .flatMap(([facet, slugs]) => slugs.map((slug) => `${facet}/${slug}`))
    .join(' ');
}

/** The selection a URL holds for these facets (`?severity=sev1&severity=sev2&team=payments`). */
export function selectionFrom(params: URLSearchParams, facets: string[]): Selection {
  const out: Selection = new Map();
  for (const facet of facets) {
    const chosen = params.getAll(facet).filter(Boolean);
    if (chosen.length) out.set(facet, new Set(chosen));
  }
  return out;
}

/** The URL query of a selection, keeping the other parameters a URL has. */
export function querySelection(params: URLSearchParams, facets: string[], selection: Selection): string {
  const next = new URLSearchParams(params);
  for (const facet of facets) next.delete(facet);
  for (const [facet, chosen] of selection) for (const slug of chosen) next.append(facet, slug);
  const query = next.toString();
  return query ? `?${query}` : '';
}

/** Whether an item has, for every facet with a choice (but `except`), one of the chosen values. */
export function matches(item: Map<string, Set<string>>, selection: Selection, except?: string): boolean {
  for (const [facet, chosen] of selection) {
    if (facet === except || chosen.size === 0) continue;
    const mine = item.get(facet);
    if (!mine || ![...chosen].some((slug) => mine.has(slug))) return false;
  }
  return true;
}

/**
 * For each facet value, how many items it would show: the items matching the choices of the other facets that
 * have the value. A facet's own choices do not narrow its counts, since its values combine with OR.
 */
export function countsWithin(items: Array<Map<string, Set<string>>>, selection: Selection): Map<string, number> {
  const counts = new Map<string, number>();
  const facets = new Set(items.flatMap((item) => [...item.keys()]));
  for (const facet of facets) {
    for (const item of items) {
      if (!matches(item, selection, facet)) continue;
      for (const slug of item.get(facet) ?? []) {
        const key = `${facet}/${slug}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** Chooses or leaves a value of a facet; a facet left with no value leaves the selection. */
export function toggle(selection: Selection, facet: string, value: string, on: boolean): void {
  const chosen = new Set(selection.get(facet));
  if (on) chosen.add(value);
  else chosen.delete(value);
  if (chosen.size) selection.set(facet, chosen);
  else selection.delete(facet);
}

/** How many values are chosen in all. */
export function chosenCount(selection: Selection): number {
  let n = 0;
  for (const chosen of selection.values()) n += chosen.size;
  return n;
}
