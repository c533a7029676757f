/**
 * Atom 1.0 feeds (RFC 4287), with the full content of each document (up to FEED_CONTENT_LIMIT). Ids are stable
 * URLs when the site has a `url`, `urn:` names otherwise.
 */
import { escapeHtml, escapeXml } from './html.ts';

export interface FeedEntry {
  /** Site path of the document (`/postmortems/x/`). */
  path: string;
  title: string;
  summary?: string;
  /** Rendered HTML of the document. */
  html?: string;
  published: Date;
  updated: Date;
  authors: string[];
  categories: string[];
}

/** Content longer than this (characters of HTML) is not put in a feed: the entry links the page instead. */
export const FEED_CONTENT_LIMIT = 100_000;

export interface FeedInput {
  title: string;
  /** Site path of the feed itself (`/feed.xml`). */
  path: string;
  /** Site path of the HTML page the feed follows (`/postmortems/`). */
  pagePath: string;
  siteUrl?: string;
  entries: FeedEntry[];
}

export function atomFeed(input: FeedInput): string {
  const base = input.siteUrl?.replace(/\/+$/, '');
  const url = (p: string) => (base ? `${base}${p}` : p);
  const id = (p: string) =>
    base ? `${base}${p}` : `urn:knowledge-site:${p.replace(/^\/|\/$/g, '').replace(/\//g, ':')}`;
  // Links inside the content point at the site; make them absolute so that feed readers can follow them.
  const absolute = (html: string) => (base ? html.replace(/(href|src)="\/(?!\/)/g, `$1="${escapeHtml(base)}/`) : html);
  const updated = input.entries.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0));
  const entries = input.entries.map((e) =>
    [
      '  <entry>',
      `    <title>${escapeXml(e.title)}</title>`,
      `    <id>${escapeXml(id(e.path))}</id>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url(e.path))}"/>`,
      `    <published>${e.published.toISOString()}</published>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      ...(e.authors.length ? e.authors : ['Engineering']).map(
        (a) => `    <author><name>${escapeXml(a)}</name></author>`,
      ),
      ...e.categories.map((c) => `    <category term="${escapeXml(c)}"/>`),
      e.summary ? `    <summary>${escapeXml(e.summary)}</summary>` : '',
      e.html !== undefined
        ? `    <content type="html">${escapeXml(absolute(e.html.length > FEED_CONTENT_LIMIT ? `<p>This document is too long for the feed: <a href="${escapeHtml(e.path)}">read it on the site</a>.</p>` : e.html))}</content>`
        : '',
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${escapeXml(input.title)}</title>`,
    `  <id>${escapeXml(id(input.path))}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(url(input.path))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(url(input.pagePath))}"/>`,
    `  <updated>${updated.toISOString()}</updated>`,
    '  <generator>knowledge-site</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
