/**
 * Keeps one bare clone per repository in the cache and resolves each source's ref to a commit.
 * Later builds ask the remote first (`git ls-remote`, once per repository) and fetch only when a ref moved.
 * Files are read from git objects, never from a checkout: no working tree, symbolic links stay blobs.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git, gitOk, type GitRemote } from './git.ts';
import { redactUrl, SCP_LIKE } from './redact-url.ts';

export interface RepoSync {
  /** Absolute path of the bare clone. */
  gitDir: string;
  /** Resolved commit per requested ref (`''` = the remote's default branch). */
  commits: Map<string, string>;
  /** What happened: `cloned`, `fetched`, `up-to-date`, or `offline` (cache used). */
  action: 'cloned' | 'fetched' | 'up-to-date' | 'offline';
  /** Warnings for people (remote unreachable, cache age). */
  warnings: string[];
}

interface CacheState {
  url: string;
  refs: Record<string, { commit: string; syncedAt: string }>;
}

const HEX40 = /^[0-9a-f]{40}$/i;

/** The folder name for a repository in the cache: readable and unique. */
export function repoCacheName(location: string): string {
  // Named after the address without credentials: a rotated token keeps its cache.
  const shown = redactUrl(location);
  const base =
    path
      .basename(shown)
      .replace(/\.(git|bundle)$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .slice(0, 40) || 'repo';
  return `${base}-${createHash('sha256').update(shown).digest('hex').slice(0, 10)}`;
}

/** Parses `git ls-remote --symref` output into ref → sha (peeled tags win) and the default branch. */
export function parseLsRemote(out: string): { refs: Map<string, string>; head?: string } {
  const refs = new Map<string, string>();
  let head: string | undefined;
  for (const line of out.split('\n')) {
    if (!line) continue;
    const sym = /^ref: (\S+)\tHEAD$/.exec(line);
    if (sym) {
      head = sym[1];
      continue;
    }
    const [sha, name] = line.split('\t');
    if (!sha || !name) continue;
    if (name.endsWith('^{}')) refs.set(name.slice(0, -3), sha);
    else if (!refs.has(name)) refs.set(name, sha);
  }
  return { refs, head };
}

/** Finds `ref` among the remote's refs the way git would: full name, branch, tag. */
export function resolveRemoteRef(
  listing: { refs: Map<string, string>; head?: string },
  ref: string,
): { name: string; sha: string } | undefined {
  if (!ref) {
    const sha = listing.refs.get('HEAD');
    if (sha) return { name: listing.head ?? 'HEAD', sha };
    return undefined;
  }
  for (const name of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
    const sha = listing.refs.get(name);
    if (sha) return { name, sha };
  }
  return undefined;
}

/** What git is handed for a source: the address without any password, and the transport it uses. */
export interface Remote extends GitRemote {
  url: string;
  /** True when the address carried a password that ssh cannot use and that was therefore left out. */
  droppedPassword?: boolean;
}

/**
 * An http(s) address without its userinfo; the credential, if any, goes to git as an Authorization header for
 * that host, in the environment of each call only: nothing writes it to the cache (remote.origin.url) or elsewhere.
 */
function httpRemote(protocol: string, location: string): Remote {
  const match = /^([a-z]+:\/\/)([^/?#\s]*)@([^/?#]*)(.*)$/is.exec(location);
  if (!match) return { protocol, url: location };
  const [, scheme, userinfo, host, rest] = match;
  const url = `${scheme}${host}${rest}`;
  const colon = userinfo!.indexOf(':');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const [user, password] =
    colon < 0 ? [decode(userinfo!), ''] : [decode(userinfo!.slice(0, colon)), decode(userinfo!.slice(colon + 1))];
  return {
    protocol,
    url,
    config: [
      // No helper of the operator's may store the credential, or offer another one instead.
      ['credential.helper', ''],
      [
        `http.${scheme}${host}/.extraHeader`,
        `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      ],
    ],
  };
}

/** The transport git uses for `location` (its scheme, `ssh` for scp-like `host:path`, `file` for a local path). */
export function remoteOf(location: string): Remote {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme) {
    const protocol = scheme === 'git+ssh' || scheme === 'ssh+git' ? 'ssh' : scheme;
    if (protocol === 'http' || protocol === 'https') return httpRemote(protocol, location);
    if (protocol !== 'ssh') return { protocol, url: location };
    // ssh needs the user name; a password in an ssh address is never usable.
    const withoutPassword = location.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@:]*):[^/?#]*@/i, '$1$2@');
    return { protocol, url: withoutPassword, droppedPassword: withoutPassword !== location || undefined };
  }
  if (path.isAbsolute(location)) return { protocol: 'file', url: location };
  const scp = SCP_LIKE.exec(location);
  if (scp?.[2] !== undefined) {
    // git would read `user:password@host:path` as host `user` and send it the rest, password included, as a path.
    return {
      protocol: 'ssh',
      url: `${scp[1]}@${location.slice(scp[0].length - scp[3]!.length - 1)}`,
      droppedPassword: true,
    };
  }
  return { protocol: 'ssh', url: location };
}

/** A git error, said plainly when the remote turned down the credential of the URL (git then asks for a user name). */
function refused(remote: Remote, error: unknown): string {
  const message = (error as Error).message;
  if (remote.config && /could not read (Username|Password)|Authentication failed/.test(message)) {
    return `the remote refused the credential given in the URL; check that the token is valid and may read this repository (${message})`;
  }
  return message;
}

async function readState(file: string): Promise<CacheState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CacheState;
  } catch {
    return undefined;
  }
}

async function hasCommit(gitDir: string, sha: string): Promise<boolean> {
  return gitOk(['cat-file', '-e', `${sha}^{commit}`], gitDir);
}

function ageOf(iso: string): string {
  const hours = (Date.now() - Date.parse(iso)) / 3_600_000;
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
}

/**
 * Removes the `<repo>.partial-<pid>` folders that clones killed half-way left in `cacheRoot`; returns their names.
 * Only call it while holding the cache lock: then no other sync runs on this cache, so every partial folder is a
 * leftover, whichever host or process made it (a pid check could not tell a live clone on another host anyway).
 */
export async function removeStalePartials(cacheRoot: string): Promise<string[]> {
  const names = (await readdir(cacheRoot).catch(() => [] as string[])).filter((n) => /\.partial-\d+$/.test(n));
  for (const name of names) await rm(path.join(cacheRoot, name), { recursive: true, force: true });
  return names;
}

/**
 * Brings `location` into `cacheRoot` and resolves every ref in `refs`.
 * `label` names the source(s) in messages.
 */
export async function syncRepo(location: string, refs: string[], cacheRoot: string, label: string): Promise<RepoSync> {
  await mkdir(cacheRoot, { recursive: true });
  const gitDir = path.join(cacheRoot, repoCacheName(location));
  const stateFile = `${gitDir}.json`;
  const shown = redactUrl(location);
  const transport = remoteOf(location);
  let state = await readState(stateFile);
  const warnings: string[] = [];
  if (transport.droppedPassword && transport.protocol === 'ssh') {
    warnings.push(
      `${label}: the address ${shown} carries a password, which ssh cannot use; it was left out (use an ssh key, or an https URL for a token)`,
    );
  }

  // A clone killed half-way or a damaged folder: start again.
  const healthy = existsSync(gitDir) && state !== undefined && (await gitOk(['rev-parse', '--git-dir'], gitDir));
  let action: RepoSync['action'] = 'up-to-date';
  if (!healthy) {
    if (existsSync(gitDir))
      warnings.push(`${label}: the cached copy of ${shown} was damaged or incomplete; cloning it again`);
    await rm(gitDir, { recursive: true, force: true });
    const tmp = `${gitDir}.partial-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    try {
      await git(['clone', '--bare', '--no-tags', '--quiet', '--', transport.url, tmp], undefined, {
        remote: transport,
      });
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw new Error(`Source ${label}: cannot clone ${shown}: ${refused(transport, error)}`);
    }
    await rename(tmp, gitDir);
    state = { url: shown, refs: {} };
    action = 'cloned';
  }

  if (
    healthy &&
    (await git(['config', '--get', 'remote.origin.url'], gitDir).catch(() => '')).trim() !== transport.url
  ) {
    // Caches written before credentials were passed per call kept the token in the URL: rewrite it without.
    await git(['config', 'remote.origin.url', transport.url], gitDir);
  }

  let listing: ReturnType<typeof parseLsRemote> | undefined;
  try {
    listing = parseLsRemote(
      await git(['ls-remote', '--symref', transport.url], gitDir, { timeoutMs: 120_000, remote: transport }),
    );
  } catch (error) {
    const cached = refs.map((r) => state?.refs[r]);
    if (cached.every(Boolean)) {
      for (const [i, r] of refs.entries()) {
        const c = cached[i]!;
        const why =
          transport.protocol === 'file' && path.isAbsolute(location) && !existsSync(location)
            ? 'the path does not exist'
            : (error as Error).message;
        warnings.push(
          `${label}: ${shown} cannot be reached (${why}); building from the cached commit ${c.commit.slice(0, 10)}${r ? ` of ${r}` : ''}, synced ${ageOf(c.syncedAt)} ago`,
        );
      }
      return { gitDir, commits: new Map(refs.map((r, i) => [r, cached[i]!.commit])), action: 'offline', warnings };
    }
    throw new Error(`Source ${label}: cannot reach ${shown} and there is no cached copy: ${refused(transport, error)}`);
  }

  const commits = new Map<string, string>();
  const now = new Date().toISOString();
  for (const ref of refs) {
    let sha: string;
    let fetchName: string;
    const remote = resolveRemoteRef(listing, ref);
    if (remote) {
      sha = remote.sha;
      fetchName = remote.name;
    } else if (HEX40.test(ref)) {
      sha = ref.toLowerCase();
      fetchName = sha;
    } else {
      const known = [...listing.refs.keys()]
        .filter((n) => n.startsWith('refs/heads/') || n.startsWith('refs/tags/'))
        .map((n) => n.replace(/^refs\/(heads|tags)\//, ''))
        .slice(0, 10);
      throw new Error(
        `Source ${label}: ref "${ref}" does not exist in ${shown}${known.length ? ` (it has: ${known.join(', ')})` : ''}`,
      );
    }
    if (!(await hasCommit(gitDir, sha))) {
      try {
        await git(['fetch', '--no-tags', '--quiet', 'origin', fetchName], gitDir, { remote: transport });
      } catch (error) {
        throw new Error(
          `Source ${label}: cannot fetch ${ref || 'the default branch'} from ${shown}: ${refused(transport, error)}`,
        );
      }
      if (!(await hasCommit(gitDir, sha))) {
        throw new Error(`Source ${label}: ref "${ref}" (${sha.slice(0, 10)}) is not a commit of ${shown}`);
      }
      if (action === 'up-to-date') action = 'fetched';
    }
    // Keep the commit reachable so that no clean-up ever drops it.
    await git(
      ['update-ref', `refs/knowledge/${createHash('sha1').update(ref).digest('hex').slice(0, 12)}`, sha],
      gitDir,
    );
    commits.set(ref, sha);
    state!.refs[ref] = { commit: sha, syncedAt: now };
  }
  await writeFile(stateFile, JSON.stringify(state, null, 2));
  return { gitDir, commits, action, warnings };
}
