/**
 * Builds the Pagefind index over the built site. Only document pages are indexed (they carry
 * `data-pagefind-body`). Pagefind's executable indexes each shard (see `pagefindBinary`); a failure stops the
 * build with what Pagefind said.
 *
 * A large site's index is split into shards of at most `KNOWLEDGE_SEARCH_SHARD_PAGES` pages (2,000 by default;
 * at most 16 shards), along the site's folders (see shard-plan.ts); the search page merges them (Pagefind's
 * `mergeIndex`). A shard whose pages did not change is not indexed again: it is left in place, or copied from the
 * cache. So a change to one document re-indexes the shard of its page and of the pages that show it, and indexing
 * holds two shards in memory at a time. A site below the shard size has one index in `/pagefind/`, as Pagefind
 * makes it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { mapBounded } from '../sources/sync.ts';
import { filterTotals } from './filter-totals.ts';
import { planShards, type ShardPlan } from './shard-plan.ts';

export interface IndexSummary {
  pages: number;
  /** How many shards the index has, and how many of them were indexed in this build (the rest were reused). */
  shards: number;
  indexed: number;
  /** Of those, how many were indexed while the pages were still being rendered (see `startEarlyIndex`). */
  indexedEarly: number;
  outputPath: string;
  /** True when no shard was indexed again. */
  reused: boolean;
}

/** The search page reads this (in `/pagefind/`) to find the other shards. */
export const SHARDS_FILE = 'knowledge-shards.json';
/**
 * The search page reads this (in `/pagefind/`) for each filter value's count over the whole site, so that it
 * shows its filters without downloading Pagefind's filter files (about 160 KB at 10,000 documents) up front.
 */
export const FILTERS_FILE = 'knowledge-filters.json';
/** In each shard's folder (and its cached copy): the digest of the pages it was made from. */
const DIGEST_FILE = 'knowledge-shard.digest';

export function shardPages(): number {
  const n = Number(process.env.KNOWLEDGE_SEARCH_SHARD_PAGES);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 2000;
}

/** The folder of shard `i` in the site: the first is Pagefind's usual `pagefind/`. */
export const shardFolder = (i: number) => (i === 0 ? 'pagefind' : `pagefind-${i}`);

/** Reads files of the site (paths relative to it), in parallel batches so that thousands are not all open at once. */
async function readPages(
  siteDir: string,
  files: string[],
  each: (file: string, content: Buffer) => void,
): Promise<void> {
  for (let i = 0; i < files.length; i += 2000) {
    const batch = files.slice(i, i + 2000);
    (await Promise.all(batch.map((f) => readFile(path.join(siteDir, f))))).forEach((content, k) =>
      each(batch[k]!, content),
    );
  }
}

/** Every page Pagefind would index, by its path with `/`. */
async function indexedPages(siteDir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(siteDir, { recursive: true }))
    .filter((f) => f.endsWith('.html') && !/^pagefind(-\d+)?[\\/]/.test(f) && !f.startsWith(`_astro${path.sep}`))
    .sort();
  const pages = new Map<string, Buffer>();
  await readPages(siteDir, files, (file, html) => {
    if (html.includes('data-pagefind-body')) pages.set(file.split(path.sep).join('/'), html);
  });
  return pages;
}

const cp = (args: string[]) =>
  new Promise<void>((resolve, reject) => {
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
 * Pagefind's own executable (the npm package's platform binary, or `PAGEFIND_BINARY_PATH`), run as a process per
 * shard. Measured at 10,000 pages on 2 cores: 11.5-12.7 s for all shards against 17.4-18.4 s through Pagefind's
 * Node API, whose single service process indexed the same shards with the same options.
 */
const PAGEFIND_NAMES = ['pagefind_extended', 'pagefind'];

export function pagefindBinary(): string {
  for (const name of PAGEFIND_NAMES) {
    const set = process.env[`${name.toUpperCase()}_BINARY_PATH`];
    if (set) return set;
  }
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const require = createRequire(import.meta.url);
  const errors: string[] = [];
  for (const name of PAGEFIND_NAMES) {
    const file = `@pagefind/${platform}-${process.arch}/bin/${name}${platform === 'windows' ? '.exe' : ''}`;
    try {
      return require.resolve(file);
    } catch (error) {
      errors.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `No Pagefind executable for ${platform}-${process.arch}: npm installs it with the pagefind package (an optional dependency, @pagefind/${platform}-${process.arch}); set PAGEFIND_BINARY_PATH to use another.\n  ${errors.join('\n  ')}`,
  );
}

/**
 * What Pagefind reads besides the page: the facts of a document's header (`dl.facts`) are left out where they
 * stand, so that excerpts show the body and no label runs into its value ("Levelbeginner"); the document page
 * indexes them apart, spaced (see `facts` in lib/search-record.ts). Part of each shard's digest: a change here
 * indexes every shard again.
 */
const INDEX_OPTIONS = ['--force-language', 'en', '--exclude-selectors', '.doc-header dl.facts'];

function runPagefind(args: string[], cwd: string, onSpawn?: (pid: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(pagefindBinary(), args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        reject(
          new Error(
            `Pagefind failed (${args.join(' ')}):\n  ${`${stderr}\n${stdout}`.trim().split('\n').join('\n  ')}`,
          ),
        );
      else resolve();
    });
    if (child.pid !== undefined) onSpawn?.(child.pid);
  });
}

