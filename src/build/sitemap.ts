/**
 * `sitemap.xml` from the pages actually written, so that it lists exactly what was built for this audience
 * (pages kept from the last build included, since they are read from the output folder).
 *
 * The sitemaps protocol allows at most 50,000 URLs and 50 MB (uncompressed) per file. A site within that gets one
 * `sitemap.xml` holding every URL. A larger one gets `sitemap-0.xml`, `sitemap-1.xml`, … each within the limits,
 * and `sitemap.xml` becomes their sitemap index: the address given to crawlers (search consoles, robots.txt)
 * stays the same whatever the size of the site. Sitemap files of an earlier, larger build are deleted.
 *
 * Neither the `sitemap` package nor @astrojs/sitemap is used: @astrojs/sitemap lists the routes Astro rendered in
 * this build, not the pages kept in place from the last one, and this is about 40 lines.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { escapeXml, xmlText } from '../lib/html.ts';

/** The sitemaps protocol's limits for one file: 50,000 URLs, 50 MB (52,428,800 bytes) uncompressed. */
export const SITEMAP_LIMITS = { urls: 50_000, bytes: 52_428_800 };

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const PART = /^sitemap-\d+\.xml$/;

function pages(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && !(rel === '' && /^(pagefind(-\d+)?|_astro)$/.test(e.name))) out.push(...pages(dir, p));
    else if (e.name === 'index.html') out.push(`/${rel ? `${rel}/` : ''}`);
  }
  return out;
}

const entry = (base: string, u: string) => `  <url><loc>${escapeXml(base + encodeURI(xmlText(u)))}</loc></url>\n`;

/** Groups the entries into files of at most `limits.urls` entries and `limits.bytes` bytes each. */
function split(entries: string[], limits: { urls: number; bytes: number }, wrapBytes: number): string[][] {
  const files: string[][] = [];
  let current: string[] = [];
  let bytes = wrapBytes;
  for (const e of entries) {
    const n = Buffer.byteLength(e);
    if (current.length && (current.length >= limits.urls || bytes + n > limits.bytes)) {
      files.push(current);
      current = [];
      bytes = wrapBytes;
    }
    current.push(e);
    bytes += n;
  }
  if (current.length || !files.length) files.push(current);
  return files;
}

/** Writes the sitemap (one file, or an index and its parts); returns the number of page URLs. */
export function writeSitemap(siteDir: string, siteUrl: string, limits = SITEMAP_LIMITS): number {
  const base = siteUrl.replace(/\/+$/, '');
  const urls = pages(siteDir)
    .filter((p) => p !== '/404/')
    .sort();
  const open = `${HEAD}<urlset ${NS}>\n`;
  const close = '</urlset>\n';
  const files = split(
    urls.map((u) => entry(base, u)),
    limits,
    Buffer.byteLength(open + close),
  );
  for (const name of readdirSync(siteDir)) if (PART.test(name)) rmSync(path.join(siteDir, name), { force: true });
  if (files.length === 1) {
    writeFileSync(path.join(siteDir, 'sitemap.xml'), open + files[0]!.join('') + close);
    return urls.length;
  }
  files.forEach((f, i) => writeFileSync(path.join(siteDir, `sitemap-${i}.xml`), open + f.join('') + close));
  const index = files
    .map((_, i) => `  <sitemap><loc>${escapeXml(`${base}/sitemap-${i}.xml`)}</loc></sitemap>\n`)
    .join('');
  writeFileSync(path.join(siteDir, 'sitemap.xml'), `${HEAD}<sitemapindex ${NS}>\n${index}</sitemapindex>\n`);
  return urls.length;
}
