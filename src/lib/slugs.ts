/** Page slugs: the file name without extension, slugified; collisions resolved deterministically. */
import path from 'node:path';

const slugCache = new Map<string, string>();

export function slugify(text: string): string {
  const known = slugCache.get(text);
  if (known !== undefined) return known;
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slugCache.size > 100_000) slugCache.clear();
  slugCache.set(text, slug || 'document');
  return slug || 'document';
}

/** `postmortems/2024-03-07-db-failover.md` → `2024-03-07-db-failover` → slug. */
export function slugOfPath(filePath: string): string {
  const base = path.posix.basename(filePath);
  return slugify(base.replace(/\.(md|mdx|markdown)$/i, ''));
}

export interface SlugInput {
  source: string;
  path: string;
}

export interface SlugAssignment<T extends SlugInput> {
  item: T;
  slug: string;
  /** Set when the slug had to change: what it would have been. */
  collidedWith?: string;
}

/**
 * Gives every file of one kind a unique slug. Items come in the order of the sources file (then by path);
 * the first keeps the plain slug, a later one colliding with it is prefixed with its source name, then numbered.
 */
/** Slugs the site uses for its own pages under a kind (`/postmortems/actions/`, `/postmortems/stats/`, `/postmortems/facets/`). */
export const reservedSlugs = ['actions', 'stats', 'feed', 'api', 'search', 'tags', 'facets'];

export function assignSlugs<T extends SlugInput>(items: T[]): Array<SlugAssignment<T>> {
  const taken = new Set<string>(reservedSlugs);
  const out: Array<SlugAssignment<T>> = [];
  const base = items.map((item) => slugOfPath(item.path));
  const baseCount = new Map<string, number>();
  for (const b of base) baseCount.set(b, (baseCount.get(b) ?? 0) + 1);
  items.forEach((item, i) => {
    const plain = base[i]!;
    let slug = plain;
    if (taken.has(slug)) slug = `${slugify(item.source)}-${plain}`;
    for (let n = 2; taken.has(slug); n++) slug = `${slugify(item.source)}-${plain}-${n}`;
    taken.add(slug);
    out.push({ item, slug, collidedWith: slug === plain ? undefined : plain });
  });
  return out;
}
