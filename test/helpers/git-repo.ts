/**
 * Real git repositories in temporary folders, with commits at chosen dates, for tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestRepo {
  dir: string;
  /** `file://` URL of the repository. */
  url: string;
  write(file: string, content: string | Buffer): void;
  remove(file: string): void;
  /** Commits everything with the given ISO date; returns the commit id. */
  commit(message: string, date?: string, author?: string): string;
  git(...args: string[]): string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'knowledge-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function createTestRepo(branch = 'main'): TestRepo {
  const dir = makeTempDir('knowledge-repo-');
  const run = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, ...env } });
  run(['init', '-q', '-b', branch]);
  run(['config', 'user.email', 'test@example.org']);
  run(['config', 'user.name', 'Test Author']);
  run(['config', 'commit.gpgsign', 'false']);
  return {
    dir,
    url: `file://${dir}`,
    write(file, content) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    },
    remove(file) {
      rmSync(path.join(dir, file));
    },
    commit(message, date = '2025-01-15T10:00:00Z', author = 'Test Author') {
      run(['add', '-A']);
      run(['commit', '-q', '--allow-empty', '-m', message, `--author=${author} <${author.toLowerCase().replace(/\s+/g, '.')}@example.org>`], {
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
      return run(['rev-parse', 'HEAD']).trim();
    },
    git: (...args) => run(args),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
