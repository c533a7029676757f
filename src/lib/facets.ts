/** The pre-rendered filters of each kind's index: which values a document has for each facet. */
import { kindInfo, type Kind } from '../schemas/index.ts';
import type { Problem } from './problems.ts';
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

/** At most this many values of one facet get a page of their own across the site: the most used. */
export const SITE_FACET_LIMIT = 500;
/** A filter panel shows this many values of each facet (the most used), and links the page of all of them. */
export const PANEL_FACET_LIMIT = 20;
/** Where the list of all values of a facet is: `<base>facets/<facet>/` (`facets` is a reserved slug, never a facet key). */
export const ALL_VALUES_SEGMENT = 'facets';

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

const byUse = <T>(a: FacetValue<T>, b: FacetValue<T>) =>
  b.items.length - a.items.length || a.value.localeCompare(b.value);

const topCache = new WeakMap<unknown[], Map<number, Array<FacetValue<unknown>>>>();

/** The `limit` most used values, in the facet's order: `facetValues` cut to what a panel or the site shows. */
export function topFacetValues<T>(facet: Facet<T>, items: T[], limit: number): Array<FacetValue<T>> {
  const values = facetValues(facet, items);
  if (values.length <= limit) return values;
  let byLimit = topCache.get(values);
  if (!byLimit) topCache.set(values, (byLimit = new Map()));
  let top = byLimit.get(limit) as Array<FacetValue<T>> | undefined;
  if (!top) {
    const kept = new Set([...values].sort(byUse).slice(0, limit));
    byLimit.set(limit, (top = values.filter((v) => kept.has(v))) as Array<FacetValue<unknown>>);
  }
  return top;
}

/** The values that get a page of their own: at most SITE_FACET_LIMIT, the most used. */
export function pagedFacetValues<T>(facet: Facet<T>, items: T[]): Array<FacetValue<T>> {
  return topFacetValues(facet, items, SITE_FACET_LIMIT);
}

const pagedSlugCache = new WeakMap<unknown[], Set<string>>();

/** Whether a value (by slug) has a page of its own. */
export function hasFacetPage<T>(facet: Facet<T>, items: T[], slug: string): boolean {
  const paged = pagedFacetValues(facet, items);
  let slugs = pagedSlugCache.get(paged);
  if (!slugs) pagedSlugCache.set(paged, (slugs = new Set(paged.map((v) => v.slug))));
  return slugs.has(slug);
}

/** The facet values of one document, by facet key (`actions/owner` for its action items' owners), for site-wide counts. */
export function facetValuesOf(doc: FacetDoc): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const facet of facetsByKind[doc.kind]) out[facet.key] = [...new Set(facet.values(doc).map(slugify))];
  if (doc.kind === 'postmortem') {
    const items = Array.isArray(doc.data.action_items) ? (doc.data.action_items as Array<{ owner?: unknown }>) : [];
    out['actions/owner'] = [
      ...new Set(items.flatMap((a) => (typeof a.owner === 'string' && a.owner ? [slugify(a.owner)] : []))),
    ];
  }
  return out;
}

/** One warning per facet of a kind with more values across the site than get pages (SITE_FACET_LIMIT). */
export function siteFacetProblems(
  kind: Kind,
  docs: Array<{ source: string; facets?: Record<string, string[]> }>,
): Problem[] {
  const byKey = new Map<string, Map<string, Set<string>>>();
  for (const d of docs) {
    for (const [key, slugs] of Object.entries(d.facets ?? {})) {
      let values = byKey.get(key);
      if (!values) byKey.set(key, (values = new Map()));
      for (const slug of slugs) {
        let sources = values.get(slug);
        if (!sources) values.set(slug, (sources = new Set()));
        sources.add(d.source);
      }
    }
  }
  const problems: Problem[] = [];
  for (const [key, values] of byKey) {
    if (values.size <= SITE_FACET_LIMIT) continue;
    const perSource = new Map<string, number>();
    for (const sources of values.values()) for (const s of sources) perSource.set(s, (perSource.get(s) ?? 0) + 1);
    const [source, own] = [...perSource].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    const action = key.startsWith('actions/');
    const facetKey = action ? key.slice('actions/'.length) : key;
    const label = action ? 'action items' : kindInfo[kind].plural.toLowerCase();
    const list = `/${kindInfo[kind].path}/${action ? 'actions/' : ''}${ALL_VALUES_SEGMENT}/${facetKey}/`;
    problems.push({
      severity: 'warning',
      code: 'too-many-facet-values',
      source,
      field: action ? `action_items.${facetKey}` : facetKey,
      message: `expected at most ${SITE_FACET_LIMIT} values across the site's ${label}, found ${values.size.toLocaleString('en-US')} (${own.toLocaleString('en-US')} of them in this source); the ${(values.size - SITE_FACET_LIMIT).toLocaleString('en-US')} used least get no page of their own and are listed on ${list}: use fewer, shared names`,
    });
  }
  return problems;
}
