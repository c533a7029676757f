import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSitemap } from '../../src/build/sitemap.ts';
import { atomFeed } from '../../src/lib/atom-feed.ts';
import { escapeXml, xmlText } from '../../src/lib/html.ts';
import { makeTempDir } from '../helpers/git-repo.ts';
import { xmlProblems } from '../helpers/strict-xml.ts';

const hostile = 'a\x01b\x0bc\x0cd\x1be\x7ff\ufffeg\uffffh\ud800i\udc00j\x85k';

describe('text in XML', () => {
  it('drops every character XML 1.0 does not allow or discourages, and keeps the rest', () => {
    expect(xmlText(hostile)).toBe('abcdefghijk');
    expect(xmlText('tab\tnew\nline\r 事故 😀 é')).toBe('tab\tnew\nline\r 事故 😀 é');
    expect(escapeXml('<a & "b">\x01')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });

  it('keeps an Atom feed valid XML with control characters in every field', () => {
    const xml = atomFeed({
      title: `Feed ${hostile}`,
      path: '/feed.xml',
      pagePath: '/',
      siteUrl: 'https://example.org',
      entries: [
        {
          path: '/postmortems/x/',
          title: `Title ${hostile}`,
          summary: `Summary ${hostile}`,
          html: `<p>Body ${hostile}</p>`,
          published: new Date('2025-01-01T00:00:00Z'),
          updated: new Date('2025-01-02T00:00:00Z'),
          authors: [`Ann ${hostile}`],
          categories: [`tag${hostile}`],
        },
      ],
    });
    expect(xmlProblems(xml)).toEqual([]);
    const feed = parseFeed(xml);
    expect(feed.items[0]!.title).toBe('Title abcdefghijk');
    expect(feed.items[0]!.content).toContain('Body abcdefghijk');
  });
});

describe('the sitemap', () => {
  const dir = makeTempDir('knowledge-sitemap-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('percent-encodes page paths in other scripts and stays valid XML', () => {
    for (const p of ['tags/事故', 'tags/инцидент', 'postmortems/a']) {
      mkdirSync(path.join(dir, p), { recursive: true });
      writeFileSync(path.join(dir, p, 'index.html'), '');
    }
    writeSitemap(dir, 'https://example.org/');
    const xml = readFileSync(path.join(dir, 'sitemap.xml'), 'utf8');
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('<loc>https://example.org/tags/%E4%BA%8B%E6%95%85/</loc>');
    expect(xml).toContain('<loc>https://example.org/tags/%D0%B8%D0%BD%D1%86%D0%B8%D0%B4%D0%B5%D0%BD%D1%82/</loc>');
  });
});
