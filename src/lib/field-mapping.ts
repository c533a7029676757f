/**
 * Frontmatter as other tools write it, read as our fields: a source's own `fields:` renames and `values:` maps,
 * then the conventions of GOV.UK tech-docs, Jekyll, Hugo and MADR built in. What is left unused is listed.
 */
import type { z } from 'astro/zod';
import type { Kind } from '../schemas/index.ts';

/** A source's own names for our fields (`fields:` in sources.yaml): our field → the key its files use. */
export type FieldRenames = Record<string, string>;
/** Values read as others (`values:` in sources.yaml): field (`status`, `action_items.status`) → theirs → ours. */
export type ValueMaps = Record<string, Record<string, string>>;

export interface FieldMapping {
  fields?: FieldRenames;
  values?: ValueMaps;
}

/**
 * Keys other tools give our fields, read when a document does not use our name. `fallback`: a key that also
 * means something else beside ours (Jekyll's `navtitle` is a menu label), so both may be given without a warning.
 */
export const BUILT_IN_ALIASES: ReadonlyArray<{ key: string; field: string; tool: string; fallback?: true }> = [
  { key: 'last_reviewed_on', field: 'last_reviewed', tool: 'GOV.UK tech-docs' },
  { key: 'review_in', field: 'review_every', tool: 'GOV.UK tech-docs' },
  { key: 'owner_slack', field: 'owners', tool: 'GOV.UK tech-docs' },
  { key: 'owner', field: 'owners', tool: 'Jekyll and Hugo sites' },
  { key: 'navtitle', field: 'title', tool: 'Jekyll', fallback: true },
  { key: 'lastmod', field: 'updated', tool: 'Hugo' },
  { key: 'last_modified_at', field: 'updated', tool: 'Jekyll' },
  { key: 'description', field: 'summary', tool: 'Jekyll, Hugo and MkDocs', fallback: true },
  { key: 'author', field: 'authors', tool: 'Jekyll and Hugo' },
  { key: 'categories', field: 'tags', tool: 'Jekyll and Hugo' },
  { key: 'keywords', field: 'tags', tool: 'Hugo and MkDocs' },
  { key: 'canonical_url', field: 'source_url', tool: 'Jekyll and Hugo' },
  { key: 'start_time', field: 'started', tool: 'incident trackers' },
  { key: 'started_at', field: 'started', tool: 'incident trackers' },
  { key: 'detected_at', field: 'detected', tool: 'incident trackers' },
  { key: 'mitigated_at', field: 'mitigated', tool: 'incident trackers' },
  { key: 'end_time', field: 'resolved', tool: 'incident trackers' },
  { key: 'resolved_at', field: 'resolved', tool: 'incident trackers' },
];

/** Keys that only lay out another tool's site: read by nobody here, listed as ignored rather than unknown. */
export const LAYOUT_KEYS: Readonly<Record<string, string>> = {
  layout: 'the page layout of Jekyll, Hugo or Middleman',
  order: 'the menu order of a docs theme',
  nav_order: 'the menu order of a docs theme',
  weight: "Hugo's menu order",
  menu: "Hugo's menus",
  parent: 'the menu parent of a docs theme',
  has_children: 'the menu of a docs theme',
  sidebar_position: "Docusaurus's sidebar",
  sidebar_label: "Docusaurus's sidebar",
  toc: 'a table of contents switch',
  hide: "MkDocs Material's page options",
  template: 'the page template of a docs theme',
  comments: 'a comments switch',
  type: "Hugo's content type",
  search: 'a search switch',
};

/** What mapping a document's frontmatter did: our data, which of our fields came from which of its keys. */
export interface MappedFrontmatter {
  data: Record<string, unknown>;
  /** Our field → the key it was read from, for fields read under another name (for lines and "derived from"). */
  renamed: Record<string, string>;
  /** Keys left unused, in file order (not layout keys). */
  unknown: string[];
  /** Layout keys of other tools, present and ignored. */
  ignored: string[];
  /** Keys given twice (ours and theirs): ours wins. */
  shadowed: Array<{ key: string; field: string }>;
}

type ZodAny = z.ZodType;
interface Def {
  type: string;
  shape?: Record<string, ZodAny>;
  element?: ZodAny;
  innerType?: ZodAny;
  in?: ZodAny;
  out?: ZodAny;
  entries?: Record<string, string>;
}
const defOf = (s: ZodAny): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under defaults, optionals and preprocessing: the one that says what the value is. */
function unwrap(schema: ZodAny): ZodAny {
  for (let s = schema, n = 0; n < 20; n++) {
    const def = defOf(s);
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe') s = defOf(def.out!).type === 'transform' ? def.in! : def.out!;
    else return s;
  }
  return schema;
}

/** The fields of an object schema (a kind's, an action item's), or undefined. */
export function shapeOf(schema: ZodAny): Record<string, ZodAny> | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'object' ? def.shape : undefined;
}

/** The values an enum field allows, or undefined when it is not an enum. */
export function enumValues(schema: ZodAny): string[] | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'enum' && def.entries ? Object.values(def.entries) : undefined;
}

/** The fields of the items of a list field of objects (`action_items`), or undefined. */
export function itemFieldsOf(schema: ZodAny): Record<string, ZodAny> | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'array' && def.element ? shapeOf(def.element) : undefined;
}

