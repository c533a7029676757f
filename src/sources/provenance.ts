/**
 * Who last changed each file and when it was first added, from one `git log` pass per repository.
 */
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
  /** Date of the oldest commit that touched the file (when it was added). */
  firstAdded: string;
}

/**
 * Walks history from `rev` (newest first) and returns, for every path under `pathspec`,
 * its last commit and the date it was first added. Paths are relative to the repository root.
 */
export async function fileHistories(gitDir: string, rev: string, pathspec?: string): Promise<Map<string, FileHistory>> {
  const args = ['log', '--no-renames', '--no-ext-diff', '--no-textconv', '--format=%x1e%H%x1f%aI%x1f%an', '--name-only', rev];
  if (pathspec) args.push('--', pathspec);
  const out = await git(args, gitDir);
  const result = new Map<string, FileHistory>();
  for (const record of out.split('\x1e')) {
    if (!record.trim()) continue;
    const [header, ...names] = record.split('\n');
    const [sha, date, author] = header!.split('\x1f');
    const info: CommitInfo = { sha: sha!, date: date!, author: author! };
    for (const name of names) {
      if (!name) continue;
      const seen = result.get(name);
      if (seen) seen.firstAdded = info.date;
      else result.set(name, { last: info, firstAdded: info.date });
    }
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
