import { describe, expect, it } from 'vitest';
import { atomFeed, FEED_CONTENT_LIMIT, type FeedEntry } from '../../src/lib/atom-feed.ts';

const entry = (path: string, html: string): FeedEntry => ({
  path,
  title: path,
  summary: 'What it is about.',
  html,
  published: new Date('2025-01-01'),
  updated: new Date('2025-01-01'),
  authors: [],
  categories: [],
});

describe('feed content stays bounded', () => {
  it('links the page instead of carrying a body over the limit, and keeps the others whole', () => {
    const huge = `<p>${'<b>x</b> & y '.repeat(150_000)}</p>`;
    const feed = atomFeed({
      title: 'T',
      path: '/feed.xml',
      pagePath: '/',
      siteUrl: 'https://kb.example.org',
      entries: [entry('/katas/huge/', huge), entry('/katas/small/', '<p>Small &amp; fine.</p>')],
    });
    expect(feed.length).toBeLessThan(FEED_CONTENT_LIMIT);
    expect(feed).toContain(
      '<content type="html">&lt;p&gt;This document is too long for the feed: &lt;a href=&quot;https://kb.example.org/katas/huge/&quot;&gt;read it on the site&lt;/a&gt;.&lt;/p&gt;</content>',
    );
    expect(feed).toContain('<summary>What it is about.</summary>');
    expect(feed).toContain('<content type="html">&lt;p&gt;Small &amp;amp; fine.&lt;/p&gt;</content>');
  });

  it('keeps a body of exactly the limit', () => {
    const html = `<p>${'a'.repeat(FEED_CONTENT_LIMIT - 7)}</p>`;
    expect(atomFeed({ title: 'T', path: '/feed.xml', pagePath: '/', entries: [entry('/k/', html)] })).toContain(
      `&lt;p&gt;${'a'.repeat(FEED_CONTENT_LIMIT - 7)}&lt;/p&gt;`,
    );
  });
});
