/** Tags across all kinds, grouped by their slug so that `Secure development` and `secure-development` meet. */
import { slugify } from './slugs.ts';

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
      if (!g.docs.includes(d)) g.docs.push(d);
      groups.set(slug, g);
    }
  }
  return [...groups.values()].sort((a, b) => a.tag.localeCompare(b.tag, 'en', { sensitivity: 'base' }));
}
