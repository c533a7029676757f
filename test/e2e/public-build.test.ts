/**
 * A public build of the fixture organisation: only `visibility: public` documents, nothing internal anywhere in
 * the output (pages, search index, JSON), and a leak guard that stops the build when a leak is planted.
 */
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { outputTexts, treeDigest } from '../helpers/output-files.ts';
import { workDirOf } from '../../src/build/build-context.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const projectRoot = path.resolve(import.meta.dirname, '../..');
let repo: TestRepo;
let work: string;
let site: SiteBuild;

const sourcesWith = (extra = '') => `site: { title: Public Org }
sources:
  - { name: incidents, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*.md"] }
  - { name: standards, repo: "${repo.url}", kind: standard, include: ["standards/*.md"] }
  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*.md"] }
${extra}`;

beforeAll(async () => {
  repo = createTestRepo();
  cpSync(path.join(fixtures, 'site'), repo.dir, { recursive: true });
  cpSync(path.join(fixtures, 'planted'), path.join(repo.dir, 'planted'), { recursive: true });
  repo.commit('fixture');
  work = makeTempDir('knowledge-public-');
  writeFileSync(path.join(work, 'sources.yaml'), sourcesWith());
  site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
    KNOWLEDGE_AUDIENCE: 'public',
  });
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a public build', () => {
  it('builds only public documents, and its leak guard finds nothing', () => {
    expect(site.code, site.output).toBe(0);
    expect(site.report.totals.documents).toBe(1);
    expect(site.exists('/postmortems/2024-03-07-db-failover/')).toBe(true);
    expect(site.exists('/postmortems/2024-08-09-vault-token/')).toBe(false);
    expect(site.exists('/standards/alerting/')).toBe(false);
    expect(site.output).toMatch(
      /leak guard: no internal URL, id, title or removed text in the output \(4 internal documents/,
    );
  });

  it('has nothing internal in any file of the output, search index and fragments included', () => {
    const canaries = [
      'CANARY-REGION-TEXT',
      'Canary Authorname',
      'OPS-101',
      'PM-2024-099',
      'Vault token exposed',
      '2024-08-09-vault-token',
      'Cache stampede',
      'Alert on symptoms',
      'Bowling game',
    ];
    const files = outputTexts(site.outDir);
    expect(files.some((f) => f.file.endsWith('.pf_fragment'))).toBe(true);
    for (const { file, text } of files) {
      for (const c of canaries) expect(text.includes(c), `${c} found in ${file}`).toBe(false);
    }
  });

  it('keeps the words of a link to an internal document and drops its target; leaves out internal related documents', () => {
    const html = site.page('/postmortems/2024-03-07-db-failover/');
    expect(html).toContain('the vault incident');
    expect(html).not.toContain('href="2024-08-09-vault-token.md"');
    expect(html).not.toContain('href="/standards/alerting/"');
    expect(html).toContain('our alerting standard');
    expect(html).toContain('Failover must check replica lag first.');
  });

  it('computes indexes, facets and the home page from public documents only, and lists no problems', () => {
    expect(site.page('/')).toMatch(/<strong>1<\/strong>Post-mortems/);
    expect(site.page('/')).toMatch(/<strong>0<\/strong>Standards/);
    expect(site.page('/postmortems/')).not.toContain('SEV1');
    expect(site.exists('/postmortems/service/vault/')).toBe(false);
    const health = site.page('/health/');
    expect(health).not.toContain('broken-severity');
    expect(health).toContain('1 public documents');
  });

  it('feeds and the JSON API hold the public documents only', async () => {
    const { parseFeed } = await import('@rowanmanning/feed-parser');
    expect(parseFeed(site.page('/feed.xml')).items.map((i) => i.title)).toEqual([
      'Database failover to a lagging replica',
    ]);
    expect(parseFeed(site.page('/postmortems/feed.xml')).items[0]!.authors.map((a) => a.name)).toEqual(['Engineering']);
    const api = JSON.parse(site.page('/api/postmortems.json')) as {
      count: number;
      documents: Array<Record<string, unknown>>;
    };
    expect(api.count).toBe(1);
    expect(api.documents[0]!.authors).toEqual([]);
    expect(JSON.stringify(api)).not.toContain('OPS-101');
  });

  it('fails when a leak is planted, naming the file and the string', async () => {
    writeFileSync(
      path.join(work, 'sources.yaml'),
      sourcesWith('  - { name: notes, repo: "' + repo.url + '", kind: session, include: ["planted/leaky.md"] }\n'),
    );
    // Into the folder of the good public build above: a deploy step that publishes it must find that site, untouched.
    const before = treeDigest(path.join(work, 'dist'));
    const leaky = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_AUDIENCE: 'public',
    });
    expect(leaky.code).not.toBe(0);
    expect(leaky.output).toMatch(
      /Public build stopped: internal content found in the output, which was not published \(.*dist still holds the last good site\):/,
    );
    expect(leaky.output).toMatch(/sessions\/leaky\/index\.html: "Vault token exposed in the staging logs"/);
    expect(leaky.output).toMatch(/pagefind\/fragment\/[^:]+\.pf_fragment: "Vault token exposed in the staging logs"/);
    expect(treeDigest(path.join(work, 'dist'))).toEqual(before);
    expect(Object.keys(before)).toContain('sessions/index.html');
    // Nor is the rejected site kept anywhere in the project.
    expect(
      readdirSync(workDirOf(projectRoot, path.join(work, 'dist'), 'public')).filter((f) => f.startsWith('staging-')),
    ).toEqual([]);
  }, 240_000);

  it('refuses a public document whose internal region is never closed', async () => {
    writeFileSync(
      path.join(work, 'sources.yaml'),
      sourcesWith('  - { name: notes, repo: "' + repo.url + '", kind: session, include: ["planted/unclosed.md"] }\n'),
    );
    const r = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist-unclosed'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_AUDIENCE: 'public',
    });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(
      'notes:planted/unclosed.md:8: skipped: the <!-- internal --> region opened here is never closed with <!-- /internal -->',
    );
    expect(r.exists('/sessions/unclosed/')).toBe(false);
  }, 240_000);
});

