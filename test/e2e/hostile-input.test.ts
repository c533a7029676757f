/**
 * A corpus of hostile and broken documents: each gets its own clear diagnostic, the build does not crash, every
 * valid document beside them is built, and no payload runs in Chromium.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { browserAvailable, siteInBrowser } from '../helpers/browser.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

const root = path.resolve(import.meta.dirname, '../..');
let repo: TestRepo;
let work: string;
let site: SiteBuild;
const longName = `postmortems/${'x'.repeat(400)}.md`;

beforeAll(async () => {
  repo = createTestRepo();
  cpSync(path.resolve(import.meta.dirname, '../fixtures/hostile'), repo.dir, { recursive: true });
  // Made here rather than committed: a 5 MB file and a link to /etc/passwd.
  repo.write(
    'postmortems/five-megabytes.md',
    `---\ntitle: Huge\ndate: 2025-01-01\n---\n${'All work and no play. '.repeat(240_000)}`,
  );
  symlinkSync('/etc/passwd', path.join(repo.dir, 'postmortems', 'passwd.md'));
  // Images a document shows: an SVG that scripts, a PNG over the size limit, and HTML named .png.
  repo.write(
    'images/evil.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><foreignObject><iframe src="javascript:alert(3)"/></foreignObject></svg>',
  );
  repo.write('images/huge.png', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(6 * 1024 * 1024)]));
  repo.write('images/page.png', '<html><script>alert(4)</script></html>');
  repo.write(
    'postmortems/xss-images.md',
    '---\ntitle: Hostile images\ndate: 2025-01-01\n---\n![evil](../images/evil.svg)\n\n![huge](/images/huge.png)\n\n<img src="../images/page.png" alt="page" onerror="alert(5)">\n',
  );
  repo.commit('hostile corpus');
  // A 403-byte name: legal in a git tree, too long for any file system, so it goes in without a checkout.
  repo.git(
    'update-index',
    '--add',
    '--cacheinfo',
    `100644,${repo.git('hash-object', '-w', 'postmortems/valid-one.md').trim()},${longName}`,
  );
  repo.git('commit', '-q', '-m', 'a name too long for a file system');
  work = makeTempDir('knowledge-hostile-');
  writeFileSync(
    path.join(work, 'sources.yaml'),
    `site: { title: Hostile }
sources:
  - { name: hostile, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*"] }
  - { name: talks, repo: "${repo.url}", kind: session, include: ["sessions/*"] }
  - { name: rules, repo: "${repo.url}", kind: standard, include: ["standards/*"] }
`,
  );
  site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  });
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const xssPages = [
  'xss-script',
  'xss-img-onerror',
  'xss-svg-onload',
  'xss-iframe',
  'xss-javascript-link',
  'xss-data-url',
  'xss-object-embed',
  'xss-style-overlay',
  'xss-entity-encoded',
  'xss-form',
  'xss-meta-refresh',
  'xss-details-ontoggle',
  'xss-in-frontmatter',
  'xss-mutation',
  'xss-comment-breakout',
  'xss-link-attrs',
  'xss-related-urls',
  'xss-site-classes',
  'xss-template-tags',
  'xss-images',
];

/** Each broken input and the diagnostic it must produce. */
const expected: Record<string, RegExp> = {
  'postmortems/invalid-yaml.md':
    /^hostile:postmortems\/invalid-yaml\.md:\d+: skipped: the frontmatter is not valid YAML: unexpected end of the stream within a flow collection/,
  'postmortems/wrong-types.md': /:4: action_items: skipped: expected array, received string, found "do everything"/,
  'postmortems/unknown-severity.md': /:4: severity: skipped: expected one of SEV1, SEV2, SEV3, SEV4, found "CRITICAL"/,
  'postmortems/impossible-date.md': /:3: date: skipped: expected a real date written YYYY-MM-DD, found "2023-02-29"/,
  'postmortems/no-title-no-heading.md':
    /title: no title in the frontmatter and no # heading; the file name gives "No title no heading"/,
  'postmortems/empty.md': /: skipped: the file is empty/,
  'postmortems/five-megabytes.md': /: skipped: 5,28\d,\d\d\d bytes, over the limit of 2,097,152 \(max_file_bytes\)/,
  'postmortems/binary.md': /: skipped: a binary file \(it contains NUL bytes\), not Markdown/,
  'postmortems/latin1.md': /latin1\.md:2: skipped: not valid UTF-8 \(line 2, byte 14 of the file\); save it as UTF-8/,
  'postmortems/duplicate-id-b.md': /id: the id "PM-2025-001" is also used by postmortem\/duplicate-id-a/,
  'postmortems/missing-link.md': /:5: the link to "\.\.\/runbooks\/missing-runbook\.md" leads to no document/,
  'postmortems/related-nowhere.md': /related: "standard\/does-not-exist" does not match any document/,
  'postmortems/fs-import.mdx': /: skipped: MDX runs code at build time, and source "hostile" is not trusted for it/,
  'postmortems/passwd.md': /: skipped: a symbolic link; links are not followed/,
  'postmortems/times-out-of-order.md':
    /:5: resolved: skipped: resolved \(2025-01-01T09:00:00\.000Z\) is before started/,
  'postmortems/unclosed-frontmatter.md':
    /title: skipped|date: skipped|skipped: the frontmatter is not valid YAML|no title/,
  'postmortems/frontmatter-js.md':
    /frontmatter-js\.md:1: skipped: the frontmatter is marked as "js"; only YAML frontmatter is read/,
  'postmortems/xss-related-urls.md':
    /xss-related-urls\.md:5: related\.0: expected an http\(s\) or mailto URL or a relative link, found "javascript:alert\(1\)" \(a javascript: URL\); it is left out/,
  'postmortems/xss-ticket-url.md':
    /xss-ticket-url\.md:6: action_items\.0\.ticket: expected an http\(s\) or mailto URL or a relative link, found "javascript:window\.x=1" \(a javascript: URL\); it is left out/,
  [longName]:
    /: skipped: a path too long for a file system: its part "x{30}…" is 403 bytes, over the limit of 255 per part; rename it$/,
  'postmortems/xss-source-url.md':
    /:4: source_url: skipped: expected an http\(s\) URL, found "javascript:alert\(document\.domain\)"/,
  'postmortems/xss-redirect-toml.md': /:4: redirect_to: skipped: expected an http\(s\) URL, found "data:text\/html/,
  'postmortems/xss-images.md':
    /xss-images\.md:5: the image "\.\.\/images\/evil\.svg" is not copied: an SVG that could run code or load other content: it holds a <script>/,
  'sessions/bad-url.md': /:4: recording: skipped: expected an http\(s\) URL, found "javascript:alert\(1\)"/,
};

