/** The pre-rendered filters of each kind's index: which values a document has for each facet. */
import type { Kind } from '../schemas/index.ts';
import { slugify } from './slugs.ts';

export interface FacetDoc {
  kind: Kind;
  date: Date;
  data: Record<string, unknown>;
}

/** One way to filter a list of items (documents, action items): which values each item has. */
export interface Facet<T = FacetDoc> {
  /** URL segment: `/postmortems/severity/sev1/`. */
  key: string;
  label: string;
  values(item: T): string[];
  /** How its values are listed: by how many items have them (default), or by the value itself. */
  order?: 'count' | 'ascending' | 'descending';
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const field = (name: string) => (doc: FacetDoc) => list(doc.data[name]);
const year = (doc: FacetDoc) => [String(doc.date.getUTCFullYear())];

export const facetsByKind: Record<Kind, Facet[]> = {
  postmortem: [
    { key: 'severity', label: 'Severity', values: field('severity'), order: 'ascending' },
    { key: 'service', label: 'Service', values: field('services') },
    { key: 'team', label: 'Team', values: field('teams') },
    { key: 'year', label: 'Year', values: year, order: 'descending' },
  ],
  standard: [
    { key: 'champion-group', label: 'Champion group', values: field('champion_group') },
    { key: 'status', label: 'Status', values: field('status') },
  ],
  kata: [
    { key: 'level', label: 'Level', values: field('level'), order: 'ascending' },
    { key: 'topic', label: 'Topic', values: field('topics') },
  ],
  session: [{ key: 'year', label: 'Year', values: year, order: 'descending' }],
  strategy: [{ key: 'status', label: 'Status', values: field('status') }],
};

export interface FacetValue<T> {
  value: string;
  slug: string;
  /** The items that have this value. */
  items: T[];
}

const facetCache = new WeakMap<unknown[], Map<Facet<never>, Array<FacetValue<unknown>>>>();

/**
 * Values of `facet` over `items` with the items of each, in the facet's order. Remembered per list of items:
 * every filter page shows every facet of its list.
 */
export function facetValues<T>(facet: Facet<T>, items: T[]): Array<FacetValue<T>> {
  let byFacet = facetCache.get(items);
  if (!byFacet) facetCache.set(items, (byFacet = new Map()));
  let values = byFacet.get(facet as Facet<never>) as Array<FacetValue<T>> | undefined;
  if (!values) byFacet.set(facet as Facet<never>, (values = groupByFacet(facet, items)) as Array<FacetValue<unknown>>);
  return values;
}

function groupByFacet<T>(facet: Facet<T>, items: T[]): Array<FacetValue<T>> {
  const groups = new Map<string, FacetValue<T>>();
  for (const item of items) {
    for (const value of new Set(facet.values(item))) {
      const slug = slugify(value);
      const g = groups.get(slug) ?? { value, slug, items: [] };
      g.items.push(item);
      groups.set(slug, g);
    }
  }
  const out = [...groups.values()];
  if (facet.order === 'descending') return out.sort((a, b) => b.value.localeCompare(a.value));
  if (facet.order === 'ascending') return out.sort((a, b) => a.value.localeCompare(b.value));
  return out.sort((a, b) => b.items.length - a.items.length || a.value.localeCompare(b.value));
}
