/**
 * Which output a build may start from. Astro's incremental build reuses a page whose cacheKey is unchanged and
 * whose file is already in the output folder. Our staging folder starts as links to the last good output (see
 * staging.ts), so that output must be exactly what Astro's cache last recorded: a marker in the output names the
 * build that made it, and a token in Astro's cache names the last build that completed with that cache. A build
 * removes the token when it starts and writes both when it has passed, so after a failed or killed build (whose
 * renders the cache recorded but the output never got) the two differ, and the next build starts empty, taking
 * unchanged pages from Astro's cache instead.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const MARKER = '.knowledge-build.json';
const TOKEN = 'knowledge-last-build.json';

/** What must match between the previous build and this one for its output to be started from. */
export interface BuildIdentity {
  audience: string;
  cacheDir: string;
}

/** The marker holds a hash, not the identity: the folder is published, and the cache path is nobody's business. */
const fingerprint = (identity: BuildIdentity, buildId: string) =>
  createHash('sha256')
    .update(JSON.stringify([identity.audience, identity.cacheDir, buildId]))
    .digest('hex');

const readBuild = (file: string) => {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { build?: string }).build;
  } catch {
    return undefined;
  }
};

/** True when `outDir` holds the site of the last build that completed with this Astro cache and audience. */
export function canKeepOutput(outDir: string, identity: BuildIdentity): boolean {
  const token = readBuild(path.join(identity.cacheDir, TOKEN));
  return token !== undefined && readBuild(path.join(outDir, MARKER)) === token;
}

/** A build has started with this cache: until it completes, no output matches it. */
export function forgetBuild(identity: BuildIdentity): void {
  rmSync(path.join(identity.cacheDir, TOKEN), { force: true });
}

/** Marks the staged site and the cache as belonging to build `buildId`, once it has passed. */
export function rememberBuild(siteDir: string, identity: BuildIdentity, buildId: string): void {
  const build = `${JSON.stringify({ build: fingerprint(identity, buildId) })}\n`;
  writeFileSync(path.join(siteDir, MARKER), build);
  mkdirSync(identity.cacheDir, { recursive: true });
  writeFileSync(path.join(identity.cacheDir, TOKEN), build);
}

/**
 * Deletes every file under `outDir` that this build did not produce: not among the route outputs Astro reports,
 * not written since `since` (assets, our own files), and not in the search index's folders (each rebuilt or kept
 * as a whole). Empty folders go too. Returns the files deleted, relative to `outDir`.
 */
export function pruneStaleOutput(outDir: string, produced: Set<string>, since: number): string[] {
  const deleted: string[] = [];
  const walk = (rel: string): boolean => {
    const abs = path.join(outDir, rel);
    let empty = true;
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? path.join(rel, e.name) : e.name;
      if (!rel && (/^pagefind(-\d+)?$/.test(e.name) || e.name === MARKER)) {
        empty = false;
        continue;
      }
      if (e.isDirectory()) {
        if (walk(childRel)) rmdirSync(path.join(outDir, childRel));
        else empty = false;
        continue;
      }
      const file = path.join(outDir, childRel);
      if (produced.has(file) || statSync(file).mtimeMs >= since) {
        empty = false;
        continue;
      }
      rmSync(file, { force: true });
      deleted.push(childRel.split(path.sep).join('/'));
    }
    return empty;
  };
  if (existsSync(outDir)) walk('');
  return deleted;
}
