/**
 * Syncs every configured source (bounded concurrency) and lists the files each one contributes,
 * with a digest per file (the git blob id) and its history for the provenance footer.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Problem } from '../lib/problems.ts';
import type { SitesConfig, SourceConfig } from './config.ts';
import { BlobReader, git } from './git.ts';
import { withCacheLock, type CacheLockOptions } from './cache-lock.ts';
import { removeStalePartials, syncRepo } from './git-sync.ts';
import { fileHistories, type FileHistory } from './provenance.ts';
import { redactText, redactUrl } from './redact-url.ts';

export interface SyncedFile {
  /** Path inside the repository (or folder), with `/` separators. */
  path: string;
  /** Git blob id of the content: a free content digest. */
  blob: string;
  size: number;
  history?: FileHistory;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface SyncedSource {
  config: SourceConfig;
  /** The commit built from; undefined for a plain folder outside any repository. */
  commit?: string;
  /** The repository as shown to people (never with credentials). */
  repoDisplay: string;
  /** A web link to the repository when one is known. */
  webUrl?: string;
  /** Where files are read from: a bare clone (`git`) or a folder. */
  gitDir?: string;
  folder?: string;
  /** Identifies the repository, so that relative links between sources of one repository resolve. */
  repoKey: string;
  /** Where the source's files sit inside that repository (`''` for a whole repository, `content/katas` for a folder). */
  repoPrefix: string;
  files: SyncedFile[];
  /**
   * The repository's (or folder's) other regular files, that the source does not build: link targets, images
   * and metadata beside a document. At most MAX_OTHER_FILES; no history. A folder's have no blob id (read by path).
   */
  others: SyncedFile[];
  skipped: SkippedFile[];
  warnings: string[];
  action: string;
}

/** The files a source left out (binary, too large, a link), as warnings of the build report. */
export function skippedFileProblems(source: SyncedSource): Problem[] {
  return source.skipped.map((sk) => ({
    severity: 'warning',
    code: 'skipped-file',
    source: source.config.name,
    path: sk.path,
    message: `skipped: ${sk.reason}`,
  }));
}

export interface SyncResult {
  sources: SyncedSource[];
  /** Sources that could not be synced at all. */
  failures: Array<{ source: string; message: string }>;
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** The id git gives a blob with these bytes. */
export function blobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function matcher(source: SourceConfig): (p: string) => boolean {
  const opts = { dot: false };
  const inc = picomatch(source.include, opts);
  const exc = source.exclude.length ? picomatch(source.exclude, opts) : () => false;
  // picomatch's patterns stop at line breaks; a name holding one must still be matched (and then named) like any other.
  return (name) => {
    const p = name.replace(/[\r\n\u2028\u2029]/g, '\ufffd');
    return inc(p) && !exc(p);
  };
}

function webUrlOf(source: SourceConfig): string | undefined {
  if (source.web_url) return redactUrl(source.web_url);
  if (/^https?:\/\//.test(source.repo)) return redactUrl(source.repo).replace(/\.git$/, '');
  return undefined;
}

/** Byte limits of common file systems: a name (one path part) and a whole path. */
const MAX_PART_BYTES = 255;
const MAX_PATH_BYTES = 4000;

/**
 * Why a repository path cannot become a file path (the MDX cache, the pages), or undefined when it can.
 * Git objects allow any of these, since nothing is checked out.
 */
export function unusablePath(p: string): string | undefined {
  const parts = p.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) {
    return 'a path with a "." or ".." part, which would leave the repository; git never checks such a path out';
  }
  const long = parts.find((part) => Buffer.byteLength(part) > MAX_PART_BYTES);
  if (long) {
    return `a path too long for a file system: its part "${long.slice(0, 30)}…" is ${Buffer.byteLength(long)} bytes, over the limit of ${MAX_PART_BYTES} per part; rename it`;
  }
  const bytes = Buffer.byteLength(p);
  if (bytes > MAX_PATH_BYTES)
    return `a path too long for a file system: ${bytes.toLocaleString('en')} bytes, over the limit of ${MAX_PATH_BYTES.toLocaleString('en')}; shorten it`;
  return undefined;
}

/** Other files of a repository listed at the most: enough for any docs site, bounded for a hostile one. */
export const MAX_OTHER_FILES = 100_000;

async function listGitTree(gitDir: string, commit: string, source: SourceConfig, maxBytes: number) {
  const out = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', commit], gitDir);
  const wanted = matcher(source);
  const files: SyncedFile[] = [];
  const others: SyncedFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of out.split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, type, sha, size] = entry.slice(0, tab).split(/\s+/);
    const p = entry.slice(tab + 1);
    if (!wanted(p)) {
      if (type === 'blob' && mode !== '120000' && others.length < MAX_OTHER_FILES && !unusablePath(p))
        others.push({ path: p, blob: sha!, size: Number(size) });
      continue;
    }
    const unusable = unusablePath(p);
    if (unusable) skipped.push({ path: p, reason: unusable });
    else if (mode === '120000') skipped.push({ path: p, reason: 'a symbolic link; links are not followed' });
    else if (type !== 'blob') continue;
    else if (Number(size) > maxBytes)
      skipped.push({
        path: p,
        reason: `${Number(size).toLocaleString('en')} bytes, over the limit of ${maxBytes.toLocaleString('en')} (max_file_bytes)`,
      });
    else files.push({ path: p, blob: sha!, size: Number(size) });
  }
  return { files, others, skipped };
}

