/**
 * Builds the Pagefind index over the built site. Only document pages are indexed (they carry
 * `data-pagefind-body`). Pagefind's Node API returns errors instead of throwing: every response is checked.
 *
 * A large site's index is split into shards of about `KNOWLEDGE_SEARCH_SHARD_PAGES` pages (2,000 by default),
 * each page in the shard its path hashes to; the search page merges them (Pagefind's `mergeIndex`). A shard whose
 * pages did not change is not indexed again: it is left in place, or copied from the cache. So a change to one
 * document re-indexes one shard, and indexing holds one shard in memory at a time. A site below the shard size has
 * one index in `/pagefind/`, as Pagefind makes it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';

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

/** Which shard a page belongs to: stable as long as the number of shards is. */
function shardOf(file: string, shards: number): number {
  return shards === 1 ? 0 : createHash('sha1').update(file).digest().readUInt32BE(0) % shards;
}

interface Page {
  file: string;
  html: Buffer;
}

/** Every page Pagefind would index (files read in parallel, in batches). */
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

/** Indexes one shard's pages into `outputPath`, with a Pagefind process of its own (closed after, memory freed). */
async function indexShard(pages: Page[], outputPath: string): Promise<void> {
  await rm(outputPath, { recursive: true, force: true });
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  check('start', created.errors);
  const index = created.index!;
  try {
    for (const page of pages) {
      const url = `/${page.file.split(path.sep).join('/').replace(/index\.html$/, '')}`;
      const added = await index.addHTMLFile({ url, content: page.html.toString('utf8') });
      check(`index ${page.file}`, added.errors);
    }
    const written = await index.writeFiles({ outputPath });
    check(`write ${outputPath}`, written.errors);
  } finally {
    await pagefind.close();
  }
}

export async function buildSearchIndex(siteDir: string, cacheDir?: string): Promise<IndexSummary> {
  const pages = await indexedPages(siteDir);
  const shards = Math.max(1, Math.ceil(pages.length / shardPages()));
  const groups: Page[][] = Array.from({ length: shards }, () => []);
  for (const page of pages) groups[shardOf(page.file, shards)]!.push(page);
  const cacheRoot = cacheDir ? path.join(cacheDir, 'knowledge-pagefind') : undefined;
  let indexed = 0;
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
    await indexShard(groups[i]!, output);
    await writeFile(path.join(output, DIGEST_FILE), digest);
    indexed++;
    if (cached) {
      await mkdir(cacheRoot!, { recursive: true });
      await copyTree(output, cached);
    }
  }
  // Shards of a larger site than this one are gone.
  for (const name of await readdir(siteDir)) {
    const m = /^pagefind-(\d+)$/.exec(name);
    if (m && Number(m[1]) >= shards) await rm(path.join(siteDir, name), { recursive: true, force: true });
  }
  const others = Array.from({ length: shards - 1 }, (_, k) => `/${shardFolder(k + 1)}/`);
  await writeFile(path.join(siteDir, shardFolder(0), SHARDS_FILE), `${JSON.stringify({ shards: others })}\n`);
  return { pages: pages.length, shards, indexed, outputPath: path.join(siteDir, 'pagefind'), reused: indexed === 0 };
}
