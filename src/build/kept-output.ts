/**
 * Keeping the output folder between incremental builds. Astro empties `outDir` before each build and then copies
 * every unchanged page back from its cache: at 10,000 pages that is seconds of deleting and copying files that end
 * up as they were. When the previous build into this folder finished for the same audience and cache, we keep the
 * folder: unchanged pages stay where they are, and afterwards every file this build did not produce is deleted,
 * so a page whose document vanished cannot survive. A marker written only after a build fully succeeds (leak
 * guard and strict mode included) says which build the folder holds; it is removed when a build starts.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

export const MARKER = '.knowledge-build.json';

/** What must match between the previous build and this one for the folder to be kept. */
export interface BuildIdentity {
  audience: string;
  cacheDir: string;
}

/** The marker holds a hash, not the identity: the folder is published, and the cache path is nobody's business. */
const fingerprint = (identity: BuildIdentity) => createHash('sha256').update(JSON.stringify([identity.audience, identity.cacheDir])).digest('hex');

export function canKeepOutput(outDir: string, identity: BuildIdentity): boolean {
  try {
    const previous = JSON.parse(readFileSync(path.join(outDir, MARKER), 'utf8')) as { build?: string };
    return previous.build === fingerprint(identity);
  } catch {
    return false;
  }
}

export function forgetBuild(outDir: string): void {
  rmSync(path.join(outDir, MARKER), { force: true });
}

export function rememberBuild(outDir: string, identity: BuildIdentity): void {
  writeFileSync(path.join(outDir, MARKER), `${JSON.stringify({ build: fingerprint(identity) })}\n`);
}

/**
 * Deletes every file under `outDir` that this build did not produce: not among the route outputs Astro reports,
 * not written since `since` (assets, our own files), and not in the search index's folders (each rebuilt or kept
 * as a whole), nor `writtenLater` (top-level files written after this, such as the sitemap). Empty folders go too. Returns the files deleted, relative to `outDir`.
 */
export function pruneStaleOutput(outDir: string, produced: Set<string>, since: number, writtenLater: string[] = []): string[] {
  const deleted: string[] = [];
  const walk = (rel: string): boolean => {
    const abs = path.join(outDir, rel);
    let empty = true;
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? path.join(rel, e.name) : e.name;
      if (!rel && (/^pagefind(-\d+)?$/.test(e.name) || e.name === MARKER || writtenLater.includes(e.name))) { empty = false; continue; }
      if (e.isDirectory()) {
        if (walk(childRel)) rmdirSync(path.join(outDir, childRel));
        else empty = false;
        continue;
      }
      const file = path.join(outDir, childRel);
      if (produced.has(file) || statSync(file).mtimeMs >= since) { empty = false; continue; }
      rmSync(file, { force: true });
      deleted.push(childRel.split(path.sep).join('/'));
    }
    return empty;
  };
  if (existsSync(outDir)) walk('');
  return deleted;
}
