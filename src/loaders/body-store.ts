/**
 * Rendered bodies live in files beside Astro's content store, one per entry digest, not in the store itself.
 * At 10,000 documents the store is a single JavaScript module that every build compiles and parses whole
 * (seconds, and hundreds of MB of heap, more when one character is outside Latin-1); bodies kept out of it
 * are read only for the pages that are rendered, and never for pages reused from the previous build.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kind } from '../schemas/index.ts';

/**
 * The folder of one kind's bodies: `knowledge-bodies/<kind>/` in Astro's cache folder, which our integration
 * learns from Astro's config and passes on as KNOWLEDGE_BODY_DIR.
 */
export function bodyDir(kind: Kind): string {
  const dir = process.env.KNOWLEDGE_BODY_DIR;
  if (!dir) throw new Error('KNOWLEDGE_BODY_DIR is not set: the knowledgeSite() integration sets it from Astro\'s cacheDir; is it listed in astro.config.ts?');
  return path.join(dir, kind);
}

const fileOf = (kind: Kind, digest: string) => path.join(bodyDir(kind), `${digest}.html`);

export function writeBody(kind: Kind, digest: string, html: string): void {
  mkdirSync(bodyDir(kind), { recursive: true });
  writeFileSync(fileOf(kind, digest), html);
}

export function hasBody(kind: Kind, digest: string): boolean {
  return existsSync(fileOf(kind, digest));
}

/** The rendered body of an entry; throws, naming the file and the way out, when the cache lost it. */
export function readBody(kind: Kind, digest: string, label: string): string {
  const file = fileOf(kind, digest);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`The rendered body of ${label} is missing (${file}): the content store and the body files of Astro's cache folder are out of step. Delete Astro's cache folder (it holds ${path.dirname(path.dirname(file))}) and build again.`);
  }
}

/** Deletes the bodies of a kind whose entry is gone or changed: what the store keeps is all there is. */
export function pruneBodies(kind: Kind, keep: Set<string>): number {
  let pruned = 0;
  let names: string[];
  try {
    names = readdirSync(bodyDir(kind));
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!keep.has(name.replace(/\.html$/, ''))) {
      rmSync(path.join(bodyDir(kind), name), { force: true });
      pruned++;
    }
  }
  return pruned;
}
