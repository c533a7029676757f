/**
 * A public document with a generic name and heading (`ops/description.md`, `# Description`) beside an internal
 * folder index (`ops/index.md`): in a public build it must not take the internal document's title (nor when the
 * index is another source's, whose defaults are not public), nor a metadata title holding a region marker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.ts';
import { outputTexts } from '../helpers/output-files.ts';
import { buildFromSources, type TempSiteBuild } from '../helpers/site-build.ts';

let repo: TestRepo;
let site: TempSiteBuild;

beforeAll(async () => {
  repo = createTestRepo();
  repo.write('katas/ops/index.md', '---\ntitle: Nightjar Covert Operations\n---\nThe internal index.\n');
  repo.write('katas/ops/description.md', '---\nvisibility: public\n---\n# Description\n\nA public exercise.\n');
  repo.write('katas/pub/index.md', '---\ntitle: Public Pitch Drills\nvisibility: public\n---\nThe index.\n');
  repo.write('katas/pub/description.md', '---\nvisibility: public\n---\n# Description\n\nA drill.\n');
  repo.write('katas/marked/metadata.yaml', 'title: Marked <!-- internal -->Nightjar Drills<!-- /internal -->\n');
  repo.write('katas/marked/description.md', '---\nvisibility: public\n---\n# Description\n\nA drill.\n');
  repo.write('guides/ops/index.md', '---\ntitle: Nightjar Field Guide\n---\nThe internal index.\n');
  repo.write('guides/ops/description.md', '# Description\n\nA public guide.\n');
  repo.write('katas/bowling/description.md', '---\nvisibility: public\n---\n# Description\n\nScore a game.\n');
  repo.commit('katas');
  site = await buildFromSources(
    `site: { title: Folder Titles, url: "https://kb.example.com" }
sources:
  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/**/*.md"] }
  - { name: guides, repo: "${repo.url}", kind: kata, include: ["guides/**/description.md"], defaults: { visibility: public } }
  - { name: indexes, repo: "${repo.url}", kind: session, include: ["guides/**/index.md"] }
`,
    { KNOWLEDGE_AUDIENCE: 'public' },
    'knowledge-public-folder-',
  );
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  site?.cleanup();
});

describe('a public document beside an internal folder index', () => {
  it('builds the six public documents', () => {
    expect(site.code, site.output).toBe(0);
    expect(site.report.totals.documents).toBe(6);
  });

  it('takes the title of a public folder index', () => {
    expect(site.page('/katas/pub/')).toMatch(/<h1[^>]*>Public Pitch Drills<\/h1>/);
  });

  it("takes the folder's name, not the internal index's title", () => {
    for (const { file, text } of outputTexts(site.outDir)) expect(text, file).not.toMatch(/nightjar/i);
    expect(site.page('/katas/ops/')).toMatch(/<h1[^>]*>Ops<\/h1>/);
    expect(site.page('/katas/marked/')).toMatch(/<h1[^>]*>Marked<\/h1>/);
  });
});
