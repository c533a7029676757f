/** Rename following against file names that look like git's own output, and a long chain of renames. */
import { afterEach, describe, expect, it } from 'vitest';
import { fileHistories } from '../../src/sources/provenance.ts';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.ts';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('file histories of hostile names', () => {
  it('follows renames of names with tabs, newlines, quotes and status letters', async () => {
    const repo = createTestRepo();
    repos.push(repo);
    const first = 'we\tird\n"name" \\.md';
    repo.write(first, '# Weird\n\nSome text that stays the same across renames.\n');
    repo.commit('add', '2019-01-01T10:00:00Z');
    repo.git('mv', first, 'R100');
    repo.commit('rename to a status', '2020-01-01T10:00:00Z');
    repo.git('mv', 'R100', 'M\tA.md');
    repo.write('A', 'another file\n');
    repo.write('\nD', 'a name starting with a newline\n');
    repo.commit('rename to a tab name', '2021-01-01T10:00:00Z');
    const h = await fileHistories(`${repo.dir}/.git`, 'HEAD');
    expect([...h.keys()].sort()).toEqual(['\nD', 'A', 'M\tA.md'].sort());
    expect(h.get('M\tA.md')!.firstAdded).toBe('2019-01-01T10:00:00+00:00');
    expect(h.get('A')!.firstAdded).toBe('2021-01-01T10:00:00+00:00');
    expect(h.get('\nD')!.firstAdded).toBe('2021-01-01T10:00:00+00:00');
  });

  it('follows a chain of 150 renames back to the first name', async () => {
    const repo = createTestRepo();
    repos.push(repo);
    repo.write('n0.md', '# Chain\n\nThe same text under every name.\n');
    repo.commit('add', '2018-01-01T10:00:00Z');
    for (let i = 1; i <= 150; i++) {
      repo.git('mv', `n${i - 1}.md`, `n${i}.md`);
      repo.commit(`rename ${i}`, '2022-01-01T10:00:00Z');
    }
    const h = await fileHistories(`${repo.dir}/.git`, 'HEAD');
    expect([...h.keys()]).toEqual(['n150.md']);
    expect(h.get('n150.md')!.firstAdded).toBe('2018-01-01T10:00:00+00:00');
  }, 120_000);
});
