/**
 * A repository shaped like a Jekyll docs site (18F's before-you-ship): pages under `_pages/` served at pretty
 * addresses, linking as that site does (site paths, links relative to the page's address, a permalink and a
 * redirect), images beside them in `assets/`, a PDF, a broken link, a missing image and a hostile SVG.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

/** A real 1×1 PNG and a real 1×1 GIF. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const hashed = (bytes: Buffer, ext: string) =>
  `${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${ext}`;

let repo: TestRepo;
let middleman: TestRepo;
let work: string;
let commit: string;
let site: SiteBuild;
let again: SiteBuild;

beforeAll(async () => {
  repo = createTestRepo();
  repo.write(
    '_config.yml',
    'title: Before You Ship\npermalink: pretty\ncollections:\n  pages:\n    output: true\n    permalink: /:path/\n',
  );
  repo.write(
    '_pages/security.md',
    '---\ntitle: Security\n---\nSee [privacy](../privacy/) and [scanning](scanning/) and [certificates](/infrastructure/certs/).\n\nThe [old scan](old-scan/) moved.\n',
  );
  repo.write(
    '_pages/privacy.md',
    '---\ntitle: Privacy\npermalink: /privacy/\nredirect_from:\n  - /old-privacy/\n---\nBack to [security](/security/).\n',
  );
  repo.write(
    '_pages/security/scanning.md',
    '---\ntitle: Scanning\n---\nRead the [old privacy page](/old-privacy/) and [dynamic scanning](../dynamic-scanning/).\n',
  );
  repo.write(
    '_pages/security/dynamic-scanning.md',
    [
      '---',
      'title: Dynamic Scanning',
      '---',
      'Run [both scans](../scanning/) first.',
      '',
      '![ZAP home screen](../../assets/images/zap_home.png)',
      '',
      'Click <img class="inline" src="../../assets/images/zap_options.gif" alt="small options icon"/> to set the scope.',
      '',
      'The [DNSSEC policy](../../assets/18F%20DNSSEC%20Policy%202015.pdf) applies.',
      '',
      'This [page is gone](../no-such-page/).',
      '',
      '![missing screenshot](../../assets/images/none.png)',
      '',
      '![evil diagram](/assets/images/evil.svg)',
      '',
    ].join('\n'),
  );
  // A redirect-only page (not built): links to it go where it redirects.
  repo.write('_pages/security/old-scan.md', '---\nredirect_to: https://handbook.example.gov/scan/\n---\n');
  repo.write(
    '_pages/infrastructure/certs.md',
    '---\ntitle: Certificates\n---\nUp to [security](../../security/).\n\nOur [own page](https://kb.example.org/standards/nope/).\n',
  );
  repo.write('assets/images/zap_home.png', PNG);
  repo.write('assets/images/zap_options.gif', GIF);
  repo.write(
    'assets/images/evil.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>',
  );
  repo.write('assets/18F DNSSEC Policy 2015.pdf', '%PDF-1.4\n%fixture\n');
  commit = repo.commit('jekyll site');
  // A Middleman site: `source/standards/x.html.md.erb` is served at /standards/x.html, `source/images/` at /images/.
  middleman = createTestRepo();
  middleman.write(
    'source/standards/monitoring.html.md.erb',
    '---\ntitle: Monitoring\n---\nSee [logging](logging.html).\n\n![A graph](/images/graph.gif)\n',
  );
  middleman.write(
    'source/standards/logging.html.md.erb',
    '---\ntitle: Logging\n---\nWith [monitoring](/standards/monitoring.html) (also [here](/standards/monitoring/)).\n',
  );
  middleman.write('source/images/graph.gif', GIF);
  middleman.commit('middleman site');
  work = makeTempDir('knowledge-links-');
  writeFileSync(
    path.join(work, 'sources.yaml'),
    `site: { title: Links, url: "https://kb.example.org" }
sources:
  - name: bys
    repo: "${repo.url}"
    kind: standard
    include: ["_pages/**/*.md"]
    web_url: https://github.com/example/before-you-ship
  - { name: mm, repo: "${middleman.url}", kind: standard, include: ["source/**/*.html.md.erb"] }