/**
 * Indexes one shard's pages into `outputPath`. Pagefind reads a folder much faster than it takes files one by one
 * (it parses them in parallel): a shard with a glob is read from the site through it; the pages of a shard
 * without one are linked into a folder of their own first, at their paths in the site. Pagefind runs in the
 * shard's work folder, so that no Pagefind configuration file of the project applies.
 */
async function indexShard(
  siteDir: string,
  shard: ShardPlan,
  outputPath: string,
  workDir: string,
  onSpawn?: (pid: number) => void,
): Promise<void> {
  await rm(outputPath, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
  if (shard.glob) await mkdir(workDir, { recursive: true });
  else await linkPages(siteDir, shard.files, workDir);
  try {
    const site = shard.glob ? ['--site', siteDir, '--glob', shard.glob] : ['--site', workDir];
    await runPagefind([...site, '--output-path', outputPath, ...INDEX_OPTIONS, '--quiet'], workDir, onSpawn);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function linkPages(siteDir: string, files: string[], workDir: string): Promise<void> {
  const made = new Set<string>();
  for (const file of files) {
    const to = path.join(workDir, file);
    const dir = path.dirname(to);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await link(path.join(siteDir, file), to).catch(() => copyFile(path.join(siteDir, file), to));
  }
}

/** The digest of shard `i` of `shards`: its place in the plan, and its pages' paths and contents. */
function shardDigest(shards: number, i: number, files: string[], content: (file: string) => Buffer): string {
  const hash = createHash('sha256').update(`${shards}:${i}:${INDEX_OPTIONS.join(' ')}\0`);
  for (const file of files) hash.update(file).update('\0').update(content(file));
  return hash.digest('hex');
}

/** Where one build keeps and makes its shards. */
interface ShardPlace {
  siteDir: string;
  plan: ShardPlan[];
  /** The cached copies of shards (absent without a cache). */
  cacheRoot?: string;
  /** Where each shard's pages are linked for Pagefind. */
  workRoot: string;
}

function placeOf(siteDir: string, plan: ShardPlan[], cacheDir?: string): ShardPlace {
  return {
    siteDir,
    plan,
    cacheRoot: cacheDir ? path.join(cacheDir, 'knowledge-pagefind') : undefined,
    workRoot: path.join(cacheDir ?? tmpdir(), `knowledge-pagefind-work-${process.pid}`),
  };
}

/**
 * Makes shard `i` with this digest present in the site: left as it is when it is in place, copied from the cache
 * when the cache has it, else indexed by Pagefind (and then cached). Returns whether Pagefind ran.
 */
async function provideShard(
  place: ShardPlace,
  i: number,
  digest: string,
  onSpawn?: (pid: number) => void,
): Promise<boolean> {
  const output = path.join(place.siteDir, shardFolder(i));
  // Unchanged and still in place (an output folder kept from the last build, or indexed while pages rendered).
  if ((await readDigest(output)) === digest && existsSync(path.join(output, 'pagefind-entry.json'))) return false;
  const cached = place.cacheRoot ? path.join(place.cacheRoot, shardFolder(i)) : undefined;
  if (cached && (await readDigest(cached)) === digest) {
    await copyTree(cached, output);
    return false;
  }
  await indexShard(place.siteDir, place.plan[i]!, output, path.join(place.workRoot, shardFolder(i)), onSpawn);
  await writeFile(path.join(output, DIGEST_FILE), digest);
  if (cached) {
    await mkdir(place.cacheRoot!, { recursive: true });
    await copyTree(output, cached);
  }
  return true;
}

/** Indexing started while pages are still being rendered; `buildSearchIndex` takes over what it made. */
export interface EarlyIndex {
  /** Stops looking for finished shards and waits for the one being indexed. */
  stop(): Promise<void>;
  /** The shards Pagefind indexed early, by folder name and digest. */
  readonly indexed: Map<string, string>;
}

/** How often the early indexer looks for shards whose pages are all written. */
const POLL_MS = 250;

/**
 * A cold build renders pages for tens of seconds on one core (Astro's rendering is single-threaded) while the
 * other cores wait. Given the document pages the build will write (from the content layer), this indexes each
 * shard as soon as all its pages exist, one shard at a time and at a lower priority than the build, so that the
 * search index is mostly made when the last page is written.
 *
 * It is speculative and cannot make a wrong index: a shard is recorded with the digest of its pages as read before
 * Pagefind ran, and `buildSearchIndex` indexes again every shard whose pages, once the build is done, are not
 * exactly those. Only for a build into an emptied output folder, where each page is written once (a page being
 * rewritten while Pagefind reads it could otherwise match its digest afterwards), and only with two shards or more.
 */
export function startEarlyIndex(siteDir: string, pages: string[], cacheDir?: string): EarlyIndex {
  const plan = planShards(pages, shardPages());
  const indexed = new Map<string, string>();
  if (plan.length < 2) return { stop: async () => {}, indexed };
  const place = placeOf(siteDir, plan, cacheDir);
  const cursors = plan.map(() => 0);
  const complete = new Set<number>();
  const started = new Set<number>();
  let running: Promise<void> | undefined;
  let stopped = false;

  const indexEarly = async (i: number) => {
    const files = plan[i]!.files;
    const contents = new Map<string, Buffer>();
    await readPages(siteDir, files, (file, content) => contents.set(file, content));
    const digest = shardDigest(plan.length, i, files, (f) => contents.get(f)!);
    contents.clear();
    const ran = await provideShard(place, i, digest, (pid) => {
      try {
        setPriority(pid, 10);
      } catch {
        /* not allowed here: it runs at the build's priority */
      }
    });
    if (ran) indexed.set(shardFolder(i), digest);
  };

  const tick = () => {
    if (stopped || running) return;
    for (let i = 0; i < plan.length; i++) {
      if (started.has(i)) continue;
      const files = plan[i]!.files;
      while (cursors[i]! < files.length && existsSync(path.join(siteDir, files[cursors[i]!]!))) cursors[i]!++;
      if (cursors[i]! < files.length) continue;
      // All its pages exist: start on the next look, so that the last one written is complete.
      if (!complete.has(i)) {
        complete.add(i);
        continue;
      }
      started.add(i);
      // A failure here is not reported: the shard is indexed again at the end, where a failure stops the build.
      running = indexEarly(i)
        .catch(() => {})
        .finally(() => {
          running = undefined;
        });
      return;
    }
  };
  const timer = setInterval(tick, POLL_MS);
  timer.unref();
  return {
    indexed,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await rm(place.workRoot, { recursive: true, force: true });
    },
  };
}

export async function buildSearchIndex(siteDir: string, cacheDir?: string, early?: EarlyIndex): Promise<IndexSummary> {
  const pages = await indexedPages(siteDir);
  if (pages.size === 0) {
    // Nothing to search (a public build before anything is public): no index, and none kept from a last build.
    for (const name of await readdir(siteDir))
      if (/^pagefind(-\d+)?$/.test(name)) await rm(path.join(siteDir, name), { recursive: true, force: true });
    return {
      pages: 0,
      shards: 0,
      indexed: 0,
      indexedEarly: 0,
      outputPath: path.join(siteDir, 'pagefind'),
      reused: false,
    };
  }
  const plan = planShards([...pages.keys()], shardPages());
  const shards = plan.length;
  const place = placeOf(siteDir, plan, cacheDir);
  const digests = plan.map((shard, i) => shardDigest(shards, i, shard.files, (f) => pages.get(f)!));
  // Shards indexed while the pages were rendered, from exactly these pages.
  const indexedEarly = digests.filter((d, i) => early?.indexed.get(shardFolder(i)) === d).length;
  let indexed = 0;
  // Two shards at a time: one does not keep both cores of a small CI machine busy.
  try {
    await mapBounded(
      digests.map((digest, i) => ({ digest, i })),
      2,
      async ({ digest, i }) => {
        if (await provideShard(place, i, digest)) indexed++;
      },
    );
  } finally {
    await rm(place.workRoot, { recursive: true, force: true });
  }
  // Shards of a larger site than this one are gone.
  for (const name of await readdir(siteDir)) {
    const m = /^pagefind-(\d+)$/.exec(name);
    if (m && Number(m[1]) >= shards) await rm(path.join(siteDir, name), { recursive: true, force: true });
  }
  const others = Array.from({ length: shards - 1 }, (_, k) => `/${shardFolder(k + 1)}/`);
  // Replaced, not written through: the folder may be hard links to the published site's (see build/staging.ts).
  await rm(path.join(siteDir, shardFolder(0), SHARDS_FILE), { force: true });
  await writeFile(path.join(siteDir, shardFolder(0), SHARDS_FILE), `${JSON.stringify({ shards: others })}\n`);
  await rm(path.join(siteDir, shardFolder(0), FILTERS_FILE), { force: true });
  await writeFile(
    path.join(siteDir, shardFolder(0), FILTERS_FILE),
    `${JSON.stringify(filterTotals(pages.values()))}\n`,
  );
  return {
    pages: pages.size,
    shards,
    indexed: indexed + indexedEarly,
    indexedEarly,
    outputPath: path.join(siteDir, 'pagefind'),
    reused: indexed + indexedEarly === 0,
  };
}
