/** Tags across all kinds, grouped by their slug so that `Secure development` and `secure-development` meet. */
import type { Problem } from './problems.ts';
import { slugify } from './slugs.ts';

/** At most this many tags get a page of their own across the site: the most used. */
export const SITE_TAG_LIMIT = 1000;

export interface TagGroup<D> {
  tag: string;
  slug: string;
  docs: D[];
}

export function tagGroups<D extends { tags: string[] }>(docs: D[]): Array<TagGroup<D>> {
  const groups = new Map<string, TagGroup<D>>();
  for (const d of docs) {
    for (const tag of new Set(d.tags)) {
      const slug = slugify(tag);
      const g = groups.get(slug) ?? { tag, slug, docs: [] };
      // Two tags of one document with the same slug: it is the last one added (a check in constant time).
      if (g.docs.at(-1) !== d) g.docs.push(d);
      groups.set(slug, g);
    }
  }
  return [...groups.values()].sort((a, b) => a.tag.localeCompare(b.tag, 'en', { sensitivity: 'base' }));
}

/** The tags that get a page: the SITE_TAG_LIMIT most used, in the same order as `groups`. */
export function pagedTagGroups<D>(groups: Array<TagGroup<D>>): Array<TagGroup<D>> {
  if (groups.length <= SITE_TAG_LIMIT) return groups;
  const kept = new Set(
    [...groups].sort((a, b) => b.docs.length - a.docs.length || a.tag.localeCompare(b.tag)).slice(0, SITE_TAG_LIMIT),
  );
  return groups.filter((g) => kept.has(g));
}

/** One warning when the site has more tags than get pages, naming the source with the most of them. */
export function siteTagProblems(docs: Array<{ source: string; tagSlugs?: string[] }>): Problem[] {
  const sources = new Map<string, Set<string>>();
  for (const d of docs) for (const t of d.tagSlugs ?? []) sources.set(t, (sources.get(t) ?? new Set()).add(d.source));
  if (sources.size <= SITE_TAG_LIMIT) return [];
  const perSource = new Map<string, number>();
  for (const s of sources.values()) for (const name of s) perSource.set(name, (perSource.get(name) ?? 0) + 1);
  const [source, own] = [...perSource].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    {
      severity: 'warning',
      code: 'too-many-tags',
      source,
      field: 'tags',
      message: `expected at most ${n(SITE_TAG_LIMIT)} tags across the site, found ${n(sources.size)} (${n(own)} of them in this source); the ${n(sources.size - SITE_TAG_LIMIT)} used least get no page of their own and are listed on /tags/: use fewer, shared tags`,
    },
  ];
}
