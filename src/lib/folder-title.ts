/**
 * A title for a document whose file name and heading say nothing (`exercises/bowling/instructions.md` under
 * `# Instructions`): from a metadata file beside it (`metadata.toml`, `.meta/config.json`, a Hugo `_index.md`…),
 * else from its folder's name. Pure: the loader finds and reads the files.
 */
import path from 'node:path';
import yaml from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import { titleFromName } from './fallbacks.ts';
import { parseFrontmatter } from './frontmatter.ts';
import { nameOfPath } from './slugs.ts';

/** Metadata files larger than this are not read. */
export const MAX_METADATA_BYTES = 64 * 1024;
/** Tables and lists nested deeper than this make a metadata file unreadable (it is ignored). */
const MAX_METADATA_DEPTH = 32;
/** A longer title in a metadata file is not taken. */
const MAX_TITLE_CHARS = 300;

/** File names looked for in each folder, in order of preference. */
const METADATA_NAMES = [
  'metadata.toml',
  'metadata.yaml',
  'metadata.yml',
  'metadata.json',
  '.meta/config.json',
  'meta.yaml',
  'meta.yml',
  '_index.md',
  'index.md',
];

export interface FolderTitle {
  title: string;
  /** Where it came from, for `derivedFrom.title`: `metadata.toml beside it`, `the folder name`. */
  from: string;
}

/**
 * The metadata paths that may name `docPath`, best first: in its own folder, then in the folder that names it
 * (`exercises/bowling/` for `exercises/bowling/.docs/instructions.md`). Empty for a file not generically named.
 */
export function metadataPathsFor(docPath: string): string[] {
  const { fromFolder } = nameOfPath(docPath);
  if (!fromFolder) return [];
  const folders = [path.posix.dirname(docPath)];
  const named = namingFolder(docPath);
  if (named !== undefined && named !== folders[0]) folders.push(named);
  return folders.flatMap((f) => METADATA_NAMES.map((n) => (f === '.' ? n : `${f}/${n}`))).filter((p) => p !== docPath);
}

/** The folder whose name names a generically named file. */
const namingFolder = (docPath: string) => nameOfPath(docPath).folder;

/** The title a generically named file gets from its folder's name (`bowling-game` → `Bowling game`). */
export function folderNameTitle(docPath: string): FolderTitle | undefined {
  const folder = namingFolder(docPath);
  if (folder === undefined) return undefined;
  return { title: qualifiedTitle(docPath, titleFromName(path.posix.basename(folder))), from: 'the folder name' };
}

/** A folder's title for one of its secondary documents: `Bowling: Introduction` for `bowling/introduction.md`. */
export function qualifiedTitle(docPath: string, title: string): string {
  const { qualifier } = nameOfPath(docPath);
  return qualifier ? `${title}: ${titleFromName(qualifier.replace(/\./g, ' '))}` : title;
}

function depthOf(value: unknown, limit: number): number {
  // Iterative: a deeply nested value must not overflow the stack here either.
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > limit) return max;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

export type MetadataTitle = { ok: true; title?: string } | { ok: false; reason: string };

/** A cleaned title, or undefined for a value that cannot be one. */
function titleValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.replace(/\s+/g, ' ').trim();
  return t && t.length <= MAX_TITLE_CHARS ? t : undefined;
}

/**
 * Reads `title` (else `name`) of a metadata file; `blurb` and the rest are not titles. Never throws.
 * `publicOnly` (a public build): a folder index is a document, internal unless it or `defaultVisibility` says
 * `public`, and an internal one's title is not taken.
 */
export function titleFromMetadata(
  metaPath: string,
  bytes: Uint8Array,
  audience: { publicOnly?: boolean; defaultVisibility?: unknown } = {},
): MetadataTitle {
  if (bytes.length > MAX_METADATA_BYTES)
    return {
      ok: false,
      reason: `it is ${bytes.length.toLocaleString('en-US')} bytes, over the ${MAX_METADATA_BYTES / 1024} KB read for a title`,
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { ok: false, reason: 'it is not UTF-8 text' };
  }
  const base = path.posix.basename(metaPath).toLowerCase();
  let data: unknown;
  try {
    if (base.endsWith('.md')) {
      const fm = parseFrontmatter(text);
      if (!fm.ok) return { ok: false, reason: `its frontmatter cannot be read: ${fm.message}` };
      if (audience.publicOnly && (fm.data.visibility ?? audience.defaultVisibility) !== 'public') return { ok: true };
      data = fm.data;
    } else if (base.endsWith('.toml'))
      data = parseToml(text, { maxDepth: MAX_METADATA_DEPTH, unsafeKeyBehaviour: 'drop' });
    else if (base.endsWith('.json')) data = JSON.parse(text);
    else data = yaml.load(text, { schema: yaml.JSON_SCHEMA, json: true });
  } catch (error) {
    const message = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message.split('\n')[0];
    return { ok: false, reason: `it cannot be parsed: ${message!.slice(0, 200)}` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: true };
  if (depthOf(data, MAX_METADATA_DEPTH) > MAX_METADATA_DEPTH)
    return { ok: false, reason: `it nests values more than ${MAX_METADATA_DEPTH} levels deep` };
  const record = data as Record<string, unknown>;
  const title = titleValue(record.title) ?? titleValue(record.name);
  // Region markers work only in a body: a title that holds one is not published as text.
  if (audience.publicOnly && title && /<!--[\s\S]*?internal/i.test(title))
    return { ok: false, reason: 'its title holds an <!-- internal --> marker, which works only in a document body' };
  return { ok: true, title };
}

/** `derivedFrom.title` for a metadata file: `metadata.toml beside it`, `../.meta/config.json beside it`. */
export function metadataSource(docPath: string, metaPath: string): string {
  const rel = path.posix.relative(path.posix.dirname(docPath), metaPath);
  return /(^|\/)_?index\.md$/.test(metaPath) ? `the folder's ${rel}` : `${rel} beside it`;
}
