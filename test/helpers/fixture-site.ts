/**
 * The fixture organisation (`test/fixtures/site`) in a real temporary git repository, with a sources file over
 * its Markdown post-mortems, standards and katas, for tests that need a small real site.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestRepo, makeTempDir, type TestRepo } from './git-repo.ts';

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