async function walkFolder(root: string, source: SourceConfig, maxBytes: number) {
  const wanted = matcher(source);
  const realRoot = await realpath(root);
  const files: SyncedFile[] = [];
  const others: SyncedFile[] = [];
  const skipped: SkippedFile[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(root, p);
      if (e.isDirectory()) {
        await walk(p);
        continue;
      }
      if (!wanted(p)) {
        if (e.isFile() && others.length < MAX_OTHER_FILES && !unusablePath(p))
          others.push({ path: p, blob: '', size: (await lstat(abs)).size });
        continue;
      }
      const unusable = unusablePath(p);
      if (unusable) {
        skipped.push({ path: p, reason: unusable });
        continue;
      }
      if (e.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => undefined);
        if (!target || !(target + path.sep).startsWith(realRoot + path.sep)) {
          skipped.push({ path: p, reason: 'a symbolic link pointing outside the source; not followed' });
          continue;
        }
        if (!(await lstat(target)).isFile()) continue;
      } else if (!e.isFile()) continue;
      const bytes = await readFile(abs);
      if (bytes.length > maxBytes) {
        skipped.push({
          path: p,
          reason: `${bytes.length.toLocaleString('en')} bytes, over the limit of ${maxBytes.toLocaleString('en')} (max_file_bytes)`,
        });
        continue;
      }
      files.push({ path: p, blob: blobId(bytes), size: bytes.length });
    }
  }
  await walk('');
  return { files, others, skipped };
}

async function enclosingRepo(folder: string): Promise<string | undefined> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], folder)).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface SyncOptions {
  concurrency?: number;
  log?: (message: string) => void;
  /** How long to wait for another build's cache lock, and when to think it stale (see withCacheLock). */
  lock?: CacheLockOptions;
}

/** Syncs every source of the configuration; a failing source is reported, the others go on. */
export function syncSources(config: SitesConfig, options: SyncOptions = {}): Promise<SyncResult> {
  // Two builds at once on one cache would fetch into the same clones: the second waits.
  return withCacheLock(
    config.cacheDir,
    (m) => options.log?.(redactText(m)),
    () => syncUnlocked(config, options),
    options.lock,
  );
}