/** Keys inside structured fields (list items) that the schema does not know: dotted path, key and value. */
export function unknownNestedKeys(
  schema: ZodAny,
  data: Record<string, unknown>,
): Array<{ field: string; key: string; value: unknown }> {
  const shape = shapeOf(schema) ?? {};
  const found: Array<{ field: string; key: string; value: unknown }> = [];
  const visit = (fieldSchema: ZodAny, value: unknown, at: string, depth: number): void => {
    if (depth > 4 || found.length >= 50) return;
    const items = itemFieldsOf(fieldSchema);
    if (items && Array.isArray(value)) {
      value.slice(0, 1000).forEach((item, i) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return;
        for (const [k, v] of Object.entries(item)) {
          if (!Object.hasOwn(items, k)) found.push({ field: `${at}.${i}.${k}`, key: k, value: v });
          else visit(items[k]!, v, `${at}.${i}.${k}`, depth + 1);
        }
      });
    }
  };
  for (const [field, value] of Object.entries(data))
    if (Object.hasOwn(shape, field)) visit(shape[field]!, value, field, 0);
  return found;
}

function mapValue(value: unknown, map: Record<string, string>): unknown {
  if (typeof value !== 'string') return value;
  if (Object.hasOwn(map, value)) return map[value];
  const lower = value.trim().toLowerCase();
  for (const [from, to] of Object.entries(map)) if (from.toLowerCase() === lower) return to;
  return value;
}

/** Applies `values:` to a field, or to a key of every item of a list field (`action_items.status`). */
function applyValueMap(data: Record<string, unknown>, field: string, map: Record<string, string>): void {
  const [top, key] = field.split('.', 2) as [string, string | undefined];
  const value = data[top];
  if (key === undefined) {
    data[top] = Array.isArray(value) ? value.map((v) => mapValue(v, map)) : mapValue(value, map);
  } else if (Array.isArray(value)) {
    data[top] = value.map((item) =>
      item && typeof item === 'object' && Object.hasOwn(item, key)
        ? { ...item, [key]: mapValue(item[key], map) }
        : item,
    );
  }
}

/** MADR's `status: superseded by ADR-0005` names the successor; the schema reads the status word itself. */
function standardSuccessor(data: Record<string, unknown>): void {
  if (typeof data.status !== 'string') return;
  const superseded = /^superseded\s+by\s+(.+)$/i.exec(data.status.trim());
  if (superseded) data.superseded_by ??= superseded[1]!.replace(/^\[([^\]]*)\]\(([^)]*)\)$/, '$2').trim();
}

/**
 * Reads `own` (a document's frontmatter as written) as our fields for `kind`: the source's renames first, then
 * the built-in aliases, each only where the document does not use our own name; then the value maps.
 */
export function mapFrontmatter(
  kind: Kind,
  schema: ZodAny,
  own: Record<string, unknown>,
  mapping: FieldMapping = {},
): MappedFrontmatter {
  const shape = shapeOf(schema) ?? {};
  const data: Record<string, unknown> = { ...own };
  const renamed: Record<string, string> = {};
  const shadowed: MappedFrontmatter['shadowed'] = [];
  const consumed = new Set<string>();
  const take = (key: string, field: string, fallback = false) => {
    if (!Object.hasOwn(own, key) || Object.hasOwn(shape, key)) return;
    consumed.add(key);
    delete data[key];
    if (Object.hasOwn(own, field) || Object.hasOwn(renamed, field)) {
      if (!fallback) shadowed.push({ key, field });
    } else {
      data[field] = own[key];
      renamed[field] = key;
    }
  };
  for (const [field, key] of Object.entries(mapping.fields ?? {})) take(key, field);
  for (const { key, field, fallback } of BUILT_IN_ALIASES)
    if (Object.hasOwn(shape, field) && !consumed.has(key)) take(key, field, fallback);
  // `url:` is a page's path on Hugo and Jekyll sites, and where a write-up was first published in incident logs.
  const url = own.url;
  if (typeof url === 'string' && !Object.hasOwn(shape, 'url') && !consumed.has('url')) {
    const field = /^https?:\/\//i.test(url) ? 'source_url' : url.startsWith('/') ? 'permalink' : undefined;
    if (field && Object.hasOwn(shape, field) && !Object.hasOwn(own, field)) {
      data[field] = url;
      renamed[field] = 'url';
      consumed.add('url');
      delete data.url;
    }
  }
  // Jekyll's `published: false` is a draft.
  if (!Object.hasOwn(shape, 'published') && own.published === false && !Object.hasOwn(own, 'draft')) {
    data.draft = true;
    renamed.draft = 'published';
    consumed.add('published');
    delete data.published;
  }
  if (kind === 'standard') standardSuccessor(data);
  for (const [field, map] of Object.entries(mapping.values ?? {})) applyValueMap(data, field, map);
  const unknown: string[] = [];
  const ignored: string[] = [];
  for (const key of Object.keys(own)) {
    if (Object.hasOwn(shape, key) || consumed.has(key)) continue;
    if (Object.hasOwn(LAYOUT_KEYS, key)) ignored.push(key);
    else unknown.push(key);
  }
  return { data, renamed, unknown, ignored, shadowed };
}

const stem = (name: string) =>
  name
    .toLowerCase()
    .replace(/[-_ ](at|on|time|date|by)$/, '')
    .replace(/(ed|s)$/, '')
    .replace(/[-_ ]/g, '');

/** The field of ours an unknown key most likely means (`start_time` → `started`), or undefined. */
export function guessField(key: string, schema: ZodAny): string | undefined {
  const fields = Object.keys(shapeOf(schema) ?? {});
  const s = stem(key);
  if (s.length < 3) return undefined;
  return fields.find((f) => stem(f) === s) ?? fields.find((f) => f.length >= 5 && stem(f).startsWith(s));
}
