/** Page slugs: the file's (or, for a generic file name, its folder's) name, slugified; stable under added files. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { kindInfo, type Kind } from '../schemas/index.ts';
import type { Problem } from './problems.ts';

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

/**
 * File names that say nothing about the document (`README.md`, `exercises/bowling/description.md`): such a file
 * takes its folder's name for its slug, and its title from metadata beside it when its heading is generic too.
 */
export const GENERIC_NAMES: readonly string[] = [
  'index',
  '_index',
  'readme',
  'default',
  'home',
  'description',
  'instructions',
  'introduction',
  'intro',
  'overview',
  'notes',
  'content',
  'contents',
  'main',
  'summary',
  'about',
  'page',
  'untitled',
];
const GENERIC = new Set(GENERIC_NAMES);
/**
 * Generic names that sit beside a main document of their folder (exercism's `.docs/introduction.md` beside
 * `instructions.md`): they keep their name after the folder's (`bowling-introduction`), so the two never collide.
 */
const SECONDARY_NAMES = new Set(['introduction', 'intro', 'overview', 'notes', 'summary', 'about', 'contents']);
/** Folders that hold documents without naming them (`.docs/`, `docs/`): the name is looked for one level up. */
const GENERIC_FOLDERS = new Set([...GENERIC_NAMES, 'docs', 'doc', 'src', 'source', 'pages']);

/** Extensions a document's name ends with, stripped from the end however many there are (`x.html.md.erb` → `x`). */
const DOCUMENT_EXTENSION = /\.(?:md|mdx|markdown|mdown|mkd|erb|txt|html?|liquid|njk)$/i;

/** The file name without its document extensions: `x.html.md.erb` → `x`, `README.md` → `README`. */
export function stemOfPath(filePath: string): string {
  let stem = path.posix.basename(filePath);
  for (let i = 0; i < 8 && DOCUMENT_EXTENSION.test(stem) && stem.replace(DOCUMENT_EXTENSION, ''); i++)
    stem = stem.replace(DOCUMENT_EXTENSION, '');
  return stem;
}

/** True for a name that says nothing about a document (`README`, `_index`, `Description`), in any case. */
export function isGenericName(name: string): boolean {
  return GENERIC.has(name.trim().toLowerCase().replace(/\s+/g, '-'));
}

/** True when the file's name (before any `.`: `instructions.append.md` too) is generic. */
export function hasGenericFileName(filePath: string): boolean {
  return isGenericName(stemOfPath(filePath).split('.')[0]!);
}

/**
 * What names a file: its stem, or for a generic file name the nearest folder that is not generic itself
 * (`exercises/bowling/.docs/instructions.md` → `bowling`), with the rest of a dotted name
 * (`instructions.append.md` → `bowling-append`). `parent` is the folder above the name, for disambiguation.
 */
export function nameOfPath(
  filePath: string,
  /** What names a generic file no folder names (`README.md` at the top): the source's name, when given. */
  rootName?: string,
): {
  name: string;
  parent?: string;
  fromFolder: boolean;
  /** The folder that gave the name, for a generic file name. */
  folder?: string;
  /** What follows the folder's name in `name` (`introduction`, `append`): a title says it too. */
  qualifier?: string;
} {
  const parts = filePath.split('/');
  const stem = stemOfPath(filePath);
  const folders = parts.slice(0, -1);
  if (hasGenericFileName(filePath)) {
    const [head, ...dotted] = stem.split('.');
    const secondary = SECONDARY_NAMES.has(head!.toLowerCase());
    const qualifier = [...(secondary ? [head!] : []), ...dotted].join('.') || undefined;
    for (let i = folders.length - 1; i >= 0; i--) {
      const folder = folders[i]!;
      if (GENERIC_FOLDERS.has(folder.toLowerCase()) || /^[._]/.test(folder)) continue;
      return {
        name: qualifier ? `${folder}-${qualifier}` : folder,
        parent: folders[i - 1],
        fromFolder: true,
        folder: folders.slice(0, i + 1).join('/'),
        qualifier,
      };
    }
    if (rootName) return { name: qualifier ? `${rootName}-${qualifier}` : rootName, fromFolder: false, qualifier };
  }
  return { name: stem, parent: folders.at(-1), fromFolder: false };
}

