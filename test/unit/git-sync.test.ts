import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SitesConfig, SourceConfig } from '../../src/sources/config.ts';
import { repoCacheName, syncRepo } from '../../src/sources/git-sync.ts';
import { fileHistories } from '../../src/sources/provenance.ts';
import { openSourceReader, syncSources } from '../../src/sources/sync.ts';
import { createTestRepo, makeTempDir, serveGitHttp, type TestRepo } from '../helpers/git-repo.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const repo = createTestRepo();
  const cache = makeTempDir('knowledge-cache-');
  cleanups.push(
    () => repo.cleanup(),
    () => rmSync(cache, { recursive: true, force: true }),
  );
  return { repo, cache };
}

function configFor(repo: TestRepo, cache: string, sources: Array<Partial<SourceConfig>>): SitesConfig {
  return {
    file: path.join(cache, 'sources.yaml'),
    cacheDir: cache,
    max_file_bytes: 2 * 1024 * 1024,
    site: { title: 'T', base: '/' },
    sources: sources.map(
      (s, i) =>
        ({
          name: `s${i}`,
          repo: repo.url,
          include: ['**/*.md'],
          exclude: [],
          kind: 'postmortem',
          trust: 'markdown',
          defaults: {},
          type: 'git',
          location: repo.url,
          ...s,
        }) as SourceConfig,
    ),
  };
}