async function syncUnlocked(config: SitesConfig, options: SyncOptions): Promise<SyncResult> {
  // Every message, whatever built it, goes out without credentials.
  const log = (m: string) => options.log?.(redactText(m));
  const failures: SyncResult['failures'] = [];
  const fail = (source: string, error: unknown) =>
    failures.push({ source, message: redactText((error as Error).message) });
  // Under the lock nothing else clones into this cache: what a killed clone left half-way can go.
  for (const name of await removeStalePartials(config.cacheDir))
    log(`removed ${name}, left in the cache by a clone that did not finish`);
  // Several sources may name the same repository: clone it once, resolve all their refs together.
  const byRepo = new Map<string, SourceConfig[]>();
  for (const s of config.sources.filter((s) => s.type === 'git')) {
    byRepo.set(s.location, [...(byRepo.get(s.location) ?? []), s]);
  }
  const repos = await mapBounded([...byRepo.entries()], options.concurrency ?? 8, async ([location, sources]) => {
    const label = sources.map((s) => `"${s.name}"`).join(', ');
    try {
      const refs = [...new Set(sources.map((s) => s.ref ?? ''))];
      return { location, sync: await syncRepo(location, refs, config.cacheDir, label) };
    } catch (error) {
      for (const s of sources) fail(s.name, error);
      return { location, sync: undefined };
    }
  });
  const repoSync = new Map(repos.map((r) => [r.location, r.sync]));
  const histories = new Map<string, Promise<Map<string, FileHistory>>>();
  const historyOf = (gitDir: string, rev: string, pathspec?: string) => {
    const key = `${gitDir}\0${rev}\0${pathspec ?? ''}`;
    if (!histories.has(key))
      histories.set(
        key,
        fileHistories(gitDir, rev, pathspec).catch(() => new Map()),
      );
    return histories.get(key)!;
  };

  let done = 0;
  const progress = (s: SyncedSource | undefined, source: SourceConfig): SyncedSource | undefined => {
    done++;
    if (s) {
      log(
        `source ${done}/${config.sources.length} ${s.config.name}: ${s.action}${s.commit ? ` at ${s.commit.slice(0, 10)}` : ''}, ${s.files.length} file(s) matched${s.skipped.length ? `, ${s.skipped.length} skipped` : ''}`,
      );
      for (const w of s.warnings) log(`warning: ${w}`);
    } else log(`source ${done}/${config.sources.length} ${source.name}: failed`);
    return s;
  };
  const synced = await mapBounded(config.sources, options.concurrency ?? 8, async (source) =>
    progress(await syncOne(source), source),
  );
  async function syncOne(source: SourceConfig): Promise<SyncedSource | undefined> {
    try {
      if (source.type === 'git') {
        const rs = repoSync.get(source.location);
        if (!rs) return undefined;
        const commit = rs.commits.get(source.ref ?? '')!;
        const listing = await listGitTree(rs.gitDir, commit, source, config.max_file_bytes);
        const history = await historyOf(rs.gitDir, commit);
        for (const f of listing.files) f.history = history.get(f.path);
        markImports(listing.files);
        return {
          config: source,
          commit,
          repoDisplay: redactUrl(source.repo),
          webUrl: webUrlOf(source),
          gitDir: rs.gitDir,
          repoKey: `git:${shortHash(source.location)}`,
          repoPrefix: '',
          ...listing,
          warnings: rs.warnings,
          action: rs.action,
        };
      }
      if (!existsSync(source.location)) {
        throw new Error(
          `Source "${source.name}": repo "${source.repo}" does not exist (looked for ${source.location}): expected a git repository, a git bundle (.bundle) or a folder, found nothing there, and the cache ${config.cacheDir} holds no copy of it; correct the path (relative paths start from the sources file's folder) or restore the repository`,
        );
      }
      const listing = await walkFolder(source.location, source, config.max_file_bytes);
      const top = await enclosingRepo(source.location);
      let commit: string | undefined;
      const rootForLinks = top ?? path.dirname(config.file);
      const prefix = path.relative(rootForLinks, source.location).split(path.sep).join('/');
      if (top) {
        const rel = prefix;
        const history = await historyOf(top, 'HEAD', rel || '.');
        for (const f of listing.files) f.history = history.get(rel ? `${rel}/${f.path}` : f.path);
        markImports(listing.files);
        commit = (await git(['rev-parse', 'HEAD'], top).catch(() => '')).trim() || undefined;
      }
      return {
        config: source,
        commit,
        repoDisplay: redactText(path.relative(process.cwd(), source.location) || '.'),
        webUrl: webUrlOf(source),
        folder: source.location,
        repoKey: `folder:${shortHash(rootForLinks)}`,
        repoPrefix: prefix,
        ...listing,
        warnings: [],
        action: 'folder',
      };
    } catch (error) {
      fail(source.name, error);
      return undefined;
    }
  }
  const sources = synced.filter((s): s is SyncedSource => s !== undefined);
  return { sources, failures };
}

/** A source of at least this many documents, half of them added by one commit: that commit is an import. */
const IMPORT_MIN_SOURCE_FILES = 10;

/**
 * Marks as imported the documents a commit added together with half or more of the source's documents (a
 * repository's own import rule, IMPORT_MIN_FILES, is applied by fileHistories). The histories are shared between
 * sources of one repository: the mark is made on a copy.
 */
function markImports(files: SyncedFile[]): void {
  if (files.length < IMPORT_MIN_SOURCE_FILES) return;
  const bySha = new Map<string, number>();
  for (const f of files) {
    const sha = f.history?.addedBy?.sha;
    if (sha) bySha.set(sha, (bySha.get(sha) ?? 0) + 1);
  }
  for (const f of files) {
    const by = f.history?.addedBy;
    if (!by || f.history!.firstAddedInImport || bySha.get(by.sha)! * 2 < files.length) continue;
    f.history = { ...f.history!, firstAddedInImport: by.files };
  }
}

/** Opens a reader for a synced source's files. */
export function openSourceReader(source: SyncedSource): { read(file: SyncedFile): Promise<Buffer>; close(): void } {
  if (source.gitDir) {
    const reader = new BlobReader(source.gitDir);
    return {
      async read(file) {
        const bytes = await reader.read(file.blob);
        if (!bytes) throw new Error(`object ${file.blob} of ${file.path} is missing from the cache`);
        return bytes;
      },
      close: () => reader.close(),
    };
  }
  return { read: (file) => readFile(path.join(source.folder!, file.path)), close() {} };
}
