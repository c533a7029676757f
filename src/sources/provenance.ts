/**
 * Who last changed each file and when it was first added (following renames, marking imports), from one
 * `git log` pass per repository.
 */
import { randomBytes } from 'node:crypto';
import { git } from './git.ts';

export interface CommitInfo {
  sha: string;
  /** ISO date of the commit (author date). */
  date: string;
  author: string;
}

export interface FileHistory {
  /** The newest commit that touched the file. */
  last: CommitInfo;
  /** Date of the oldest commit that touched the file, following renames (when it was added). */
  firstAdded: string;
  /**
   * How many files the commit that added this one added at once, when it added IMPORT_MIN_FILES or more: an
   * import, whose date says when the files were moved here, not when they were written. 0 otherwise.
   */
  firstAddedInImport: number;
  /** The commit that added the file (under its first name) and how many files it added; unknown in a shallow history. */
  addedBy?: { sha: string; files: number };
}

/** A commit adding at least this many files is an import: its date is uncertain for each of them. */
export const IMPORT_MIN_FILES = 20;

/**
 * Walks history from `rev` (newest first) in one `git log` and returns, for every path under `pathspec`, its last
 * commit and the date it was first added, following renames back (`git mv old new` keeps the date of `old`).
 * Paths are relative to the repository root.
 */
export async function fileHistories(gitDir: string, rev: string, pathspec?: string): Promise<Map<string, FileHistory>> {
  // NUL-separated names (-z): no C-quoting of `"`, `\`, tabs or newlines. Each commit header starts with a marker
  // made for this run, so that no file name, whatever bytes it holds, can pass for one.
  const marker = `\x1e${randomBytes(8).toString('hex')}`;
  const args = [
    'log',
    '-z',
    '--find-renames',
    '--no-ext-diff',
    '--no-textconv',
    `--format=${marker}%H%x1f%aI%x1f%an`,
    '--name-status',
    rev,
  ];
  if (pathspec) args.push('--', pathspec);
  const out = await git(args, gitDir);
  /** Histories by the path the file has at `rev`. */
  const result = new Map<string, FileHistory>();
  /** The names each file had, as far back as history has been read: a renamed file is tracked under its old name. */
  const tracked = new Map<string, FileHistory>();
  const addedBy = new Map<FileHistory, string>();
  const addedCount = new Map<string, number>();
  let info: CommitInfo | undefined;
  let afterHeader = false;
  /** The status of the entry being read and the names it still needs (1, or 2 for a rename). */
  let status = '';
  let names: string[] = [];
  const entry = (code: string, paths: string[]) => {
    const current = paths.at(-1)!;
    let history = tracked.get(current);
    if (!history) {
      // An older file once at a path whose present file was added later: not this file's history.
      if (result.has(current)) return;
      history = { last: info!, firstAdded: info!.date, firstAddedInImport: 0 };
      result.set(current, history);
      tracked.set(current, history);
    }
    history.firstAdded = info!.date;
    if (code === 'A') {
      tracked.delete(current);
      addedBy.set(history, info!.sha);
      addedCount.set(info!.sha, (addedCount.get(info!.sha) ?? 0) + 1);
    } else if (code === 'R') {
      tracked.delete(current);
      if (!tracked.has(paths[0]!)) tracked.set(paths[0]!, history);
    }
  };
  for (const token of out.split('\0')) {
    if (token.startsWith(marker)) {
      const [sha, date, ...author] = token.slice(marker.length).split('\x1f');
      info = { sha: sha!, date: date!, author: author.join('\x1f') };
      afterHeader = true;
      status = '';
      continue;
    }
    // git puts a newline between a header and the first entry of its commit.
    const text = afterHeader && token.startsWith('\n') ? token.slice(1) : token;
    afterHeader = false;
    if (!info || !text) continue;
    if (!status) {
      status = text[0]!;
      names = [];
      continue;
    }
    names.push(text);
    // A rename or copy names the old path, then the new; every other status one path.
    if ((status === 'R' || status === 'C') && names.length < 2) continue;
    entry(status === 'C' ? 'A' : status, names);
    status = '';
  }
  for (const [history, sha] of addedBy) {
    const files = addedCount.get(sha)!;
    history.addedBy = { sha, files };
    if (files >= IMPORT_MIN_FILES) history.firstAddedInImport = files;
  }
  return result;
}

/** The commit a folder's files were last changed in, for plain-folder sources inside a git repository. */
export async function headCommit(gitDir: string): Promise<CommitInfo | undefined> {
  try {
    const out = await git(['log', '-1', '--format=%H%x1f%aI%x1f%an'], gitDir);
    const [sha, date, author] = out.trim().split('\x1f');
    return sha ? { sha, date: date!, author: author! } : undefined;
  } catch {
    return undefined;
  }
}
