/**
 * A build writes its site into a staging folder of its own and puts it in place only when it has passed (pages,
 * search index, leak guard, strict mode). A failed or killed build leaves the output folder as it was: the last
 * good site, or nothing. Unchanged pages are not copied: the staging folder starts as hard links to the last good
 * output, and a page about to be rendered again is unlinked first, so that writing it never touches the
 * published file (the search index replaces its files too, never writing into one: see search/build-index.ts).
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { alive } from '../sources/cache-lock.ts';

/** Top-level entries of an output folder that a build makes anew, never taken from the last one. */
const MADE_ANEW = /^(_astro|\.knowledge-build\.json|sitemap[\w-]*\.xml|\.prerender)$/;

export interface Staged {
  linked: number;
  copied: number;
}

/** Fills the (new, empty) staging folder from the last good output: hard links, or copies across file systems. */
export function stageFromPrevious(outDir: string, stagingDir: string): Staged {
  const counts: Staged = { linked: 0, copied: 0 };
  let canLink = true;
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(outDir, rel), { withFileTypes: true })) {
      if (!rel && MADE_ANEW.test(e.name)) continue;
      const childRel = path.join(rel, e.name);
      const from = path.join(outDir, childRel);
      const to = path.join(stagingDir, childRel);
      if (e.isDirectory()) {
        mkdirSync(to, { recursive: true });
        walk(childRel);
      } else if (e.isFile()) {
        if (canLink) {
          try {
            linkSync(from, to);
            counts.linked++;
            continue;
          } catch (error) {
            // Another file system, or one without hard links: copy from here on.
            if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? ''))
              throw error;
            canLink = false;
          }
        }
        copyFileSync(from, to);
        counts.copied++;
      }
    }
  };
  mkdirSync(stagingDir, { recursive: true });
  if (existsSync(outDir)) walk('');
  return counts;
}

/**
 * The files a request's page may be written to, for a site built with `build.format: 'directory'`: unlinked
 * before Astro writes, so that a page linked from the last output is replaced, not overwritten in place.
 */
export function unlinkOutputOf(stagingDir: string, pathname: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = pathname;
  }
  const at = path.join(stagingDir, path.normalize(decoded));
  if (!at.startsWith(stagingDir + path.sep) && at !== stagingDir) return;
  // Every page passes here: look before unlinking rather than throw for the two names that are not there.
  for (const file of [path.join(at, 'index.html'), at, `${at}.html`]) {
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) rmSync(file);
  }
}

/** File operations, replaceable in tests (a rename across file systems fails with EXDEV). */
export interface MoveOps {
  rename(from: string, to: string): void;
}

const nodeOps: MoveOps = { rename: renameSync };

const crossesDevices = (error: unknown) =>
  ['EXDEV', 'EPERM', 'EBUSY', 'ENOTEMPTY', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Puts the staging folder in place of `outDir`. The new site is first moved beside `outDir` (a rename, or a copy
 * when they are on different file systems), then the two are swapped by renames, so that `outDir` holds either
 * the old site or the new one, apart from the instant between the two renames. An `outDir` that cannot be renamed
 * (a mount point) has its entries replaced one by one instead. Returns how the new site got there.
 */
export function publishStaging(
  stagingDir: string,
  outDir: string,
  id: string,
  ops: MoveOps = nodeOps,
): 'renamed' | 'copied' {
  const parent = path.dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const incoming = path.join(parent, `.${path.basename(outDir)}.incoming-${id}`);
  const old = path.join(parent, `.${path.basename(outDir)}.old-${id}`);
  let how: 'renamed' | 'copied' = 'renamed';
  try {
    ops.rename(stagingDir, incoming);
  } catch (error) {
    if (!crossesDevices(error)) throw error;
    rmSync(incoming, { recursive: true, force: true });
    cpSync(stagingDir, incoming, { recursive: true });
    rmSync(stagingDir, { recursive: true, force: true });
    how = 'copied';
  }
  try {
    if (existsSync(outDir)) ops.rename(outDir, old);
    ops.rename(incoming, outDir);
  } catch (error) {
    if (!crossesDevices(error)) throw error;
    if (existsSync(old) && !existsSync(outDir)) ops.rename(old, outDir);
    // Replace what is inside instead: the folder itself stays.
    mkdirSync(outDir, { recursive: true });
    for (const name of readdirSync(outDir)) rmSync(path.join(outDir, name), { recursive: true, force: true });
    for (const name of readdirSync(incoming)) {
      try {
        ops.rename(path.join(incoming, name), path.join(outDir, name));
      } catch {
        cpSync(path.join(incoming, name), path.join(outDir, name), { recursive: true });
      }
    }
  }
  rmSync(old, { recursive: true, force: true });
  rmSync(incoming, { recursive: true, force: true });
  return how;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes what killed builds left: staging folders and working files in `workDir`, and half-swapped folders beside
 * `outDir`, whose build (the process id ending their name) no longer runs, or that are over a day old (process
 * ids repeat across containers that restore one cache). Returns what was deleted.
 */
export function cleanAbandoned(workDir: string, outDir: string, isAlive: (pid: number) => boolean = alive): string[] {
  const gone: string[] = [];
  const sweep = (dir: string, pattern: RegExp) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const m = pattern.exec(name);
      if (!m) continue;
      const old = Date.now() - (statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0) > DAY_MS;
      if (!old && m[1] !== String(process.pid) && isAlive(Number(m[1]))) continue;
      rmSync(path.join(dir, name), { recursive: true, force: true });
      gone.push(path.join(dir, name));
    }
  };
  sweep(workDir, /^(?:staging|leak-canaries|document-pages)-[a-z0-9]+-(\d+)(?:\.json)?$/);
  const base = path.basename(outDir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  sweep(path.dirname(outDir), new RegExp(`^\\.${base}\\.(?:incoming|old)-[a-z0-9]+-(\\d+)$`));
  return gone;
}