describe('the bad-input corpus', () => {
  it('builds, and gives each broken input its own diagnostic', () => {
    expect(site.code, site.output).toBe(0);
    expect(existsSync(path.join(root, 'pwned.txt')), 'a ---js frontmatter ran').toBe(false);
    const lines = site.report.problems.map(formatProblem);
    const table: string[] = [];
    for (const [file, pattern] of Object.entries(expected)) {
      const mine = lines.filter((l) => l.includes(`:${file}:`) || l.endsWith(`:${file}`) || l.includes(`:${file}: `));
      expect(
        mine.some((l) => pattern.test(l)),
        `${file}: ${mine.join(' | ') || 'no diagnostic'}`,
      ).toBe(true);
      table.push(`${file} → ${mine.join(' | ')}`);
    }
    console.log(`bad-input corpus diagnostics:\n  ${table.join('\n  ')}`);
  });

  it('builds every valid document beside them, the XSS ones sanitised', () => {
    for (const slug of [
      'valid-one',
      'bom-crlf',
      'no-title-no-heading',
      'duplicate-id-a',
      'duplicate-id-b',
      'missing-link',
      'related-nowhere',
      'dot-dot-link',
      'xss-script',
      'xss-img-onerror',
      'xss-in-frontmatter',
      'xss-mutation',
    ]) {
      expect(site.exists(`/postmortems/${slug}/`), slug).toBe(true);
    }
    expect(site.exists('/sessions/valid-session/')).toBe(true);
    expect(site.page('/postmortems/bom-crlf/')).toContain('<h1>Windows file with BOM</h1>');
  });

  it('leaves no active content in any page', () => {
    for (const slug of [...xssPages, 'dot-dot-link']) {
      const main = site.page(`/postmortems/${slug}/`).split('<main')[1]!.split('</main>')[0]!;
      expect(main, slug).not.toMatch(/<(script|iframe|object|embed|form|style|base|meta|svg|math)\b/i);
      expect(main, slug).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(main, slug).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|data|vbscript):/i);
      expect(main, slug).not.toMatch(/position:\s*fixed/i);
      expect(main, slug).not.toContain('root:x:0:0');
    }
  });

  it('copies no hostile, oversized or disguised image, and shows each as its alt text', () => {
    const lines = site.report.problems
      .filter((p) => p.code === 'missing-image' && p.path === 'postmortems/xss-images.md')
      .map(formatProblem);
    expect(lines).toEqual([
      expect.stringMatching(/:5: the image "\.\.\/images\/evil\.svg" is not copied: an SVG that could run code/),
      expect.stringMatching(
        /:7: the image "\/images\/huge\.png" is not copied: it is 6\.0 MB, over the limit of 5\.0 MB per image/,
      ),
      expect.stringMatching(
        /:9: the image "\.\.\/images\/page\.png" is not copied: its content is not an image, not png/,
      ),
    ]);
    expect(existsSync(path.join(work, 'dist', '_files'))).toBe(false);
    const main = site.page('/postmortems/xss-images/').split('<main')[1]!.split('</main>')[0]!;
    expect(main).not.toMatch(/<img/);
    expect(main).toContain('evil');
  });

  it('keeps only web pages among related URLs, on the page and in the API', () => {
    const main = site.page('/postmortems/xss-related-urls/').split('<main')[1]!.split('</main>')[0]!;
    expect(main).toContain('href="https://example.org/runbook"');
    const api = readFileSync(path.join(site.outDir, 'api', 'postmortems.json'), 'utf8');
    expect(api).toContain('https://example.org/runbook');
    expect(api).not.toMatch(/javascript:|vbscript:|data:text/i);
    const warned = site.report.problems.filter(
      (p) => p.path === 'postmortems/xss-related-urls.md' && p.code === 'unsafe-url',
    );
    expect(warned.map((p) => p.field)).toEqual(['related.0', 'related.1', 'related.2', 'related.3', 'related.4']);
  });

  it("highlights the code of other documents after one names its code blocks after Object's prototype", () => {
    const bad = site.page('/postmortems/code-proto-langs/');
    expect(bad.match(/data-language="plaintext"/g)).toHaveLength(3);
    const good = site.page('/postmortems/highlighted-neighbour/');
    expect(good).toContain('data-language="yaml"');
    expect(new Set(good.match(/<span style="--shiki-light:#[0-9A-F]{6}/gi)).size).toBeGreaterThan(1);
  });

  it('takes template tags out before the body is rendered and sanitised', () => {
    const main = site.page('/postmortems/xss-template-tags/').split('<main')[1]!.split('</main>')[0]!;
    expect(main).not.toMatch(/<%|\{\{|\{%|%>|window\.__xss='(erb|liquid|hugo)'<\/script/);
    expect(main).toContain('the sanitiser must still see the result');
    expect(site.report.problems).toContainEqual(
      expect.objectContaining({ source: 'hostile', path: 'postmortems/xss-template-tags.md', code: 'template-tags' }),
    );
  });

  it("keeps none of the site's own classes or ids in a document's body", () => {
    const body = site.page('/postmortems/xss-site-classes/').split('<div class="doc-body"')[1]!.split('</main>')[0]!;
    expect(body).toContain('Focus me');
    expect(body).not.toMatch(/class="(skip-link|site-header)"/);
    expect(body).not.toContain('id="main"');
  });

  it("lets no requirement id take one of the page's own ids or leave its attribute", () => {
    const page = site.page('/standards/xss-requirement-ids/');
    // Each stays the site's own: once on the page.
    for (const id of ['theme', 'menu-button', 'site-nav', 'main']) expect(page.split(`id="${id}"`)).toHaveLength(2);
    expect(page).not.toMatch(/<[^>]*\sonmouseover=/i);
    expect(page).toContain(
      '<li id="SEC-009-R1" class="requirement"><a class="req-id" href="#SEC-009-R1">SEC-009-R1</a>',
    );
    // Outside attribute values (where `<` is only text), no element came from it.
    expect(page.replace(/"[^"]*"/g, '""')).not.toContain('<script>window');
    expect(page).toContain('&lt;script&gt;window.__xss=&#39;group&#39;&lt;/script&gt;');
  });

  it('lists the hostile titles and summaries as text on the listing pages', () => {
    for (const [url, ownScripts] of [
      ['/postmortems/', 1],
      ['/', 0],
    ] as const) {
      // The index's own filter script is the one script there: what is left holds the documents' text.
      const ours = /<script type="module">[\s\S]*?<\/script>/g;
      const page = site.page(url).split('<main')[1]!.split('</main>')[0]!;
      expect(page.match(ours) ?? [], url).toHaveLength(ownScripts);
      const main = page.replace(ours, '');
      expect(main, url).toContain('&lt;script&gt;window.__xss=&#39;title&#39;&lt;/script&gt;');
      expect(main, url).not.toMatch(/<(script|iframe|object|embed|form|style|base|meta|svg|math|img)\b/i);
      expect(main, url).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    }
  });
});

describe('the same corpus prepared in worker threads', () => {
  it('gives the same pages and the same diagnostics as on the main thread', async () => {
    // The first build prepared its few documents on the main thread; force the worker pool for this one.
    const pooled = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist-pooled'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro-pooled'),
      KNOWLEDGE_PARSE_WORKERS: '2',
    });
    expect(pooled.code, pooled.output).toBe(0);
    expect(pooled.report.totals.documents).toBe(site.report.totals.documents);
    expect(pooled.output).toMatch(/Post-mortems: preparing \d+ file\(s\) in 2 worker thread\(s\)/);
    expect(pooled.report.problems).toEqual(site.report.problems);
    const pages = (dir: string) =>
      readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.html') && !f.startsWith('health'))
        .sort();
    expect(pages(pooled.outDir)).toEqual(pages(site.outDir));
    for (const f of pages(site.outDir))
      expect(readFileSync(path.join(pooled.outDir, f), 'utf8'), f).toBe(
        readFileSync(path.join(site.outDir, f), 'utf8'),
      );
  }, 240_000);
});

describe.skipIf(!browserAvailable)('the XSS corpus in Chromium', () => {
  const web = siteInBrowser(() => path.join(work, 'dist'));

  it('runs nothing when any link of a hostile page is clicked', async () => {
    const context = await web.browser.newContext();
    // Only the site itself is served: a click that leaves it is stopped, which is all that needs checking.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(web.url) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    let clicked = 0;
    for (const slug of xssPages) {
      await page.goto(`${web.url}/postmortems/${slug}/`);
      const count = await page.locator('main a[href]').count();
      for (let i = 0; i < count; i++) {
        await page.goto(`${web.url}/postmortems/${slug}/`);
        await page
          .locator('main a[href]')
          .nth(i)
          .click({ timeout: 1000 })
          .catch(() => {});
        await page.waitForLoadState('load').catch(() => {});
        await page.waitForTimeout(30);
        clicked++;
        expect(
          await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss).catch(() => undefined),
          `${slug}, link ${i}`,
        ).toBeUndefined();
      }
    }
    expect(clicked).toBeGreaterThanOrEqual(20);
    expect(dialogs).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows search excerpts and titles as their text, escaped once, running nothing', async () => {
    const page = await web.browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${web.url}/search/?q=zebrafish`);
    await page.waitForSelector('#results li p');
    const excerpt = await page.locator('#results li').first().locator('p').first().textContent();
    expect(excerpt).toContain('a < b && c > d');
    expect(excerpt).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('#results mark').first().textContent()).toMatch(/^zebrafish$/i);
    expect(await page.locator('#results img').count()).toBe(0);
    await page.goto(`${web.url}/search/?q=xss`);
    await page.waitForSelector('#results li h3');
    // Results come a page at a time: show them all.
    while (await page.locator('#more').isVisible()) {
      const shown = await page.locator('#results li').count();
      await page.locator('#more').click();
      await expect.poll(() => page.locator('#results li').count()).toBeGreaterThan(shown);
    }
    const titles = await page.locator('#results h3').allTextContents();
    expect(titles).toContain("<script>window.__xss='title'</script>");
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('runs no payload and lets nothing cover the page', async () => {
    for (const slug of xssPages) {
      const page = await web.browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${web.url}/postmortems/${slug}/`);
      await page.mouse.move(300, 300);
      for (const link of await page.locator('main a').all()) await link.hover().catch(() => {});
      // Focusable parts of the body must not move over the page when focused, as the site's skip link does.
      for (const el of await page.locator('main [tabindex], main a, main summary').all()) {
        await el.focus().catch(() => {});
        const over = await page.evaluate(() => document.elementFromPoint(20, 20)?.closest('header')?.className);
        expect(over, `${slug}: after focusing a part of the body`).toBe('site-header');
      }
      await page.waitForTimeout(50);
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), slug).toBeUndefined();
      expect(dialogs, slug).toEqual([]);
      expect(new URL(page.url()).pathname, slug).toBe(`/postmortems/${slug}/`);
      const top = await page.evaluate(() => document.elementFromPoint(20, 20)?.closest('header')?.className);
      expect(top, slug).toBe('site-header');
      await page.close();
    }
  });
});