describe('a public build with nothing public', () => {
  it('succeeds with an empty search, also when a kept site loses its last public document', async () => {
    const out = path.join(work, 'dist-nothing');
    const env = { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'), KNOWLEDGE_AUDIENCE: 'public' };
    // The fixture's only public post-mortem first: a site with a search index.
    writeFileSync(
      path.join(work, 'sources.yaml'),
      `site: { title: Public Org }\nsources:\n  - { name: incidents, repo: "${repo.url}", kind: postmortem, include: ["postmortems/2024-03-07-db-failover.md"] }\n  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*.md"] }\n`,
    );
    const some = await buildSite(path.join(work, 'sources.yaml'), out, env);
    expect(some.code, some.output).toBe(0);
    expect(some.exists('/pagefind/pagefind.js')).toBe(true);
    // Then it is gone from the sources: nothing public is left.
    writeFileSync(
      path.join(work, 'sources.yaml'),
      `site: { title: Public Org }\nsources:\n  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*.md"] }\n`,
    );
    const none = await buildSite(path.join(work, 'sources.yaml'), out, env);
    expect(none.code, none.output).toBe(0);
    expect(none.report.totals.documents).toBe(0);
    expect(none.output).toContain('search index: none, as there are no document pages');
    expect(none.page('/search/')).toContain('There is nothing to search here yet');
    expect(none.page('/search/')).not.toContain('search-ui');
    expect(none.exists('/pagefind/pagefind.js')).toBe(false);
    writeFileSync(path.join(work, 'sources.yaml'), sourcesWith());
  }, 240_000);
});
