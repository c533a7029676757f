/** Page slugs: the file name without extension, slugified; collisions resolved deterministically. */
import { createHash } from 'node:crypto';
import path from 'node:path';

/** The longest slug, in UTF-8 bytes: with a collision prefix and a number it stays within a file name's 255. */
export const MAX_SLUG_BYTES = 100;

const slugCache = new Map<string, string>();
/** Characters of a name read for its slug. */
const SLUG_INPUT_LIMIT = 400;
const hash8 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/** At most `max` UTF-8 bytes of `text`, cut between code points. */
function cutToBytes(text: string, max: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    used += Buffer.byteLength(ch, 'utf8');
    if (used > max) break;
    out += ch;
  }
  return out;
}

/**
 * Lower-case letters (any script), marks and digits joined by `-`: `C++` → `c-plus-plus`, `C#` → `c-sharp`,
 * `Café` → `cafe`, `事故` → `事故`. A name with no letter or digit gets `x-<hash>`; a long one is cut with a hash.
 */
export function slugify(text: string): string {
  const known = slugCache.get(text);
  if (known !== undefined) return known;
  // A slug is at most 100 bytes: a longer name is read from its start, and the hash of all of it keeps it distinct.
  const long = text.length > SLUG_INPUT_LIMIT;
  let slug = (long ? text.slice(0, SLUG_INPUT_LIMIT) : text)
    .normalize('NFKD')
    // Accents come off Latin letters only (`é` → `e`); other scripts keep their marks (`й`, `ガ`).
    .replace(/(?<=[A-Za-z][\u0300-\u036f]{0,8})[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/(?<=[\p{L}\p{N}][+#]{0,8})[+#]/gu, (c) => (c === '+' ? '-plus-' : '-sharp-'))
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^[-\p{M}]+|-+$/gu, '');
  if (!slug) slug = `x-${hash8(text)}`;
  else if (long) slug = `${cutToBytes(slug, MAX_SLUG_BYTES - 9).replace(/-+$/, '')}-${hash8(text)}`;
  else if (Buffer.byteLength(slug, 'utf8') > MAX_SLUG_BYTES)
    slug = `${cutToBytes(slug, MAX_SLUG_BYTES - 9).replace(/-+$/, '')}-${hash8(slug)}`;
  if (slugCache.size > 100_000) slugCache.clear();
  slugCache.set(text, slug);
  return slug;
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
