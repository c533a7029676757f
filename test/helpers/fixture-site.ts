/**
 * The fixture organisation (`test/fixtures/site`) in a real temporary git repository, with a sources file over
 * its Markdown post-mortems, standards and katas, for tests that need a small real site.
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createTestRepo, makeTempDir, type TestRepo } from './git-repo.ts';
import { buildSite } from './site-build.ts';

export interface FixtureSite {
  repo: TestRepo;
  /** A fresh temporary folder holding `sources.yaml`. */
  work: string;
  sources: string;
}

export function fixtureSite(title: string, tempPrefix: string): FixtureSite {
  const repo = createTestRepo();
  cpSync(path.resolve(import.meta.dirname, '../fixtures/site'), repo.dir, { recursive: true });
  repo.commit('fixture');
  const work = makeTempDir(tempPrefix);
  const sources = path.join(work, 'sources.yaml');
  writeFileSync(
    sources,
    `site: { title: ${title} }
sources:
  - { name: incidents, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*.md"] }
  - { name: standards, repo: "${repo.url}", kind: standard, include: ["standards/*.md"] }
  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*.md"] }
`,
  );
  return { repo, work, sources };
}

/**
 * The fixture site built once for a test file (before its tests, removed after them): the folder it is built
 * into, read when a test runs.
 */
export function builtFixtureSite(title: string, tempPrefix: string): { readonly dist: string } {
  let site: FixtureSite | undefined;
  beforeAll(async () => {
    site = fixtureSite(title, tempPrefix);
    const built = await buildSite(site.sources, path.join(site.work, 'dist'), {
      KNOWLEDGE_CACHE_DIR: path.join(site.work, 'cache'),
    });
    if (built.code !== 0) throw new Error(built.output);
  }, 240_000);
  afterAll(() => {
    site?.repo.cleanup();
    if (site) rmSync(site.work, { recursive: true, force: true });
  });
  return {
    get dist() {
      return path.join(site!.work, 'dist');
    },
  };
}