describe('git sync', () => {
  it('clones over file://, then sees a new commit, a removed file and a ref change', async () => {
    const { repo, cache } = setup();
    repo.write('pm/a.md', '# A\n');
    repo.write('pm/b.md', '# B\n');
    const first = repo.commit('first', '2024-01-02T10:00:00Z', 'Ana Author');
    let result = await syncSources(configFor(repo, cache, [{}]));
    expect(result.sources[0]!.commit).toBe(first);
    expect(result.sources[0]!.action).toBe('cloned');
    expect(result.sources[0]!.files.map((f) => f.path)).toEqual(['pm/a.md', 'pm/b.md']);
    expect(result.sources[0]!.files[0]!.history).toMatchObject({
      last: { sha: first, author: 'Ana Author' },
      firstAdded: '2024-01-02T10:00:00+00:00',
    });

    repo.write('pm/c.md', '# C\n');
    repo.remove('pm/b.md');
    const second = repo.commit('second', '2024-02-03T10:00:00Z');
    result = await syncSources(configFor(repo, cache, [{}]));
    expect(result.sources[0]!.commit).toBe(second);
    expect(result.sources[0]!.action).toBe('fetched');
    expect(result.sources[0]!.files.map((f) => f.path)).toEqual(['pm/a.md', 'pm/c.md']);
    expect(result.sources[0]!.files[0]!.history?.last.sha).toBe(first);

    result = await syncSources(configFor(repo, cache, [{}]));
    expect(result.sources[0]!.action).toBe('up-to-date');

    repo.git('checkout', '-q', '-b', 'release', first);
    repo.write('pm/release-only.md', '# R\n');
    const rel = repo.commit('release', '2024-03-01T10:00:00Z');
    repo.git('checkout', '-q', 'main');
    result = await syncSources(configFor(repo, cache, [{ ref: 'release' }]));
    expect(result.sources[0]!.commit).toBe(rel);
    expect(result.sources[0]!.files.map((f) => f.path)).toEqual(['pm/a.md', 'pm/b.md', 'pm/release-only.md']);
  });

  it('clones a repository once for several sources, each with its own ref, include and kind', async () => {
    const { repo, cache } = setup();
    repo.write('pm/a.md', '# A\n');
    repo.write('std/s.md', '# S\n');
    const c = repo.commit('one');
    const result = await syncSources(
      configFor(repo, cache, [{ include: ['pm/*.md'] }, { include: ['std/*.md'], kind: 'standard', ref: 'main' }]),
    );
    expect(result.sources.map((s) => s.files.map((f) => f.path))).toEqual([['pm/a.md'], ['std/s.md']]);
    expect(result.sources.map((s) => s.commit)).toEqual([c, c]);
    expect(result.sources[0]!.gitDir).toBe(result.sources[1]!.gitDir);
  });

  it('reads file contents from git objects, and does not list symbolic links', async () => {
    const { repo, cache } = setup();
    repo.write('a.md', '# Hello\n');
    repo.git('config', 'core.symlinks', 'true');
    const { symlinkSync } = await import('node:fs');
    symlinkSync('/etc/passwd', path.join(repo.dir, 'passwd.md'));
    repo.commit('one');
    const result = await syncSources(configFor(repo, cache, [{}]));
    const s = result.sources[0]!;
    expect(s.files.map((f) => f.path)).toEqual(['a.md']);
    expect(s.skipped).toEqual([{ path: 'passwd.md', reason: 'a symbolic link; links are not followed' }]);
    const reader = openSourceReader(s);
    expect((await reader.read(s.files[0]!)).toString()).toBe('# Hello\n');
    reader.close();
  });

  it('keeps the history of files whose names git would quote, and a newline in a name forges no entry', async () => {
    const { repo, cache } = setup();
    // After the newline, what the old line-based parser would take for a commit header, then a file of its own.
    const forged = `pm/evil\n\x1e${'0'.repeat(40)}\x1f2000-01-01T00:00:00+00:00\x1fMallory\nforged.md`;
    const names = ['pm/a"b.md', 'pm/back\\slash.md', 'pm/tab\there.md', 'pm/caf\u00e9.md', forged];
    for (const name of names) repo.write(name, `# ${name.length}\n`);
    const first = repo.commit('add', '2024-01-02T10:00:00Z', 'Ana Author');
    repo.write('pm/a"b.md', '# changed\n');
    repo.write(names[4]!, '# changed\n');
    const second = repo.commit('change', '2024-02-03T10:00:00Z', 'Bob Author');
    const result = await syncSources(configFor(repo, cache, [{}]));
    const files = new Map(result.sources[0]!.files.map((f) => [f.path, f.history]));
    expect([...files.keys()].sort()).toEqual([...names].sort());
    for (const name of names) {
      const changed = name === 'pm/a"b.md' || name === names[4];
      expect(files.get(name), JSON.stringify(name)).toEqual({
        last: changed
          ? { sha: second, date: '2024-02-03T10:00:00+00:00', author: 'Bob Author' }
          : { sha: first, date: '2024-01-02T10:00:00+00:00', author: 'Ana Author' },
        firstAdded: '2024-01-02T10:00:00+00:00',
        firstAddedInImport: 0,
        addedBy: { sha: first, files: names.length },
      });
    }
    const histories = await fileHistories(result.sources[0]!.gitDir!, second);
    expect([...histories.keys()].sort()).toEqual([...names].sort());
    expect(JSON.stringify([...histories.values()])).not.toContain('Mallory');
  });

  it('matches names holding line breaks with folder globs like any other name', async () => {
    const { repo, cache } = setup();
    const names = ['pm/a.md', 'pm/nl-\nx.md', 'pm/cr-\rx.md', 'pm/ls-\u2028x.md'];
    for (const name of names) repo.write(name, '# A\n');
    repo.commit('add');
    const result = await syncSources(configFor(repo, cache, [{ include: ['pm/**'] }]));
    expect(result.sources[0]!.files.map((f) => f.path).sort()).toEqual([...names].sort());
  });

  it('skips, by name, paths no file system can hold or that leave the folder, instead of failing later', async () => {
    const { repo, cache } = setup();
    // Trees made with plumbing: git objects allow these names, a checkout never would.
    const gitIn = (args: string[], input: string) =>
      execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8', input }).trim();
    const blob = gitIn(['hash-object', '-w', '--stdin'], '# Hi\n');
    const tree = (entries: Array<[string, string]>) =>
      gitIn(
        ['mktree'],
        entries
          .map(
            ([name, id]) => `${id.startsWith('tree:') ? `040000 tree ${id.slice(5)}` : `100644 blob ${id}`}\t${name}\n`,
          )
          .join(''),
      );
    const long = `${'x'.repeat(400)}.md`;
    let deep = tree([['deep.md', blob]]);
    for (let i = 0; i < 20; i++) deep = tree([['d'.repeat(200), `tree:${deep}`]]);
    const escape = tree([['escape.md', blob]]);
    const root = tree([
      ['ok.md', blob],
      [
        'pm',
        `tree:${tree([
          [long, blob],
          ['short.md', blob],
        ])}`,
      ],
      ['deep', `tree:${deep}`],
      ['..', `tree:${escape}`],
    ]);
    const commit = gitIn(['commit-tree', root, '-m', 'hostile names'], '');
    repo.git('update-ref', 'refs/heads/main', commit);
    const result = await syncSources(configFor(repo, cache, [{ include: ['**/*.md', '../*.md'] }]));
    expect(result.failures).toEqual([]);
    const s = result.sources[0]!;
    expect(s.files.map((f) => f.path)).toEqual(['ok.md', 'pm/short.md']);
    const deepPath = `deep/${Array(20).fill('d'.repeat(200)).join('/')}/deep.md`;
    expect(s.skipped).toEqual(
      expect.arrayContaining([
        {
          path: `pm/${long}`,
          reason:
            'a path too long for a file system: its part "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" is 403 bytes, over the limit of 255 per part; rename it',
        },
        {
          path: deepPath,
          reason: `a path too long for a file system: ${Buffer.byteLength(deepPath).toLocaleString('en')} bytes, over the limit of 4,000; shorten it`,
        },
        {
          path: '../escape.md',
          reason: 'a path with a "." or ".." part, which would leave the repository; git never checks such a path out',
        },
      ]),
    );
    expect(s.skipped).toHaveLength(3);
  });

  it('names the source and the ref when the ref does not exist', async () => {
    const { repo, cache } = setup();
    repo.write('a.md', '# A\n');
    repo.commit('one');
    const result = await syncSources(configFor(repo, cache, [{ ref: 'no-such-branch' }]));
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.message).toMatch(
      /Source "s0": ref "no-such-branch" does not exist in file:\/\/.*\(it has: main\)/,
    );
  });

  it('re-clones a damaged cache by itself', async () => {
    const { repo, cache } = setup();
    repo.write('a.md', '# A\n');
    const c = repo.commit('one');
    await syncRepo(repo.url, [''], cache, 's');
    const gitDir = path.join(cache, repoCacheName(repo.url));
    rmSync(path.join(gitDir, 'HEAD'));
    writeFileSync(path.join(gitDir, 'objects', 'garbage'), 'x');
    const again = await syncRepo(repo.url, [''], cache, 's');
    expect(again.action).toBe('cloned');
    expect(again.commits.get('')).toBe(c);
    expect(again.warnings[0]).toContain('damaged or incomplete');
  });

  it('builds from the cached commit when the remote cannot be reached, and fails when there is no cache', async () => {
    const { repo, cache } = setup();
    repo.write('a.md', '# A\n');
    const c = repo.commit('one');
    await syncRepo(repo.url, [''], cache, 's');
    const moved = `${repo.dir}-moved`;
    rmSync(moved, { recursive: true, force: true });
    (await import('node:fs')).renameSync(repo.dir, moved);
    cleanups.push(() => rmSync(moved, { recursive: true, force: true }));
    const offline = await syncRepo(repo.url, [''], cache, 's');
    expect(offline.action).toBe('offline');
    expect(offline.commits.get('')).toBe(c);
    expect(offline.warnings[0]).toMatch(/cannot be reached .* building from the cached commit/);
    const empty = makeTempDir('knowledge-cache-');
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    await expect(syncRepo(repo.url, [''], empty, 's')).rejects.toThrow(/cannot clone/);
    expect(existsSync(path.join(empty, repoCacheName(repo.url)))).toBe(false);
  });

  it('never shows credentials of a token-bearing URL', async () => {
    const cache = makeTempDir('knowledge-cache-');
    cleanups.push(() => rmSync(cache, { recursive: true, force: true }));
    const url = 'https://user:s3cr3t-token@127.0.0.1:9/org/repo.git';
    const error = await syncRepo(url, [''], cache, '"private"').catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain('s3cr3t');
    expect(String((error as Error).message)).toContain('https://127.0.0.1:9/org/repo.git');
  });

  /** A folder to serve repositories from, with no operator git config: nothing of the machine's may supply a credential. */
  function servedFolder(): string {
    const served = makeTempDir('knowledge-served-');
    cleanups.push(() => rmSync(served, { recursive: true, force: true }));
    writeFileSync(path.join(served, 'empty.gitconfig'), '');
    vi.stubEnv('GIT_CONFIG_GLOBAL', path.join(served, 'empty.gitconfig'));
    cleanups.push(() => vi.unstubAllEnvs());
    return served;
  }

  it('clones and fetches over http with the credential of the URL, and writes it nowhere on disk', async () => {
    const { repo, cache } = setup();
    const served = servedFolder();
    repo.write('a.md', '# A\n');
    const first = repo.commit('one');
    const bare = path.join(served, 'repo.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    const server = await serveGitHttp(served, { user: 'ci', password: 's3cr3t-token' });
    cleanups.push(() => void server.close());
    const url = `${server.url.replace('http://', 'http://ci:s3cr3t-token@')}/repo.git`;

    const cloned = await syncRepo(url, [''], cache, '"private"');
    expect(cloned.commits.get('')).toBe(first);
    repo.write('b.md', '# B\n');
    const second = repo.commit('two');
    repo.git('push', '-q', bare, 'main');
    const fetched = await syncRepo(url, [''], cache, '"private"');
    expect(fetched.action).toBe('fetched');
    expect(fetched.commits.get('')).toBe(second);
    expect(server.authorised).toBeGreaterThan(0);

    const gitDir = path.join(cache, repoCacheName(url));
    expect(
      execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: gitDir, encoding: 'utf8' }).trim(),
    ).toBe(`${server.url}/repo.git`);
    const basic = Buffer.from('ci:s3cr3t-token').toString('base64');
    for (const file of readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const bytes = readFileSync(path.join(file.parentPath, file.name), 'latin1');
      expect(bytes.includes('s3cr3t') || bytes.includes(basic), path.join(file.parentPath, file.name)).toBe(false);
    }
    expect(repoCacheName(url)).toBe(repoCacheName(`${server.url}/repo.git`));

    // A cache from an older version kept the token in its config: the next sync takes it out.
    execFileSync('git', ['config', 'remote.origin.url', url], { cwd: gitDir });
    await syncRepo(url, [''], cache, '"private"');
    expect(readFileSync(path.join(gitDir, 'config'), 'utf8')).not.toContain('s3cr3t');
  });

  it('fails with a clear message when the remote refuses the credential', async () => {
    const { repo, cache } = setup();
    const served = servedFolder();
    repo.write('a.md', '# A\n');
    repo.commit('one');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, path.join(served, 'repo.git')]);
    const server = await serveGitHttp(served, { user: 'ci', password: 'right-token' });
    cleanups.push(() => void server.close());
    const error = await syncRepo(
      `${server.url.replace('http://', 'http://ci:wrong-token@')}/repo.git`,
      [''],
      cache,
      '"private"',
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Source "private": cannot clone ${server.url}/repo\\.git: the remote refused the credential given in the URL; check that the token is valid`,
      ),
    );
    expect((error as Error).message).not.toContain('wrong-token');
    expect(server.authorised).toBe(0);
  });

  it('never shows a credential carried in a query parameter, in messages, the cache folder name or the page fields', async () => {
    const { repo, cache } = setup();
    const url = 'https://127.0.0.1:9/org/repo.git?private_token=s3cr3t-token';
    expect(repoCacheName(url)).not.toContain('s3cr3t');
    const error = await syncRepo(url, [''], cache, '"private"').catch((e: Error) => e);
    expect((error as Error).message).toContain('https://127.0.0.1:9/org/repo.git?private_token=***');
    expect((error as Error).message).not.toContain('s3cr3t');
    repo.write('a.md', '# A\n');
    repo.commit('one');
    const logs: string[] = [];
    const result = await syncSources(
      configFor(repo, cache, [
        { web_url: 'https://git.example.org/org/repo?access_token=s3cr3t-web' },
        { name: 'broken', repo: url, location: url },
      ]),
      { log: (m) => logs.push(m) },
    );
    expect(result.sources[0]!.webUrl).toBe('https://git.example.org/org/repo?access_token=***');
    expect(result.failures.map((f) => f.source)).toEqual(['broken']);
    expect(
      JSON.stringify([result.sources.map((s) => [s.repoDisplay, s.webUrl, s.warnings]), result.failures, logs]),
    ).not.toContain('s3cr3t');
  });

  it('hands ssh no password from an scp-like address, and shows none', async () => {
    const cache = makeTempDir('knowledge-cache-');
    cleanups.push(() => rmSync(cache, { recursive: true, force: true }));
    // A stand-in for ssh that records what git asked it to do and fails like an unreachable host.
    const seen = path.join(cache, 'ssh-args');
    const ssh = path.join(cache, 'fake-ssh');
    writeFileSync(
      ssh,
      `#!/bin/sh\necho "$@" >> "${seen}"\necho "ssh: connect to host $1: Connection refused" >&2\nexit 255\n`,
      { mode: 0o755 },
    );
    vi.stubEnv('GIT_SSH_COMMAND', ssh);
    cleanups.push(() => vi.unstubAllEnvs());
    const error = await syncRepo('deploy:s3cr3t-token@git.example.org:org/repo.git', [''], cache, '"private"').catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toMatch(
      /^Source "private": cannot clone deploy@git\.example\.org:org\/repo\.git: /,
    );
    expect((error as Error).message).not.toContain('s3cr3t');
    expect(readFileSync(seen, 'utf8')).toContain('deploy@git.example.org');
    expect(readFileSync(seen, 'utf8')).not.toContain('s3cr3t');
  });
});

