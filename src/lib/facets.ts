/** The pre-rendered filters of each kind's index: which values a document has for each facet. */
import type { Kind } from '../schemas/index.ts';
import { slugify } from './slugs.ts';

export interface FacetDoc {
  kind: Kind;
  date: Date;
  data: Record<string, unknown>;
}

export interface Facet {
  /** URL segment: `/postmortems/severity/sev1/`. */
  key: string;
  label: string;
  values(doc: FacetDoc): string[];
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const field = (name: string) => (doc: FacetDoc) => list(doc.data[name]);
const year = (doc: FacetDoc) => [String(doc.date.getUTCFullYear())];

export const facetsByKind: Record<Kind, Facet[]> = {
  postmortem: [
    { key: 'severity', label: 'Severity', values: field('severity') },
    { key: 'service', label: 'Service', values: field('services') },
    { key: 'team', label: 'Team', values: field('teams') },
    { key: 'year', label: 'Year', values: year },
  ],
  standard: [
    { key: 'champion-group', label: 'Champion group', values: field('champion_group') },
    { key: 'status', label: 'Status', values: field('status') },
  ],
  kata: [
    { key: 'level', label: 'Level', values: field('level') },
    { key: 'topic', label: 'Topic', values: field('topics') },
  ],
  session: [{ key: 'year', label: 'Year', values: year }],
  strategy: [{ key: 'status', label: 'Status', values: field('status') }],
};

export interface FacetValue<D> {
  value: string;
  slug: string;
  docs: D[];
}

const facetCache = new WeakMap<object[], Map<Facet, Array<FacetValue<FacetDoc>>>>();

/**
 * Values of `facet` over `docs` with the documents of each, ordered for reading (years newest first).
 * Remembered per list of documents: every facet page shows every facet of its kind.
 */
export function facetValues<D extends FacetDoc>(facet: Facet, docs: D[]): Array<FacetValue<D>> {
  const known = facetCache.get(docs)?.get(facet);
  if (known) return known as Array<FacetValue<D>>;
  const computed = computeFacetValues(facet, docs);
  if (!facetCache.has(docs)) facetCache.set(docs, new Map());
  facetCache.get(docs)!.set(facet, computed as Array<FacetValue<FacetDoc>>);
  return computed;
}

function computeFacetValues<D extends FacetDoc>(facet: Facet, docs: D[]): Array<FacetValue<D>> {
  const groups = new Map<string, FacetValue<D>>();
  for (const d of docs) {
    for (const value of new Set(facet.values(d))) {
      const slug = slugify(value);
      const g = groups.get(slug) ?? { value, slug, docs: [] };
      g.docs.push(d);
      groups.set(slug, g);
    }
  }
  const out = [...groups.values()];
  if (facet.key === 'year') return out.sort((a, b) => b.value.localeCompare(a.value));
  if (facet.key === 'severity' || facet.key === 'level') return out.sort((a, b) => a.value.localeCompare(b.value));
  return out.sort((a, b) => b.docs.length - a.docs.length || a.value.localeCompare(b.value));
}
