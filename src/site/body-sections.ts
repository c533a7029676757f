/**
 * Changes a document page makes to its rendered (already sanitized) body so that each fact is shown once and
 * every section can be linked to: a structured field placed under the body's heading of the same name, ids and
 * links on requirements, anchor links on headings and the page's table of contents. Pure string work on HTML
 * that our own renderer wrote, so that the patterns it looks for are the renderer's, never a document's raw text.
 */
import { decodeHtmlText, escapeHtml } from '../lib/html.ts';
import { isSiteId } from '../lib/sanitize-rendered.ts';

/** A heading of the body, for the table of contents. */
export interface BodyHeading {
  id: string;
  text: string;
  level: 2 | 3;
}

const HEADING = /<h([23])\b([^>]*)>([\s\S]*?)<\/h\1>/g;
const ID_ATTR = /\bid="([^"]*)"/;

/** The text of an HTML fragment: tags dropped, entities decoded, white space collapsed. */
export function textOf(fragment: string): string {
  return decodeHtmlText(fragment.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Where the first list after `from` ends when it starts before `until`, with nested lists balanced. */
function firstList(html: string, from: number, until: number): { start: number; end: number } | undefined {
  const open = /<(ul|ol)\b/g;
  open.lastIndex = from;
  const m = open.exec(html);
  if (!m || m.index >= until) return undefined;
  // Only a list that opens the section's content, not one further down after prose.
  if (
    html
      .slice(from, m.index)
      .replace(/<p>[\s\S]*?<\/p>/g, '')
      .trim() !== ''
  )
    return undefined;
  const tags = /<(\/?)(ul|ol)\b[^>]*>/g;
  tags.lastIndex = m.index;
  let depth = 0;
  for (let t = tags.exec(html); t; t = tags.exec(html)) {
    depth += t[1] ? -1 : 1;
    if (depth === 0) return { start: m.index, end: t.index + t[0].length };
  }
  return undefined;
}

/**
 * Puts `insert` right under the body's first h2 or h3 whose text is `heading` (any case). With `replaceList`,
 * the list that opens that section is taken out: `insert` shows the same items (read from it). With `unlessList`,
 * a section that opens with a list of its own is left alone. Undefined when nothing was placed.
 */
export function placeUnderHeading(
  html: string,
  heading: string,
  insert: string,
  options: { replaceList?: boolean; unlessList?: boolean } = {},
): string | undefined {
  for (const m of html.matchAll(HEADING)) {
    if (!same(textOf(m[3]!), heading)) continue;
    const after = m.index + m[0].length;
    const next = html.slice(after).search(/<h[1-6]\b/);
    const list = firstList(html, after, next < 0 ? html.length : after + next);
    if (list && options.unlessList) return undefined;
    let rest = html.slice(after);
    if (list && options.replaceList) rest = html.slice(after, list.start) + html.slice(list.end);
    return html.slice(0, after) + insert + rest;
  }
  return undefined;
}

/**
 * Gives the body's list items that state a requirement the requirement's id, with a link to itself, so that
 * `SEC-002-R3` can be linked to. An item matches when its text is the requirement's text. Returns the ids placed.
 */
export function anchorRequirements(
  html: string,
  requirements: Array<{ id?: string; text: string }>,
): { html: string; placed: Set<string> } {
  const wanted = new Map<string, string>();
  for (const r of requirements) {
    if (r.id && usableId(r.id)) wanted.set(r.text.replace(/\s+/g, ' ').trim().toLowerCase(), r.id);
  }
  const placed = new Set<string>();
  const out = html.replace(/<li>([\s\S]*?)(?=<\/li>|<ul\b|<ol\b)/g, (m, content: string) => {
    const id = wanted.get(textOf(content).toLowerCase());
    if (!id || placed.has(id)) return m;
    placed.add(id);
    const safe = escapeHtml(id);
    return `<li id="${safe}" class="requirement"><a class="req-id" href="#${safe}">${safe}</a> ${content}`;
  });
  return { html: out, placed };
}

/** An id a document may give an element: not one of the page's own, and plain enough for a URL fragment. */
export function usableId(id: string): boolean {
  return /^[\w.:-]{1,100}$/.test(id) && !isSiteId(id);
}

/**
 * Adds a link to itself after every h2 and h3 that has an id (except one that is a folded section's summary),
 * and lists them for the table of contents.
 * The link is hidden from search and named for screen readers.
 */
export function headingAnchors(html: string): { html: string; headings: BodyHeading[] } {
  const headings: BodyHeading[] = [];
  const out = html.replace(HEADING, (m, level: string, attrs: string, content: string, at: number) => {
    const id = ID_ATTR.exec(attrs)?.[1];
    // A folded section's heading is its summary: a link there could not be used, and would not open it.
    if (!id || html.endsWith('<summary>', at)) return m;
    const text = textOf(content);
    headings.push({ id, text, level: level === '2' ? 2 : 3 });
    return `<div class="heading-wrapper">${m}<a class="heading-anchor" href="#${id}" data-pagefind-ignore><span aria-hidden="true">#</span><span class="visually-hidden">Link to the section ${escapeHtml(text)}</span></a></div>`;
  });
  return { html: out, headings };
}