describe('two builds at once on one cache', () => {
  it('the second waits for the first, says so, and both get the same commit', async () => {
    const { repo, cache } = setup();
    repo.write('a.md', '# A\n');
    const c = repo.commit('one');
    const logs: string[][] = [[], []];
    const config = configFor(repo, cache, [{}]);
    const [a, b] = await Promise.all(logs.map((log) => syncSources(config, { log: (m) => log.push(m) })));
    expect(a!.sources[0]!.commit).toBe(c);
    expect(b!.sources[0]!.commit).toBe(c);
    // Whichever came second waited, and said so; the other did not wait.
    const waited = logs.map((log) =>
      log.some((m) => m.startsWith(`waiting for another build (process ${process.pid}) to finish with the cache`)),
    );
    expect(waited.filter(Boolean)).toHaveLength(1);
  });

  it('takes over a lock left by a process that has ended', async () => {
    const { repo, cache } = setup();
    repo.write('a.md', '# A\n');
    repo.commit('one');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(cache, '.lock'), { recursive: true });
    writeFileSync(path.join(cache, '.lock', 'owner'), '999999:gone');
    const messages: string[] = [];
    const r = await syncSources(configFor(repo, cache, [{}]), { log: (m) => messages.push(m) });
    expect(r.failures).toEqual([]);
    expect(messages[0]).toMatch(/left by process 999999, which has ended; taking it over/);
  });
});