`,
  );
  const env = { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'), KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro') };
  site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), env);
  // Unchanged: every document is replayed, and its images must still be in the site.
  if (site.code === 0) again = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), env);
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  middleman?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const body = (html: string) => html.split('<main')[1]!.split('</main>')[0]!;

describe('links between the pages of a Jekyll site', () => {
  it('points links in every form the site writes at our pages', () => {
    expect(site.code, site.output).toBe(0);
    const security = body(site.page('/standards/security/'));
    expect(security).toContain('<a href="/standards/privacy/">privacy</a>');
    expect(security).toContain('<a href="/standards/scanning/">scanning</a>');
    expect(security).toContain('<a href="/standards/certs/">certificates</a>');
    expect(security).toContain('<a href="https://handbook.example.gov/scan/" rel="noopener noreferrer">old scan</a>');
    expect(body(site.page('/standards/privacy/'))).toContain('<a href="/standards/security/">security</a>');
    const scanning = body(site.page('/standards/scanning/'));
    expect(scanning).toContain('<a href="/standards/privacy/">old privacy page</a>');
    expect(scanning).toContain('<a href="/standards/dynamic-scanning/">dynamic scanning</a>');
    // Relative to the page's address (/infrastructure/certs/), not to the file.
    expect(body(site.page('/standards/certs/'))).toContain('<a href="/standards/security/">security</a>');
    expect(body(site.page('/standards/dynamic-scanning/'))).toContain('<a href="/standards/scanning/">both scans</a>');
  });

  it('points the links of a Middleman site at our pages, and copies its image from its static folder', () => {
    const monitoring = body(site.page('/standards/monitoring/'));
    expect(monitoring).toContain('<a href="/standards/logging/">logging</a>');
    expect(monitoring).toContain(`<img src="/_files/${hashed(GIF, 'gif')}" alt="A graph" />`);
    const logging = body(site.page('/standards/logging/'));
    expect(logging).toContain('<a href="/standards/monitoring/">monitoring</a>');
    expect(logging).toContain('<a href="/standards/monitoring/">here</a>');
    expect(site.report.problems.filter((p) => p.source === 'mm' && p.code !== 'no-title')).toEqual([]);
  });

  it('sends the link to a PDF of the repository to its web view', () => {
    expect(body(site.page('/standards/dynamic-scanning/'))).toContain(
      `href="https://github.com/example/before-you-ship/blob/${commit}/assets/18F%20DNSSEC%20Policy%202015.pdf"`,
    );
  });

  it('reports the broken link at its line and renders it as its words', () => {
    const lines = site.report.problems.map(formatProblem);
    expect(lines).toContain(
      'bys:_pages/security/dynamic-scanning.md:12: the link to "../no-such-page/" leads to no document',
    );
    // Also a link to a page of this site that does not exist, written as its full address.
    expect(lines).toContain(
      'bys:_pages/infrastructure/certs.md:6: the link to "https://kb.example.org/standards/nope/" leads to no document',
    );
    expect(site.report.problems.filter((p) => p.code === 'broken-link')).toHaveLength(2);
    expect(body(site.page('/standards/certs/'))).toMatch(/<a(?![^>]*href)[^>]*class="broken-link"[^>]*>own page<\/a>/);
    expect(body(site.page('/standards/dynamic-scanning/'))).toContain(
      '<a class="broken-link" title="This link leads to a document that does not exist">page is gone</a>',
    );
  });
});

describe('images of the repository', () => {
  it('copies each into the site under its content hash, with the same bytes', () => {
    const page = body(site.page('/standards/dynamic-scanning/'));
    for (const [bytes, ext] of [
      [PNG, 'png'],
      [GIF, 'gif'],
    ] as const) {
      const name = hashed(bytes, ext);
      expect(page).toContain(`src="/_files/${name}"`);
      expect(readFileSync(path.join(work, 'dist', '_files', name))).toEqual(bytes);
    }
    expect(page).toContain(`<img src="/_files/${hashed(PNG, 'png')}" alt="ZAP home screen" />`);
  });

  it('reports the missing image and the hostile SVG, and shows their alt text, never an empty <img>', () => {
    const lines = site.report.problems.filter((p) => p.code === 'missing-image').map(formatProblem);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^bys:_pages\/security\/dynamic-scanning\.md:14: the image "\.\.\/\.\.\/assets\/images\/none\.png" is not in the repository/,
    );
    expect(lines[1]).toMatch(
      /^bys:_pages\/security\/dynamic-scanning\.md:16: the image "\/assets\/images\/evil\.svg" is not copied: an SVG that could run code/,
    );
    const page = site.page('/standards/dynamic-scanning/');
    expect(body(page)).toContain('missing screenshot');
    expect(body(page)).toContain('evil diagram');
    expect(page).not.toMatch(/<img(?![^>]*\ssrc="[^"]+")[^>]*>/);
    expect(readdirSync(path.join(work, 'dist', '_files')).filter((f) => f.endsWith('.svg'))).toEqual([]);
  });

  it('keeps the images of documents replayed unchanged by the next build', () => {
    expect(again.code, again.output).toBe(0);
    expect(again.report.totals.parsed).toBe(0);
    expect(existsSync(path.join(work, 'dist', '_files', hashed(PNG, 'png')))).toBe(true);
    expect(again.report.problems.filter((p) => p.code === 'missing-image')).toHaveLength(2);
  });

  it('copies an image again when it went missing from the cache, instead of failing', async () => {
    rmSync(path.join(work, 'astro', 'knowledge-files', hashed(PNG, 'png')));
    const healed = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro'),
    });
    expect(healed.code, healed.output).toBe(0);
    expect(healed.report.totals.parsed).toBe(1);
    expect(existsSync(path.join(work, 'astro', 'knowledge-files', hashed(PNG, 'png')))).toBe(true);
    expect(readFileSync(path.join(work, 'dist', '_files', hashed(PNG, 'png')))).toEqual(PNG);
  }, 120_000);
});

describe('the same repository in a public build', () => {
  it('copies the images and resolves the links of public documents, and the leak guard passes', async () => {
    const sources = path.join(work, 'public.yaml');
    writeFileSync(
      sources,
      readFileSync(path.join(work, 'sources.yaml'), 'utf8').replace(
        'kind: standard\n',
        'kind: standard\n    defaults: { visibility: public }\n',
      ),
    );
    const pub = await buildSite(sources, path.join(work, 'dist-public'), {
      KNOWLEDGE_AUDIENCE: 'public',
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro-public'),
    });
    expect(pub.code, pub.output).toBe(0);
    const page = body(pub.page('/standards/dynamic-scanning/'));
    expect(page).toContain(`src="/_files/${hashed(PNG, 'png')}"`);
    expect(page).toContain('<a href="/standards/scanning/">both scans</a>');
    expect(readFileSync(path.join(work, 'dist-public', '_files', hashed(PNG, 'png')))).toEqual(PNG);
  }, 120_000);
});
