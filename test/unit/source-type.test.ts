/**
 * A local repository or bundle keeps its type when it is moved away: the build falls back to the cached clone,
 * as it does for a file:// URL, instead of reading the missing path as a folder.
 */
import { execFileSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSourcesConfig } from '../../src/sources/config.ts';
import { syncSources } from '../../src/sources/sync.ts';
import { createTestRepo, makeTempDir } from '../helpers/git-repo.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function project(repoLine: string) {
  const dir = makeTempDir('knowledge-project-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'sources.yaml');
  writeFileSync(
    file,
    `cache_dir: ${JSON.stringify(path.join(dir, 'cache'))}\nsources:\n  - { name: pm, repo: ${JSON.stringify(repoLine)}, kind: postmortem }\n`,
  );
  return { dir, load: () => loadSourcesConfig(file, dir) };
}

function repoWithCommit() {
  const repo = createTestRepo();
  cleanups.push(() => repo.cleanup());
  repo.write('pm/a.md', '# A\n');
  return { repo, commit: repo.commit('one') };
}

describe('a local git source that has been moved or deleted', () => {
  it('a repository path stays a git source and builds from the cache, with a warning naming the path', async () => {
    const { repo, commit } = repoWithCommit();
    const { load } = project(repo.dir);
    const first = await syncSources(load());
    expect(first.failures).toEqual([]);
    expect(first.sources[0]!.action).toBe('cloned');

    const moved = `${repo.dir}-moved`;
    renameSync(repo.dir, moved);
    cleanups.push(() => rmSync(moved, { recursive: true, force: true }));
    const config = load();
    expect(config.sources[0]).toMatchObject({ type: 'git', location: repo.dir });
    const offline = await syncSources(config);
    expect(offline.failures).toEqual([]);
    expect(offline.sources[0]).toMatchObject({ action: 'offline', commit });
    expect(offline.sources[0]!.files.map((f) => f.path)).toEqual(['pm/a.md']);
    expect(offline.sources[0]!.warnings).toEqual([
      expect.stringContaining(
        `"pm": ${repo.dir} cannot be reached (the path does not exist); building from the cached commit ${commit.slice(0, 10)}`,
      ),
    ]);
  });

  it('a bundle path stays a git source and builds from the cache once the bundle is deleted', async () => {
    const { repo, commit } = repoWithCommit();
    const bundle = path.join(makeTempDir('knowledge-bundle-'), 'pm.bundle');
    cleanups.push(() => rmSync(path.dirname(bundle), { recursive: true, force: true }));
    execFileSync('git', ['bundle', 'create', '-q', bundle, '--all'], { cwd: repo.dir });
    const { load } = project(bundle);
    expect((await syncSources(load())).sources[0]).toMatchObject({ action: 'cloned', commit });

    rmSync(bundle);
    const config = load();
    expect(config.sources[0]).toMatchObject({ type: 'git', location: bundle });
    const offline = await syncSources(config);
    expect(offline.failures).toEqual([]);
    expect(offline.sources[0]).toMatchObject({ action: 'offline', commit });
    expect(offline.sources[0]!.warnings[0]).toContain(`${bundle} cannot be reached (the path does not exist)`);
  });

  it('a missing path with nothing cached fails that source with what was expected, what was found and what to do', async () => {
    const { dir, load } = project('./gone');
    const result = await syncSources(load());
    expect(result.sources).toEqual([]);
    expect(result.failures).toEqual([
      {
        source: 'pm',
        message: `Source "pm": repo "./gone" does not exist (looked for ${path.join(dir, 'gone')}): expected a git repository, a git bundle (.bundle) or a folder, found nothing there, and the cache ${path.join(dir, 'cache')} holds no copy of it; correct the path (relative paths start from the sources file's folder) or restore the repository`,
      },
    ]);
  });
});