describe('a checkout whose own .git/config names commands', () => {
  /** A script that leaves `<name>.ran` beside itself when something runs it. */
  function tripwire(dir: string, name: string): { script: string; ran: () => boolean } {
    const script = path.join(dir, name);
    writeFileSync(script, `#!/bin/sh\ntouch "${script}.ran"\nexit 1\n`, { mode: 0o755 });
    return { script, ran: () => existsSync(`${script}.ran`) };
  }

  function folderSource(dir: string): Partial<SourceConfig> {
    return { repo: dir, type: 'folder', location: dir };
  }

  it('runs neither core.fsmonitor nor the gpg.program of log.showSignature while reading history', async () => {
    const { repo, cache } = setup();
    const bin = makeTempDir('knowledge-bin-');
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    repo.write('a.md', '# A\n');
    repo.commit('one', '2024-01-02T10:00:00Z', 'Ana Author');
    repo.write('b.md', '# B\n');
    repo.commit('two', '2024-02-03T10:00:00Z', 'Ana Author');
    // The same commit with a signature, so that log.showSignature has something to verify.
    const signed = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {
      cwd: repo.dir,
      encoding: 'utf8',
      input: repo
        .git('cat-file', 'commit', 'HEAD')
        .replace(
          /^(committer .*\n)/m,
          '$1gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n',
        ),
    }).trim();
    repo.git('update-ref', 'HEAD', signed);
    const fsmonitor = tripwire(bin, 'fsmonitor');
    const gpg = tripwire(bin, 'gpg');
    repo.git('config', 'core.fsmonitor', fsmonitor.script);
    repo.git('config', 'log.showSignature', 'true');
    repo.git('config', 'gpg.program', gpg.script);
    const result = await syncSources(configFor(repo, cache, [folderSource(repo.dir)]));
    expect(result.failures).toEqual([]);
    expect(result.sources[0]!.files[1]!.history?.last.sha).toBe(signed);
    expect(fsmonitor.ran(), 'core.fsmonitor ran').toBe(false);
    expect(gpg.ran(), 'gpg.program ran').toBe(false);
  });

  it('does not fetch missing objects of a partial clone, which would run its remote.origin.uploadpack', async () => {
    const { repo, cache } = setup();
    const bin = makeTempDir('knowledge-bin-');
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    repo.write('a.md', '# A\n');
    repo.commit('one', '2024-01-02T10:00:00Z');
    repo.write('b.md', '# B\n');
    repo.commit('two', '2024-02-03T10:00:00Z');
    repo.git('config', 'uploadpack.allowFilter', 'true');
    // A checkout without the trees of older commits: reading history needs them, and git would fetch them.
    const checkout = path.join(bin, 'checkout');
    execFileSync('git', ['clone', '-q', '--filter=tree:0', repo.url, checkout], {
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    });
    const uploadpack = tripwire(bin, 'upload-pack');
    execFileSync('git', ['config', 'remote.origin.uploadpack', uploadpack.script], { cwd: checkout });
    const result = await syncSources(configFor(repo, cache, [folderSource(checkout)]));
    expect(result.failures).toEqual([]);
    expect(result.sources[0]!.files.map((f) => f.path)).toEqual(['a.md', 'b.md']);
    expect(uploadpack.ran(), 'remote.origin.uploadpack ran').toBe(false);
  });
});

describe('a clone killed half-way', () => {
  it('leaves no <repo>.partial-<pid> folder behind once the next sync has run', async () => {
    const { repo, cache } = setup();
    repo.write('a.md', '# A\n');
    repo.commit('one');
    // What `git clone` into `<cache>/<repo>.partial-<pid>` leaves when the build is killed: a bare repository half made.
    const leftover = path.join(cache, `${repoCacheName(repo.url)}.partial-${process.pid}`);
    const other = path.join(cache, 'other-0123456789.partial-999999');
    for (const dir of [leftover, other]) execFileSync('git', ['init', '-q', '--bare', dir]);
    const logs: string[] = [];
    const result = await syncSources(configFor(repo, cache, [{}]), { log: (m) => logs.push(m) });
    expect(result.failures).toEqual([]);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(other)).toBe(false);
    expect(logs).toContain(`removed ${path.basename(other)}, left in the cache by a clone that did not finish`);
    expect(readdirSync(cache).filter((n) => n.includes('.partial-'))).toEqual([]);
  });
});