/** `postmortems/2024-03-07-db-failover.md` → `2024-03-07-db-failover`; `exercises/bowling/description.md` → `bowling`. */
export function slugOfPath(filePath: string, source?: string): string {
  return slugify(nameOfPath(filePath, source).name);
}

export interface SlugInput {
  source: string;
  path: string;
  /** When the file was first added (ISO date): an older file keeps its slug when a newer one of the same name comes. */
  added?: string;
}

export interface SlugAssignment<T extends SlugInput> {
  item: T;
  slug: string;
  /** Set when the slug had to change: what it would have been. */
  collidedWith?: string;
}

/** Slugs the site uses for its own pages under a kind (`/postmortems/actions/`, `/postmortems/stats/`, `/postmortems/facets/`). */
export const reservedSlugs = ['actions', 'stats', 'feed', 'api', 'search', 'tags', 'facets'];

/** At most `max` bytes of `slug`; a longer one is cut and ends with a hash of `whole`. */
function capSlug(slug: string, max: number, whole: string): string {
  if (Buffer.byteLength(slug, 'utf8') <= max) return slug;
  return `${cutToBytes(slug, max - 9).replace(/-+$/, '')}-${hash8(whole)}`;
}

/** The slugs a file may have, in order of preference; each depends on the file alone. */
function candidatesOf(item: SlugInput): string[] {
  const { name, parent } = nameOfPath(item.path, item.source);
  const plain = slugify(name);
  const prefix = [slugify(item.source), parent ? slugify(parent) : ''].filter(Boolean).join('-');
  const id = `${item.source}\0${item.path}`;
  const qualified = capSlug(`${prefix}-${plain}`, MAX_SLUG_BYTES, id);
  return [plain, qualified, `${cutToBytes(qualified, MAX_SLUG_BYTES - 9).replace(/-+$/, '')}-${hash8(id)}`];
}

/**
 * Gives every file of one kind a unique slug that does not depend on which newer files exist: files are taken
 * oldest first (first added, then the order of the sources file, then path), and each gets the first of its own
 * candidates still free: its name, then `<source>-<folder>-<name>`, then that with a hash of source and path.
 * So adding a file never changes another document's slug; removing one may free its slug for a newer namesake.
 */
export function assignSlugs<T extends SlugInput>(items: T[]): Array<SlugAssignment<T>> {
  const taken = new Set<string>(reservedSlugs);
  const sourceOrder = new Map<string, number>();
  for (const item of items) if (!sourceOrder.has(item.source)) sourceOrder.set(item.source, sourceOrder.size);
  const addedAt = (item: SlugInput) => {
    const t = item.added ? Date.parse(item.added) : Number.NaN;
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  const order = items
    .map((item, i) => ({ item, i, at: addedAt(item), source: sourceOrder.get(item.source)! }))
    .sort((a, b) =>
      a.at !== b.at
        ? a.at < b.at
          ? -1
          : 1
        : a.source - b.source || (a.item.path < b.item.path ? -1 : a.item.path > b.item.path ? 1 : 0),
    );
  const out = new Array<SlugAssignment<T>>(items.length);
  for (const { item, i } of order) {
    const candidates = candidatesOf(item);
    let slug = candidates.find((c) => !taken.has(c));
    for (let n = 2; slug === undefined; n++) if (!taken.has(`${candidates[2]}-${n}`)) slug = `${candidates[2]}-${n}`;
    taken.add(slug);
    out[i] = { item, slug, collidedWith: slug === candidates[0] ? undefined : candidates[0] };
  }
  return out;
}

/** The warning for a file whose slug had to change: which slug it could not have and where it is published. */
export function slugCollisionProblem(
  kind: Kind,
  source: string,
  filePath: string,
  slug: string,
  collidedWith: string,
): Problem {
  const why = reservedSlugs.includes(collidedWith)
    ? `the slug "${collidedWith}" is a page of the site's own`
    : `another ${kindInfo[kind].label.toLowerCase()}, added earlier or listed first, already has the slug "${collidedWith}"`;
  return {
    source,
    path: filePath,
    severity: 'warning',
    code: 'slug-collision',
    message: `${why}; this one is published as /${kindInfo[kind].path}/${slug}/ (rename the file, or give its folder a distinct name, for a plain slug)`,
  };
}
