/**
 * Who last changed each file and when it was first added, from one `git log` pass per repository.
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
  /** Date of the oldest commit that touched the file (when it was added). */
  firstAdded: string;
}

/**
 * Walks history from `rev` (newest first) and returns, for every path under `pathspec`,
 * its last commit and the date it was first added. Paths are relative to the repository root.
 */
export async function fileHistories(gitDir: string, rev: string, pathspec?: string): Promise<Map<string, FileHistory>> {
  // NUL-separated names (-z): no C-quoting of `"`, `\`, tabs or newlines. Each commit header starts with a marker
  // made for this run, so that no file name, whatever bytes it holds, can pass for one.
  const marker = `\x1e${randomBytes(8).toString('hex')}`;
  const args = [
    'log',
    '-z',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    `--format=${marker}%H%x1f%aI%x1f%an`,
    '--name-only',
    rev,
  ];
  if (pathspec) args.push('--', pathspec);
  const out = await git(args, gitDir);
  const result = new Map<string, FileHistory>();
  let info: CommitInfo | undefined;
  let afterHeader = false;
  for (const token of out.split('\0')) {
    if (token.startsWith(marker)) {
      const [sha, date, ...author] = token.slice(marker.length).split('\x1f');
      info = { sha: sha!, date: date!, author: author.join('\x1f') };
      afterHeader = true;
      continue;
    }
    // git puts a newline between a header and the first name of its commit.
    const name = afterHeader && token.startsWith('\n') ? token.slice(1) : token;
    afterHeader = false;
    if (!name || !info) continue;
    const seen = result.get(name);
    if (seen) seen.firstAdded = info.date;
    else result.set(name, { last: info, firstAdded: info.date });
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
