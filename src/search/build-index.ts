/**
 * Builds the Pagefind index over the built site. Only document pages are indexed (they carry
 * `data-pagefind-body`). Pagefind's Node API returns errors instead of throwing: every response is checked.
 *
 * A large site's index is split into shards of at most `KNOWLEDGE_SEARCH_SHARD_PAGES` pages (2,000 by default;
 * at most 16 shards), by source (see assignShards); the search page merges them (Pagefind's `mergeIndex`). A shard
 * whose pages did not change is not indexed again: it is left in place, or copied from the cache. So a change to
 * one document re-indexes one shard, and indexing holds two shards in memory at a time. A site below the shard
 * size has one index in `/pagefind/`, as Pagefind makes it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { mapBounded } from '../sources/sync.ts';

export interface IndexSummary {
  pages: number;
  /** How many shards the index has, and how many of them were indexed in this build (the rest were reused). */
  shards: number;
  indexed: number;
  outputPath: string;
  /** True when no shard was indexed again. */
  reused: boolean;
}

/** The search page reads this (in `/pagefind/`) to find the other shards. */
export const SHARDS_FILE = 'knowledge-shards.json';
/** In each shard's folder (and its cached copy): the digest of the pages it was made from. */
const DIGEST_FILE = 'knowledge-shard.digest';

function check(step: string, errors: string[] | undefined): void {
  if (errors && errors.length) throw new Error(`Pagefind failed to ${step}:\n  ${errors.join('\n  ')}`);
}

export function shardPages(): number {
  const n = Number(process.env.KNOWLEDGE_SEARCH_SHARD_PAGES);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 2000;
}

/** The folder of shard `i` in the site: the first is Pagefind's usual `pagefind/`. */
export const shardFolder = (i: number) => (i === 0 ? 'pagefind' : `pagefind-${i}`);

export interface Page {
  file: string;
  html: Buffer;
}

/** Every page Pagefind would index (files read in parallel, in batches). */
/** The search page merges every shard on its first search: their number stays small, their size grows instead. */
const MAX_SHARDS = 16;

const hashOf = (file: string) => createHash('sha1').update(file).digest().readUInt32BE(0);

/**
 * Shards by source: each source's pages stay together (a source larger than a shard is cut, in the order of its
 * pages' hashes, into pieces of a shard's size), and pieces fill shards in the order of their sources' names. A
 * merge into one repository changes pages of its own sources, so it usually indexes one or two shards again.
 */
export function assignShards(pages: Page[], pagesPerShard: number): Page[][] {
  // Larger shards, until there are few enough of them (whole sources may not pack tightly).
  for (let size = Math.max(pagesPerShard, Math.ceil(pages.length / MAX_SHARDS)); ; size = Math.ceil(size * 1.25)) {
    const shards = packShards(pages, size);
    if (shards.length <= MAX_SHARDS) return shards;
  }
}

function packShards(pages: Page[], size: number): Page[][] {
  const bySource = new Map<string, Page[]>();
  for (const page of pages) {
    const source = /data-source="([^"]*)"/.exec(page.html.subarray(0, 8192).toString('latin1'))?.[1] ?? '';
    const list = bySource.get(source);
    if (list) list.push(page);
    else bySource.set(source, [page]);
  }
  const pieces: Page[][] = [];
  for (const [, group] of [...bySource].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (group.length <= size) { pieces.push(group); continue; }
    const ordered = group.map((page) => ({ page, h: hashOf(page.file) })).sort((a, b) => a.h - b.h || (a.page.file < b.page.file ? -1 : 1)).map((x) => x.page);
    for (let i = 0; i < ordered.length; i += size) pieces.push(ordered.slice(i, i + size));
  }
  const shards: Page[][] = [];
  let current: Page[] = [];
  for (const piece of pieces) {
    if (current.length && current.length + piece.length > size) {
      shards.push(current);
      current = [];
    }
    current = current.concat(piece);
  }
  if (current.length || !shards.length) shards.push(current);
  return shards;
}

async function indexedPages(siteDir: string): Promise<Page[]> {
  const files = (await readdir(siteDir, { recursive: true }))
    .filter((f) => f.endsWith('.html') && !/^pagefind(-\d+)?[\\/]/.test(f) && !f.startsWith(`_astro${path.sep}`))
    .sort();
  const pages: Page[] = [];
  for (let i = 0; i < files.length; i += 2000) {
    const batch = files.slice(i, i + 2000);
    const contents = await Promise.all(batch.map((f) => readFile(path.join(siteDir, f))));
    contents.forEach((html, k) => {
      if (html.includes('data-pagefind-body')) pages.push({ file: batch[k]!, html });
    });
  }
  return pages;
}

