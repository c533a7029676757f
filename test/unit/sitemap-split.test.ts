/** The sitemap within the sitemaps protocol's limits: an index over parts of at most 50,000 URLs and 50 MB each. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { SITEMAP_LIMITS, writeSitemap } from '../../src/build/sitemap.ts';
import { makeTempDir } from '../helpers/git-repo.ts';
import { xmlProblems } from '../helpers/strict-xml.ts';

const parser = new XMLParser({ isArray: (name) => name === 'url' || name === 'sitemap' });
const read = (dir: string, file: string) => {
  const xml = readFileSync(path.join(dir, file), 'utf8');
  expect(xmlProblems(xml), file).toEqual([]);
  return parser.parse(xml) as {
    urlset?: { url: Array<{ loc: string }> };
    sitemapindex?: { sitemap: Array<{ loc: string }> };
  };
};
const page = (dir: string, rel: string) => {
  mkdirSync(path.join(dir, rel), { recursive: true });
  writeFileSync(path.join(dir, rel, 'index.html'), '');
};

describe('the sitemap of a large site', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const dir = () => {
    const d = makeTempDir('knowledge-sitemap-split-');
    dirs.push(d);
    return d;
  };

  it('has the protocol limits as defaults', () => {
    expect(SITEMAP_LIMITS).toEqual({ urls: 50_000, bytes: 52_428_800 });
  });

  it('at 50,001 pages, makes sitemap.xml an index over two parts holding every page once', () => {
    const d = dir();
    for (let i = 0; i < 50_000; i++) page(d, `postmortems/p${String(i).padStart(5, '0')}`);
    page(d, 'tags/a&b');
    expect(writeSitemap(d, 'https://kb.example.org/')).toBe(50_001);
    const index = read(d, 'sitemap.xml');
    expect(index.urlset).toBeUndefined();
    expect(index.sitemapindex!.sitemap.map((s) => s.loc)).toEqual([
      'https://kb.example.org/sitemap-0.xml',
      'https://kb.example.org/sitemap-1.xml',
    ]);
    const parts = [read(d, 'sitemap-0.xml'), read(d, 'sitemap-1.xml')].map((p) => p.urlset!.url.map((u) => u.loc));
    expect(parts.map((p) => p.length)).toEqual([50_000, 1]);
    const all = parts.flat();
    expect(new Set(all).size).toBe(50_001);
    expect(all).toContain('https://kb.example.org/postmortems/p00000/');
    // Escaped in the file (the parser above decodes it back).
    expect(readFileSync(path.join(d, 'sitemap-1.xml'), 'utf8')).toContain(
      '<loc>https://kb.example.org/tags/a&amp;b/</loc>',
    );
  }, 120_000);

  it('splits at a smaller limit of URLs or bytes, and a later smaller site is one file again', () => {
    const d = dir();
    for (let i = 0; i < 7; i++) page(d, `katas/k${i}`);
    writeSitemap(d, 'https://kb.example.org', { urls: 3, bytes: SITEMAP_LIMITS.bytes });
    expect(read(d, 'sitemap.xml').sitemapindex!.sitemap).toHaveLength(3);
    expect([0, 1, 2].map((i) => read(d, `sitemap-${i}.xml`).urlset!.url.length)).toEqual([3, 3, 1]);
    // About 60 bytes per entry and 110 for the wrapping: 200 bytes hold one or two entries, never more.
    writeSitemap(d, 'https://kb.example.org', { urls: 50_000, bytes: 250 });
    const parts = readdirSync(d).filter((f) => /^sitemap-\d+\.xml$/.test(f));
    expect(parts.length).toBeGreaterThan(3);
    for (const f of parts) expect(readFileSync(path.join(d, f)).length).toBeLessThanOrEqual(250);
    expect(parts.flatMap((f) => read(d, f).urlset!.url)).toHaveLength(7);
    writeSitemap(d, 'https://kb.example.org');
    expect(read(d, 'sitemap.xml').urlset!.url).toHaveLength(7);
    expect(existsSync(path.join(d, 'sitemap-0.xml'))).toBe(false);
  });
});
