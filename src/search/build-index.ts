/**
 * Builds the Pagefind index over the built site. Only document pages are indexed (they carry
 * `data-pagefind-body`). Pagefind's Node API returns errors instead of throwing: every response is checked.
 * When no indexed page changed since the last build, the previous index is copied from the cache instead.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';

export interface IndexSummary {
  pages: number;
  outputPath: string;
  /** True when the index was copied from the previous build. */
  reused: boolean;
}

function check(step: string, errors: string[] | undefined): void {
  if (errors && errors.length) throw new Error(`Pagefind failed to ${step}:\n  ${errors.join('\n  ')}`);
}

/** A digest of every page Pagefind would index, and how many there are (files read in parallel). */
async function indexedPagesDigest(siteDir: string): Promise<{ digest: string; pages: number }> {
  const hash = createHash('sha256');
  let pages = 0;
  const files = (await readdir(siteDir, { recursive: true }))
    .filter((f) => f.endsWith('.html') && !f.startsWith(`pagefind${path.sep}`) && !f.startsWith(`_astro${path.sep}`))
    .sort();
  for (let i = 0; i < files.length; i += 2000) {
    const batch = files.slice(i, i + 2000);
    const contents = await Promise.all(batch.map((f) => readFile(path.join(siteDir, f))));
    contents.forEach((html, k) => {
      if (!html.includes('data-pagefind-body')) return;
      pages++;
      hash.update(batch[k]!).update('\0').update(html);
    });
  }
  return { digest: hash.digest('hex'), pages };
}

const cp = (args: string[]) => new Promise<void>((resolve, reject) => {
  execFile('cp', args, (error) => (error ? reject(error) : resolve()));
});

/**
 * Copies a folder of many small files with the system cp (many times faster than fs.cp here): as hard links
 * when both sides are on one file system (Pagefind never rewrites a file in place: a new index is a new folder),
 * else as copies.
 */
async function copyTree(from: string, to: string): Promise<void> {
  try {
    await cp(['-Rl', from, to]);
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(['-R', from, to]);
  }
}

/**
 * `keptOutput`: the site folder still holds the last successful build's files (see build/kept-output.ts), so an
 * unchanged index is already in place and need not be copied.
 */
export async function buildSearchIndex(siteDir: string, cacheDir?: string, keptOutput = false): Promise<IndexSummary> {
  const outputPath = path.join(siteDir, 'pagefind');
  const cached = cacheDir ? path.join(cacheDir, 'knowledge-pagefind') : undefined;
  const { digest, pages } = await indexedPagesDigest(siteDir);
  if (cached) {
    const previous = await readFile(path.join(cached, 'pages.digest'), 'utf8').catch(() => '');
    if (previous === digest) {
      if (keptOutput && existsSync(path.join(outputPath, 'pagefind-entry.json'))) return { pages, outputPath, reused: true };
      await rm(outputPath, { recursive: true, force: true });
      await copyTree(path.join(cached, 'pagefind'), outputPath);
      return { pages, outputPath, reused: true };
    }
  }
  // A new index replaces the old one whole: no fragment of a vanished page may stay downloadable.
  await rm(outputPath, { recursive: true, force: true });
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  check('start', created.errors);
  const index = created.index!;
  try {
    const added = await index.addDirectory({ path: siteDir });
    check(`index ${siteDir}`, added.errors);
    const written = await index.writeFiles({ outputPath });
    check(`write ${outputPath}`, written.errors);
  } finally {
    await pagefind.close();
  }
  if (cached) {
    await rm(cached, { recursive: true, force: true });
    await mkdir(cached, { recursive: true });
    await copyTree(outputPath, path.join(cached, 'pagefind'));
    await writeFile(path.join(cached, 'pages.digest'), digest);
  }
  return { pages, outputPath, reused: false };
}
