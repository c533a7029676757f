/**
 * The leak guard against a hostile public corpus (`test/fixtures/hostile/public`): internal regions inline, across
 * lines, quoted and in lists; every link form to an internal document; authors, commit authors and each kind's
 * people fields. No planted SECRET canary may reach any output file, while the public text around it does; and
 * marker look-alikes (a separate build) are refused with their diagnostic while their neighbour is built.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { outputTexts } from '../helpers/output-files.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';
import { decodeHtmlText } from '../../src/lib/html.ts';

let repo: TestRepo;
let work: string;
let site: SiteBuild;

const sources = (extra = '') => `site: { title: Hostile Public, url: "https://kb.example.com" }
sources:
  - { name: incidents, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*.md"], ticket_url: "https://tracker.example.com/SECRET-TRACKER/{ticket}" }
  - { name: standards, repo: "${repo.url}", kind: standard, include: ["standards/*.md"] }
  - { name: pillars, repo: "${repo.url}", kind: strategy, include: ["strategy/*.md"] }
  - { name: talks, repo: "${repo.url}", kind: session, include: ["sessions/*.md"] }
  - { name: katas, repo: "${repo.url}", kind: kata, include: ["katas/*.md"] }
  - { name: trusted, repo: "${repo.url}", kind: kata, include: ["trusted/*.mdx"], trust: mdx }
  - { name: opsonly, repo: "${repo.url}", kind: session, include: ["internal-only/*.md"] }
${extra}`;

beforeAll(async () => {
  repo = createTestRepo();
  cpSync(path.resolve(import.meta.dirname, '../fixtures/hostile/public'), repo.dir, { recursive: true });
  repo.commit('hostile public corpus');
  // The last commit to a public document, by someone named like the site.
  repo.write(
    'postmortems/2024-05-01-public-outage.md',
    `${readFileSync(path.join(repo.dir, 'postmortems/2024-05-01-public-outage.md'), 'utf8')}\nA public line added later.\n`,
  );
  repo.commit('a later edit', '2025-01-02T10:00:00Z', 'Hostile Public');
  work = makeTempDir('knowledge-public-hostile-');
  writeFileSync(path.join(work, 'sources.yaml'), sources());
  site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
    KNOWLEDGE_AUDIENCE: 'public',
  });
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a public build of a hostile corpus', () => {
  it('builds the six public documents and its leak guard passes', () => {
    expect(site.code, site.output).toBe(0);
    expect(site.report.totals.documents).toBe(6);
    expect(site.output).toMatch(/leak guard: no internal URL, id, title or removed text in the output/);
  });

  it('has no planted canary in any output file: pages, feeds, API, sitemap, search index', () => {
    const files = outputTexts(site.outDir);
    for (const kind of ['feed.xml', 'api/postmortems.json', 'api/sessions.json', 'sitemap.xml'])
      expect(
        files.some((f) => f.file === kind),
        kind,
      ).toBe(true);
    expect(files.some((f) => f.file.endsWith('.pf_fragment'))).toBe(true);
    // Test Author: the commit author of every file (see test/helpers/git-repo.ts).
    const secret =
      /SECRET-[A-Z-]+|Test Author|PM-2024-666|postmortems?\/2024-06-01-secret-incident|2024-07-07-internal-draft/;
    for (const { file, text } of files) expect(text.match(secret)?.[0], file).toBeUndefined();
  });

  it('keeps the public text around every region, and code that shows a marker', () => {
    const html = site.page('/postmortems/2024-05-01-public-outage/');
    const text = decodeHtmlText(html.replace(/<[^>]+>/g, ''));
    for (const t of [
      'Public inline start  public inline end.',
      'Public span start  public span end.',
      'Public quote line.',
      'Public quote after.',
      'Public list item',
      'Public item two kept',
      '<!-- internal -->',
      '<!--- internal --->',
    ])
      expect(text, t).toContain(t);
    const api = site.page('/api/postmortems.json');
    expect(api).toContain('Public action title');
  });

  it('keeps the words of every link to an internal document, without a target, and lists no internal related document', () => {
    const html = site.page('/postmortems/2024-05-01-public-outage/');
    for (const w of [
      'words-kindslug',
      'words-kindkey',
      'words-sitepath',
      'words-index',
      'words-id',
      'words-absolute',
      'words-file',
    ])
      expect(html).toMatch(new RegExp(`<a(?: rel="noopener noreferrer")?>${w}</a>`));
    const api = JSON.parse(site.page('/api/postmortems.json')) as { documents: Array<{ related: string[] }> };
    expect(api.documents[0]!.related).toEqual([]);
  });

  it('shows each kind only its public fields', () => {
    expect(site.page('/standards/public-standard/')).not.toContain('<dt>Owners</dt>');
    expect(site.page('/strategy/public-pillar/')).toContain('Public strategy action');
    expect(site.page('/sessions/public-session/')).toContain('Public talk title');
    expect(site.page('/sessions/public-session/')).not.toContain('<dt>Host</dt>');
    expect(site.page('/katas/public-kata/')).not.toContain('<dt>Facilitator</dt>');
    // A region whose markers are whole only once template tags are taken out is a region too.
    expect(site.page('/katas/public-kata/')).toContain('Public after a region made by template tags.');
    // A trusted MDX page is compiled without its regions and without the frontmatter it could show.
    expect(site.page('/katas/public-mdx/')).toContain('Public MDX body text');
    expect(site.page('/katas/public-mdx/')).toContain('Facilitated by the team.');
  });

  it('lists on the health page only sources with public documents, and counts no internal draft', () => {
    const health = site.page('/health/');
    expect(health).toContain('6 public documents');
    expect(health).toContain('incidents');
    expect(health).not.toContain('opsonly');
    expect(health).not.toMatch(/draft/i);
  });
});

describe('the leak guard of a public build', () => {
  it('stops the build on a kind/slug reference to an internal document that no link rewriting reached', async () => {
    writeFileSync(
      path.join(work, 'sources.yaml'),
      sources('  - { name: planted, repo: "' + repo.url + '", kind: session, include: ["planted/*.md"] }\n'),
    );
    const r = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist-planted'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_AUDIENCE: 'public',
    });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/Public build stopped: internal content found in the output, which was not published:/);
    expect(existsSync(path.join(work, 'dist-planted'))).toBe(false);
    expect(r.output).toMatch(/sessions\/kind-slug\/index\.html: "postmortems\/2024-06-01-secret-incident"/);
  }, 240_000);
});

describe('marker look-alikes in a public build', () => {
  it('refuses each with its diagnostic at file:line, and builds the neighbour', async () => {
    writeFileSync(
      path.join(work, 'sources.yaml'),
      sources('  - { name: near, repo: "' + repo.url + '", kind: session, include: ["near-miss/*.md"] }\n'),
    );
    const r = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist-near'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_AUDIENCE: 'public',
    });
    expect(r.code, r.output).toBe(0);
    const expected = (found: string) =>
      `skipped: expected an internal region marker written exactly \`<!-- internal -->\` or \`<!-- /internal -->\` (ASCII, on one line, outside code), found "${found}"; write the marker exactly so, or remove it`;
    expect(r.output).toContain(`near:near-miss/dashes.md:8: ${expected('<!--- internal --->')}`);
    expect(r.output).toContain(`near:near-miss/zwsp.md:8: ${expected('<!-- inter\\u200bnal -->')}`);
    expect(r.output).toContain(`near:near-miss/colon.md:6: ${expected('<!-- internal: ops -->')}`);
    expect(r.output).toContain(
      'near:near-miss/frontmatter.md:5: skipped: the frontmatter holds "<!-- internal -->", but internal regions work only in the body; move the internal text to an <!-- internal --> region of the body',
    );
    expect(r.exists('/sessions/neighbour/')).toBe(true);
    for (const name of ['dashes', 'zwsp', 'colon', 'frontmatter'])
      expect(r.exists(`/sessions/${name}/`), name).toBe(false);
    for (const { file, text } of outputTexts(r.outDir))
      expect(text.match(/SECRET-NEAR-[A-Z]+/)?.[0], file).toBeUndefined();
  }, 240_000);
});
