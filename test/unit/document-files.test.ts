import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readBodyStructure } from '../../src/lib/body-structure.ts';
import { restoreImages } from '../../src/lib/restore-images.ts';
import { sanitizeRendered } from '../../src/lib/sanitize-rendered.ts';
import {
  attachFiles,
  imageTypeOf,
  MAX_IMAGE_BYTES,
  othersDigest,
  RepoFiles,
  unsafeSvg,
} from '../../src/loaders/document-files.ts';
import type { SyncedSource } from '../../src/sources/sync.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

/** A real 1×1 PNG. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const HOSTILE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
const SAFE_SVG =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1"/></svg>';

const work = makeTempDir('knowledge-files-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function repo(files: Record<string, Buffer | string>, over: Partial<SyncedSource> = {}, documents?: Set<string>) {
  const contents = new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)]));
  const source = {
    config: { name: 's' },
    commit: 'abc123',
    webUrl: 'https://github.com/org/site',
    repoPrefix: '',
    others: [...contents].map(([p, c]) => ({ path: p, blob: '', size: c.length })),
    ...over,
  } as unknown as SyncedSource;
  return new RepoFiles(source, async (f) => contents.get(f.path)!, path.join(work, 'files'), documents);
}

async function render(markdown: string, files: RepoFiles, repoPath = '_pages/security/scan.md') {
  const structure = readBodyStructure(markdown);
  // The HTML as Astro's processor writes it for a relative image, then sanitised.
  const raw = markdown
    .replace(
      /!\[([^\]]*)\]\(([^)]*)\)/g,
      (_, alt, src) => `<img __ASTRO_IMAGE_="${JSON.stringify({ alt, src, index: 0 }).replace(/"/g, '&quot;')}">`,
    )
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '<a href="$2">$1</a>');
  const html = sanitizeRendered(restoreImages(raw));
  return attachFiles(html, { repoPath, links: structure.links, images: structure.images }, files, {
    source: 's',
    path: repoPath,
  });
}

describe('images and files of the repository', () => {
  it('recognises images by their bytes, not their names', () => {
    expect(imageTypeOf(TINY_PNG)).toBe('png');
    expect(imageTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(imageTypeOf(Buffer.from('GIF89a....'))).toBe('gif');
    expect(imageTypeOf(Buffer.from(SAFE_SVG))).toBe('svg');
    expect(imageTypeOf(Buffer.from('<html><script>x</script></html>'))).toBeUndefined();
  });

  it('refuses an SVG that could script or load anything, and keeps a plain one', () => {
    expect(unsafeSvg(HOSTILE_SVG)).toMatch(/script/);
    expect(unsafeSvg('<svg><foreignObject><div/></foreignObject></svg>')).toMatch(/foreignObject/);
    expect(unsafeSvg('<svg><a href="javascript:alert(1)"/></svg>')).toMatch(/javascript/);
    expect(unsafeSvg('<svg><image href="https://tracker.example/x.png"/></svg>')).toMatch(/outside/);
    expect(unsafeSvg('<svg><rect ONCLICK="x()"/></svg>')).toMatch(/event handler/);
    expect(unsafeSvg(SAFE_SVG)).toBeUndefined();
  });

  it('copies an image found relative to the file, the page address or the site root, under its content hash', async () => {
    const files = repo({ 'assets/images/x.png': TINY_PNG });
    const out = await render(
      '![A](../../assets/images/x.png)\n\nclick <img class="inline" src="/assets/images/x.png" alt="B"/> here\n',
      files,
      '_pages/security/deep/scan.md',
    );
    const name = `${createHash('sha256').update(TINY_PNG).digest('hex').slice(0, 12)}.png`;
    expect(out.files).toEqual([name]);
    expect(out.problems).toEqual([]);
    expect(out.html).toContain(`<img src="/_files/${name}" alt="A" />`);
    expect(out.html).toContain(`<img src="/_files/${name}" alt="B" />`);
    expect(readFileSync(path.join(work, 'files', name))).toEqual(TINY_PNG);
  });

  it('shows a missing or refused image as its alt text and reports it at its line', async () => {
    const files = repo({
      'assets/evil.svg': HOSTILE_SVG,
      'assets/fake.png': '<script>alert(1)</script>',
      'assets/huge.png': Buffer.concat([TINY_PNG, Buffer.alloc(MAX_IMAGE_BYTES)]),
    });
    const out = await render(
      'Intro\n\n![gone](../../assets/none.png)\n\n![evil](/assets/evil.svg)\n\n![fake](/assets/fake.png)\n\n![huge](/assets/huge.png)\n\n<img alt="no source">\n',
      files,
    );
    expect(out.files).toEqual([]);
    expect(out.html).not.toMatch(/<img/);
    expect(out.html).toContain('<span class="missing-image" title="This image is missing">gone</span>');
    expect(out.problems.map((p) => `${p.code}:${p.line}`)).toEqual([
      'missing-image:3',
      'missing-image:5',
      'missing-image:7',
      'missing-image:9',
      'missing-image:11',
    ]);
    expect(out.problems[1]!.message).toMatch(/SVG that could run code/);
    expect(out.problems[2]!.message).toMatch(/not an image/);
    expect(out.problems[3]!.message).toMatch(/over the limit/);
  });

  it('sends a link to a file that is not a document to the web view, and leaves the rest to the site graph', async () => {
    const out = await render(
      '[policy](../../assets/18F%20DNSSEC%20Policy%202015.pdf#page=2) and [a page](../privacy/)\n',
      repo({ 'assets/18F DNSSEC Policy 2015.pdf': '%PDF-1.4' }),
    );
    expect(out.html).toContain(
      'href="https://github.com/org/site/blob/abc123/assets/18F%20DNSSEC%20Policy%202015.pdf#page=2" rel="noopener noreferrer"',
    );
    expect(out.links.map((l) => l.url)).toEqual(['../privacy/']);
    const gitlab = await render(
      '[policy](/assets/a.pdf)\n',
      repo({ 'assets/a.pdf': '%PDF' }, { webUrl: 'https://gitlab.example.org/g/site' }),
    );
    expect(gitlab.html).toContain('href="https://gitlab.example.org/g/site/-/blob/abc123/assets/a.pdf"');
    // A Markdown file no source builds is a file like any other; one another source builds is a document.
    const md = await render(
      '[contributing](../../CONTRIBUTING.md) and [other](../../other/doc.md)\n',
      repo({ 'CONTRIBUTING.md': '# C', 'other/doc.md': '# D' }, {}, new Set(['other/doc.md'])),
    );
    expect(md.html).toContain('href="https://github.com/org/site/blob/abc123/CONTRIBUTING.md"');
    expect(md.links.map((l) => l.url)).toEqual(['../../other/doc.md']);
    // Without a web view the link stays, for the site graph to report.
    const none = await render('[policy](/assets/a.pdf)\n', repo({ 'assets/a.pdf': '%PDF' }, { webUrl: undefined }));
    expect(none.links.map((l) => l.url)).toEqual(['/assets/a.pdf']);
    expect(none.html).toContain('href="/assets/a.pdf"');
  });
});

describe('bounds and digests', () => {
  it('lists at most 20 missing images of a document, then how many more', async () => {
    const md = Array.from({ length: 30 }, (_, i) => `![x${i}](/none-${i}.png)`).join('\n\n');
    const out = await render(md, repo({}));
    expect(out.problems).toHaveLength(21);
    expect(out.problems[20]!.message).toMatch(/^10 more images not found or refused in this file/);
  });

  it("changes the documents' digest when an image changes or a file appears, not for other documents or data", () => {
    const at = (others: Array<[string, string, number]>) =>
      othersDigest(
        {
          repoPrefix: '',
          others: others.map(([p, blob, size]) => ({ path: p, blob, size })),
        } as unknown as SyncedSource,
        new Set(['other/doc.md']),
      );
    const base = at([
      ['assets/x.png', 'a1', 10],
      ['data.json', 'b1', 5],
      ['other/doc.md', 'c1', 5],
    ]);
    expect(
      at([
        ['assets/x.png', 'a1', 10],
        ['data.json', 'b2', 7],
        ['other/doc.md', 'c2', 9],
      ]),
    ).toBe(base);
    expect(
      at([
        ['assets/x.png', 'a2', 10],
        ['data.json', 'b1', 5],
        ['other/doc.md', 'c1', 5],
      ]),
    ).not.toBe(base);
    expect(
      at([
        ['assets/x.png', 'a1', 10],
        ['data.json', 'b1', 5],
        ['other/doc.md', 'c1', 5],
        ['new.pdf', 'd', 1],
      ]),
    ).not.toBe(base);
    expect(
      at([
        ['assets/x.png', 'a1', 10],
        ['data.json', 'b1', 5],
        ['other/doc.md', 'c1', 5],
        ['README.md', 'e', 1],
      ]),
    ).not.toBe(base);
  });
});

describe('relative images through the Markdown renderer', () => {
  it('keeps their source and alt text instead of an empty <img />', async () => {
    const { createMarkdownRenderer } = await import('../../src/loaders/markdown-renderer.ts');
    const { prepareDocument } = await import('../../src/loaders/prepare-document.ts');
    const renderer = await createMarkdownRenderer({ image: {}, gfm: true, syntaxHighlight: 'shiki' });
    const prepared = await prepareDocument(
      {
        kind: 'standard',
        source: 's',
        path: 'a.md',
        bytes: Buffer.from('---\ndate: 2025-01-01\n---\n# A\n\n![ZAP <home>](../../assets/images/zap_home.png)\n'),
        renderBody: true,
      },
      renderer,
    );
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
    expect(prepared.html).toContain('<img src="../../assets/images/zap_home.png" alt="ZAP &lt;home&gt;" />');
  });
});