const cp = (args: string[]) => new Promise<void>((resolve, reject) => {
  execFile('cp', args, (error) => (error ? reject(error) : resolve()));
});

/**
 * Copies a folder of many small files with the system cp (many times faster than fs.cp here): as hard links
 * when both sides are on one file system (no file of an index is rewritten in place: a new index is a new
 * folder), else as copies.
 */
async function copyTree(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  try {
    await cp(['-Rl', from, to]);
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(['-R', from, to]);
  }
}

const readDigest = (folder: string) => readFile(path.join(folder, DIGEST_FILE), 'utf8').catch(() => '');

/**
 * Indexes one shard's pages into `outputPath`. Pagefind reads a folder much faster than it takes files one by one
 * (it parses them in parallel), so the shard's pages are linked into a folder of their own first, at their paths
 * in the site. The index is deleted from Pagefind's service after, freeing its memory.
 */
async function indexShard(siteDir: string, pages: Page[], outputPath: string, workDir: string): Promise<void> {
  await rm(outputPath, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
  const made = new Set<string>();
  for (const page of pages) {
    const to = path.join(workDir, page.file);
    const dir = path.dirname(to);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await link(path.join(siteDir, page.file), to).catch(() => copyFile(path.join(siteDir, page.file), to));
  }
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  check('start', created.errors);
  const index = created.index!;
  try {
    const added = await index.addDirectory({ path: workDir });
    check(`index ${pages.length} pages`, added.errors);
    const written = await index.writeFiles({ outputPath });
    check(`write ${outputPath}`, written.errors);
  } finally {
    await index.deleteIndex();
    await rm(workDir, { recursive: true, force: true });
  }
}

export async function buildSearchIndex(siteDir: string, cacheDir?: string): Promise<IndexSummary> {
  const pages = await indexedPages(siteDir);
  const groups = assignShards(pages, shardPages());
  const shards = groups.length;
  const cacheRoot = cacheDir ? path.join(cacheDir, 'knowledge-pagefind') : undefined;
  // Where each shard's pages are linked for Pagefind (copied when the cache is on another file system).
  const workRoot = path.join(cacheDir ?? tmpdir(), `knowledge-pagefind-work-${process.pid}`);
  const todo: Array<{ i: number; digest: string; output: string; cached?: string }> = [];
  for (let i = 0; i < shards; i++) {
    const hash = createHash('sha256').update(`${shards}:${i}\0`);
    for (const page of groups[i]!) hash.update(page.file).update('\0').update(page.html);
    const digest = hash.digest('hex');
    const output = path.join(siteDir, shardFolder(i));
    const cached = cacheRoot ? path.join(cacheRoot, shardFolder(i)) : undefined;
    // Unchanged and still in place (an output folder kept from the last build): nothing to do.
    if ((await readDigest(output)) === digest && existsSync(path.join(output, 'pagefind-entry.json'))) continue;
    if (cached && (await readDigest(cached)) === digest) {
      await copyTree(cached, output);
      continue;
    }
    todo.push({ i, digest, output, cached });
  }
  // Two shards at a time: one does not keep both cores of a small CI machine busy.
  try {
    await mapBounded(todo, 2, async ({ i, digest, output, cached }) => {
      await indexShard(siteDir, groups[i]!, output, path.join(workRoot, shardFolder(i)));
      await writeFile(path.join(output, DIGEST_FILE), digest);
      if (cached) {
        await mkdir(cacheRoot!, { recursive: true });
        await copyTree(output, cached);
      }
    });
  } finally {
    if (todo.length) await pagefind.close();
    await rm(workRoot, { recursive: true, force: true });
  }
  const indexed = todo.length;
  // Shards of a larger site than this one are gone.
  for (const name of await readdir(siteDir)) {
    const m = /^pagefind-(\d+)$/.exec(name);
    if (m && Number(m[1]) >= shards) await rm(path.join(siteDir, name), { recursive: true, force: true });
  }
  const others = Array.from({ length: shards - 1 }, (_, k) => `/${shardFolder(k + 1)}/`);
  await writeFile(path.join(siteDir, shardFolder(0), SHARDS_FILE), `${JSON.stringify({ shards: others })}\n`);
  return { pages: pages.length, shards, indexed, outputPath: path.join(siteDir, 'pagefind'), reused: indexed === 0 };
}
