/** `sitemap.xml` from the pages actually written, so that it lists exactly what was built for this audience. */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { escapeXml, xmlText } from '../lib/html.ts';

function pages(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && !(rel === '' && /^(pagefind(-\d+)?|_astro)$/.test(e.name))) out.push(...pages(dir, p));
    else if (e.name === 'index.html') out.push(`/${rel ? `${rel}/` : ''}`);
  }
  return out;
}

export function writeSitemap(siteDir: string, siteUrl: string): number {
  const base = siteUrl.replace(/\/+$/, '');
  const urls = pages(siteDir).filter((p) => p !== '/404/').sort();
  writeFileSync(path.join(siteDir, 'sitemap.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `  <url><loc>${escapeXml(base + encodeURI(xmlText(u)))}</loc></url>`).join('\n')}\n</urlset>\n`);
  return urls.length;
}
