import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { SitesConfig, SourceConfig } from '../../src/sources/config.ts';
import { fileHistories, IMPORT_MIN_FILES } from '../../src/sources/provenance.ts';
import { syncSources } from '../../src/sources/sync.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function repoWithHistory() {
  const repo = createTestRepo();
  repos.push(repo);
  repo.write('incidents/db-outage.md', '# DB outage\n\nThe database went down for an hour on a Tuesday.\n');
  const added = repo.commit('add the db outage', '2019-05-06T10:00:00Z');
  repo.write('incidents/cache.md', '# Cache\n');
  repo.commit('add the cache incident', '2020-01-01T10:00:00Z');
  mkdirSync(path.join(repo.dir, 'postmortems'));
  repo.git('mv', 'incidents/db-outage.md', 'postmortems/2019-db-outage.md');
  repo.git('mv', 'incidents/cache.md', 'postmortems/cache.md');
  const renamed = repo.commit('move incidents to postmortems', '2021-03-04T10:00:00Z');
  for (let i = 0; i < 30; i++)
    repo.write(`postmortems/imported-${i}.md`, `# Imported ${i}\n\nA text of its own, ${i}.\n`);
  const imported = repo.commit('import the old wiki', '2022-07-08T10:00:00Z');
  repo.write('postmortems/cache.md', '# Cache\n\nEdited after the move.\n');
  const edited = repo.commit('edit the cache incident', '2023-02-02T10:00:00Z');
  // A new file at a name another file left: its history starts with it.
  repo.write('incidents/db-outage.md', '# A newer, different outage\n');
  repo.commit('a new incident at the old name', '2024-04-04T10:00:00Z');
  return { repo, added, renamed, imported, edited };
}

describe('file histories', () => {
  it('follows a rename back to the commit that added the file', async () => {
    const { repo, renamed, edited } = repoWithHistory();
    const histories = await fileHistories(`${repo.dir}/.git`, 'HEAD');
    const moved = histories.get('postmortems/2019-db-outage.md')!;
    expect(moved.firstAdded).toBe('2019-05-06T10:00:00+00:00');
    expect(moved.last.sha).toBe(renamed);
    expect(moved.firstAddedInImport).toBe(0);
    const cache = histories.get('postmortems/cache.md')!;
    expect(cache.firstAdded).toBe('2020-01-01T10:00:00+00:00');
    expect(cache.last.sha).toBe(edited);
    // The old name's new file is not the moved one.
    expect(histories.get('incidents/db-outage.md')!.firstAdded).toBe('2024-04-04T10:00:00+00:00');
    expect(histories.has('incidents/cache.md')).toBe(false);
  });

  it('marks the files a commit added by the dozen as imported', async () => {
    const { repo, imported } = repoWithHistory();
    const histories = await fileHistories(`${repo.dir}/.git`, 'HEAD');
    expect(IMPORT_MIN_FILES).toBeLessThanOrEqual(30);
    const one = histories.get('postmortems/imported-7.md')!;
    expect(one.firstAdded).toBe('2022-07-08T10:00:00+00:00');
    expect(one.firstAddedInImport).toBe(30);
    expect(one.addedBy).toEqual({ sha: imported, files: 30 });
    // A rename of two files is not an import, nor is the commit adding one.
    expect(histories.get('postmortems/cache.md')!.firstAddedInImport).toBe(0);
  });

  it('follows renames within a folder given as pathspec', async () => {
    const { repo } = repoWithHistory();
    const histories = await fileHistories(`${repo.dir}/.git`, 'HEAD', 'postmortems');
    // The move came from outside the pathspec: from here it is where the file was added.
    expect(histories.get('postmortems/2019-db-outage.md')!.firstAdded).toBe('2021-03-04T10:00:00+00:00');
    const whole = await fileHistories(`${repo.dir}/.git`, 'HEAD', '.');
    expect(whole.get('postmortems/2019-db-outage.md')!.firstAdded).toBe('2019-05-06T10:00:00+00:00');
  });
});

describe('imports within a source', () => {
  it("marks a commit that added half of a source's documents as an import, even under the repository threshold", async () => {
    const repo = createTestRepo();
    repos.push(repo);
    const cache = makeTempDir('knowledge-cache-');
    for (let i = 0; i < 8; i++) repo.write(`pm/old-${i}.md`, `# Old ${i}\n`);
    repo.commit('move the old notes here', '2020-02-02T10:00:00Z');
    for (let i = 0; i < 4; i++) {
      repo.write(`pm/new-${i}.md`, `# New ${i}\n`);
      repo.commit(`note ${i}`, `2021-0${i + 1}-01T10:00:00Z`);
    }
    const source = {
      name: 'pm',
      repo: repo.url,
      include: ['pm/**'],
      exclude: [],
      kind: 'postmortem',
      trust: 'markdown',
      defaults: {},
      type: 'git',
      location: repo.url,
    } as unknown as SourceConfig;
    const config: SitesConfig = {
      file: path.join(cache, 'sources.yaml'),
      cacheDir: cache,
      max_file_bytes: 1 << 20,
      site: { title: 'T', base: '/' },
      sources: [source],
    };
    try {
      const result = await syncSources(config);
      const files = new Map(result.sources[0]!.files.map((f) => [f.path, f.history!]));
      expect(files.get('pm/old-3.md')!.firstAddedInImport).toBe(8);
      expect(files.get('pm/new-2.md')!.firstAddedInImport).toBe(0);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
