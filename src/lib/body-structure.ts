/**
 * Reads structure out of a Markdown body (the first heading and paragraph, action items, RFC 2119 requirements,
 * a timeline table, a "Stats" section, and every link) for documents whose frontmatter does not carry these.
 *
 * The syntax tree is GFM mdast, the tree remark-parse + remark-gfm build, here built by Sätteri's native parser,
 * the one that renders the page, so that what the page shows as a heading or a task is what this reads as one.
 * It is about 60 times faster than remark's parser (0.03 ms against 2 ms for a 4 KB document, a quarter of a cold
 * build's parsing time), and `test/unit/body-structure-parser.test.ts` holds the two trees equal, positions
 * included, on every fixture and on the real corpora.
 */
import type { Heading, List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { markdownToMdast } from 'satteri';
import { parseStrictDate, urlField } from '../schemas/fields.ts';
import { statusFromWords, type StandardStatus } from './standard-status.ts';

/** GFM, and nothing Astro's renderer adds on top (smart punctuation would change the text read here). */
const FEATURES = { gfm: true, frontmatter: false, math: false, smartPunctuation: false } as const;

/** The GFM syntax tree of `markdown`, with positions (lines, and offsets in UTF-16 code units as in JavaScript strings). */
export function parseMarkdownTree(markdown: string): Root {
  return markdownToMdast(markdown, { features: FEATURES }) as unknown as Root;
}

export interface BodyActionItem {
  title: string;
  status: 'open' | 'done' | 'unknown';
  owner?: string;
  due?: string;
  ticket?: string;
  line: number;
}

export interface BodyRequirement {
  level: 'MUST' | 'SHOULD' | 'MAY';
  text: string;
  line: number;
}

export interface BodyLink {
  url: string;
  text: string;
  line: number;
}

/** How list items are read as requirements: `upper-case` RFC 2119 words only (the RFC's rule), or `any-case`. */
export type RequirementCase = 'upper-case' | 'any-case';

export interface BodyStructureOptions {
  requirements?: RequirementCase;
}

/** A standard's status as the body writes it. */
export interface BodyStatus {
  /** The words as written (`Superseded by 5. Use X`), cut to 100 characters. */
  written: string;
  /** What they mean here; undefined when the words are not a known status. */
  status?: StandardStatus;
  /** The link (or `ADR-0005`-like id) a "Superseded by" names. */
  supersededBy?: string;
  /** `a "Status" section` or `a "Status:" line`. */
  from: string;
  line: number;
}

export interface BodyStructure {
  firstHeading?: string;
  /** The `#` heading the body opens with, with its offsets, so that the page does not show the title twice. */
  leadingHeading?: { text: string; start: number; end: number };
  firstParagraph?: string;
  /** Up to SUMMARY_CANDIDATES paragraphs fit for a summary, in order; `firstParagraph` is the first. */
  paragraphs: string[];
  /** A standard's status from a `## Status` section or a `Status:` line. */
  status?: BodyStatus;
  /** A date the document states: a `Date: YYYY-MM-DD` line, else a date in its first heading. */
  statedDate?: { date: string; from: 'a "Date:" line' | 'the first heading'; line: number };
  /** Names under a `## Present` / `## Attendees` / `## Participants` heading, without `(@handle)`. */
  attendees: string[];
  /** The http(s) URL of a `Recording: <url>` line or list item, when the URL policy allows it. */
  recording?: string;
  /** Items under a `## Decisions` heading. */
  decisions: string[];
  actionItems: BodyActionItem[];
  requirements: BodyRequirement[];
  timeline: Array<{ time: string; event: string }>;
  stats: { category?: string; timeToDetectMinutes?: number };
  links: BodyLink[];
  /** Images (`![alt](src)`, reference images, raw `<img src>`): `url` is the source, `text` the alt text. */
  images: BodyLink[];
}

/** Images listed per document at the most (each may be copied into the site). */
export const MAX_IMAGES = 1000;

/** Attributes of raw HTML tags in a Markdown `html` node: `<img src="…" alt="…">`, `<a href="…">`. */
const RAW_TAG = /<(img|a)\b([^>]{0,4000})>/gi;
const attributeOf = (attrs: string, name: string): string | undefined => {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};
const decodeEntities = (s: string) =>
  s.replace(
    /&(amp|quot|#39|apos|lt|gt);/g,
    (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", apos: "'", lt: '<', gt: '>' })[e]!,
  );

/** The nodes under the first heading whose text matches `pattern`, up to the next heading of the same or higher level. */
function section(root: Root, pattern: RegExp): RootContent[] {
  const children = root.children;
  const start = children.findIndex((n) => n.type === 'heading' && pattern.test(toString(n).trim()));
  if (start < 0) return [];
  const depth = (children[start] as Heading).depth;
  const out: RootContent[] = [];
  for (let i = start + 1; i < children.length; i++) {
    const n = children[i]!;
    if (n.type === 'heading' && n.depth <= depth) break;
    out.push(n);
  }
  return out;
}

function walk(node: Nodes, visit: (n: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const c of node.children) walk(c as Nodes, visit);
}

/** The item's own text, without nested lists. */
function itemText(item: ListItem): string {
  return item.children
    .filter((c) => c.type !== 'list')
    .map((c) => toString(c))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const TICKET = /\b([A-Z][A-Z0-9]+-\d+)\b/;
const DUE = /\bdue:?\s*(\d{4}-\d{2}-\d{2})\b/i;
// Bounded runs: an unbounded lazy run before a lookahead made a line of repeated "owner:" quadratic.
const OWNER = /(?:\bowner:\s{0,20}([^,;()]{1,100}?)(?=[,;)]|$)|@([\w.-]{1,100}))/i;
/** Action item text read for its owner, due date and ticket: longer text is cut (a title, not a document). */
const ITEM_TEXT_LIMIT = 1000;

function actionItemsFrom(nodes: RootContent[]): BodyActionItem[] {
  const items: BodyActionItem[] = [];
  for (const n of nodes) {
    if (n.type !== 'list') continue;
    for (const item of (n as List).children) {
      const full = itemText(item);
      if (!full) continue;
      const text = full.length > ITEM_TEXT_LIMIT ? `${full.slice(0, ITEM_TEXT_LIMIT)}…` : full;
      const owner = OWNER.exec(text);
      // The title is what remains once the owner, the due date and a ticket in brackets are taken out.
      const title = text
        .replace(OWNER, '')
        .replace(DUE, '')
        .replace(/\(\s*[A-Z][A-Z0-9]+-\d+\s*\)/, '')
        .replace(/(\s*[,;])+\s*(?=[,;]|$)/g, '')
        .replace(/\s{2,}/g, ' ')
        .replace(/[\s,;]+$/, '')
        .trim();
      items.push({
        title: title || text,
        // A task list says open or done; a plain list says neither.
        status: item.checked === true ? 'done' : item.checked === false ? 'open' : 'unknown',
        owner: (owner?.[1] ?? owner?.[2])?.trim(),
        due: DUE.exec(text)?.[1],
        ticket: TICKET.exec(text)?.[1],
        line: item.position?.start.line ?? 0,
      });
    }
  }
  return items;
}

const RFC2119 = /\b(MUST NOT|MUST|SHALL NOT|SHALL|REQUIRED|SHOULD NOT|SHOULD|RECOMMENDED|MAY|OPTIONAL)\b/;
const LEVEL: Record<string, BodyRequirement['level']> = {
  'MUST NOT': 'MUST',
  MUST: 'MUST',
  'SHALL NOT': 'MUST',
  SHALL: 'MUST',
  REQUIRED: 'MUST',
  'SHOULD NOT': 'SHOULD',
  SHOULD: 'SHOULD',
  RECOMMENDED: 'SHOULD',
  MAY: 'MAY',
  OPTIONAL: 'MAY',
};

/** With `any-case`, the verbs in any case (`You must …`); REQUIRED, RECOMMENDED and OPTIONAL stay upper-case, being common adjectives. */
const VERBS_ANY_CASE = /\b(must not|must|shall not|shall|should not|should|may)\b/i;

function requirementsFrom(root: Root, mode: RequirementCase): BodyRequirement[] {
  const seen = new Set<string>();
  const out: BodyRequirement[] = [];
  walk(root, (n) => {
    if (n.type !== 'listItem') return;
    const text = itemText(n);
    const m = RFC2119.exec(text) ?? (mode === 'any-case' ? VERBS_ANY_CASE.exec(text) : null);
    if (!m || seen.has(text)) return;
    seen.add(text);
    const word = m[1]!.toUpperCase().replace(/\s+/g, ' ');
    out.push({ level: LEVEL[word]!, text, line: n.position?.start.line ?? 0 });
  });
  return out;
}

function timelineFrom(nodes: RootContent[]): Array<{ time: string; event: string }> {
  const table = nodes.find((n): n is Table => n.type === 'table');
  if (!table) return [];
  return table.children
    .slice(1)
    .map((row) => {
      const cells = row.children.map((c) => toString(c).replace(/\s+/g, ' ').trim());
      return { time: cells[0] ?? '', event: cells.slice(1).join(' — ') };
    })
    .filter((r) => r.time || r.event);
}

/** `19 hours 43 minutes.` → 1183; `1h30m` → 90; `53 minutes` → 53; `2 days` → 2880. */
export function minutesOf(text: string): number | undefined {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(
    /(?<![\d.])(\d{1,12}(?:\.\d{1,6})?)\s{0,8}(days?|d|hours?|h|minutes?|mins?|m)(?![a-z])/gi,
  )) {
    found = true;
    const n = Number(m[1]);
    const unit = m[2]!.toLowerCase();
    total += unit.startsWith('d') ? n * 1440 : unit.startsWith('h') ? n * 60 : n;
  }
  return found ? Math.round(total) : undefined;
}

function statsFrom(nodes: RootContent[]): BodyStructure['stats'] {
  const stats: BodyStructure['stats'] = {};
  for (const n of nodes) {
    if (n.type !== 'list') continue;
    for (const item of n.children) {
      const [key, ...rest] = itemText(item).split(':');
      const value = rest.join(':').trim();
      if (/^category$/i.test(key!.trim()) && value) stats.category = value;
      if (/^time to detect(ion)?$/i.test(key!.trim())) stats.timeToDetectMinutes = minutesOf(value);
    }
  }
  return stats;
}

/** Summary candidates kept per document: the loader passes over one repeated across its source (boilerplate). */
export const SUMMARY_CANDIDATES = 3;

/** Text between links that still makes a paragraph "only links": separators, a short label such as `Links:`. */
const LINK_GLUE = /^[\s,;:|·•/()[\]–—-]*$/;

/** True for a paragraph that is only links (`[#123](…) [#124](…)`, a bare URL), perhaps after a word or two of label. */
function onlyLinks(p: Paragraph): boolean {
  let links = 0;
  let words = 0;
  for (const c of p.children) {
    if (c.type === 'link' || c.type === 'linkReference' || c.type === 'image' || c.type === 'imageReference') links++;
    else if (c.type === 'break') continue;
    else {
      const t = toString(c);
      if (!LINK_GLUE.test(t)) words += t.split(/\s+/).filter((w) => /\w/.test(w)).length;
    }
  }
  return links > 0 && words <= 2;
}

/** Paragraph text without emphasis markers the parser left as text (an unclosed `*` or `**`). */
function withoutStrayMarkers(text: string): string {
  return text
    .replace(/(^|\s)\*{1,3}(?=\S)/g, '$1')
    .replace(/(\S)\*{1,3}(?=\s|$|[.,;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Headings of the sections whose list says what a meeting was about. */
const AGENDA = /^(agenda|topics|discussion|minutes|notes)\b/i;

/** The first items of the first list under an "Agenda" heading, as one line: what meeting notes are about. */
function agendaLine(root: Root): string | undefined {
  let inAgenda = false;
  for (const n of root.children) {
    if (n.type === 'heading') {
      if (n.depth <= 2) inAgenda = AGENDA.test(toString(n).trim());
      continue;
    }
    if (!inAgenda || n.type !== 'list') continue;
    const items = n.children
      .map((item) => withoutStrayMarkers(itemText(item).replace(/\s*\[?#\d+\]?\s*$/, '')))
      .filter((t) => t.length > 3)
      .slice(0, 3);
    if (items.length) return items.join('; ');
  }
  return undefined;
}

function summaryCandidates(root: Root): string[] {
  const out: string[] = [];
  for (const n of root.children) {
    if (out.length >= SUMMARY_CANDIDATES) break;
    if (n.type !== 'paragraph' || onlyLinks(n)) continue;
    const t = withoutStrayMarkers(toString(n, { includeHtml: false }).replace(/\s+/g, ' '));
    // MDX's import/export lines parse as paragraphs here: they are code, not a summary.
    if (t.length > 20 && !/^(import|export)\s/.test(t) && !out.includes(t)) out.push(t);
  }
  // Meeting notes often hold no paragraph of their own: their agenda says what they were about.
  const agenda = out.length < SUMMARY_CANDIDATES ? agendaLine(root) : undefined;
  if (agenda && agenda.length > 20 && !out.includes(agenda)) out.push(agenda);
  return out;
}

/** Lines read for `Status:` and `Date:`: those of the paragraphs and list items before the first `##` heading. */
const HEAD_NODES = 30;
/** A line longer than this is prose, not a `Key: value` line. */
const HEAD_LINE = 300;
/** Lines read at the most: `Status:` and `Date:` are near the top. */
const HEAD_LINES = 200;

function headLines(root: Root): Array<{ text: string; line: number; node: Nodes }> {
  const out: Array<{ text: string; line: number; node: Nodes }> = [];
  const add = (node: Nodes) => {
    const first = node.position?.start.line ?? 1;
    toString(node)
      .split('\n')
      .forEach((text, i) => {
        if (text.length <= HEAD_LINE) out.push({ text: text.trim(), line: first + i, node });
      });
  };
  for (const n of root.children.slice(0, HEAD_NODES)) {
    if ((n.type === 'heading' && n.depth > 1) || out.length >= HEAD_LINES) break;
    if (n.type === 'paragraph') add(n);
    if (n.type === 'list')
      for (const item of n.children) for (const c of item.children) if (c.type === 'paragraph') add(c);
    // A metadata table (`| Status | Accepted |`) reads as `Status: Accepted`.
    if (n.type === 'table')
      for (const row of n.children.slice(0, HEAD_LINES)) {
        const [key, value] = row.children.map((c) => toString(c).replace(/\s+/g, ' ').trim().slice(0, HEAD_LINE));
        if (key && value) out.push({ text: `${key}: ${value}`, line: row.position?.start.line ?? 1, node: row });
      }
  }
  return out;
}

function firstLink(node: Nodes): string | undefined {
  let url: string | undefined;
  walk(node, (n) => {
    if (url === undefined && n.type === 'link') url = n.url;
  });
  return url;
}

function statusOf(written: string, node: Nodes, from: string, line: number): BodyStatus {
  const text = written.replace(/\s+/g, ' ').trim().slice(0, 100);
  const status = statusFromWords(text);
  const by =
    status === 'superseded' ? (firstLink(node) ?? /\bby\s+([A-Za-z][\w.-]{0,40}-?\d+)\b/i.exec(text)?.[1]) : undefined;
  return { written: text, status, supersededBy: by?.slice(0, 300), from, line };
}

function statusFrom(root: Root, head: ReturnType<typeof headLines>): BodyStatus | undefined {
  const nodes = section(root, /^status:?$/i);
  const first = nodes.find((n) => n.type === 'paragraph' || n.type === 'list');
  if (first) {
    const node = first.type === 'list' ? (first.children[0] ?? first) : first;
    const written = toString(node).split('\n')[0] ?? '';
    if (written.trim()) return statusOf(written, node, 'a "Status" section', node.position?.start.line ?? 0);
  }
  for (const { text, line, node } of head) {
    const m = /^status\s*:\s*(\S.*)$/i.exec(text);
    if (m) return statusOf(m[1]!, node, 'a "Status:" line', line);
  }
  // `## Status: Accepted`, a heading that is its own section.
  for (const n of root.children) {
    if (n.type !== 'heading') continue;
    const m = /^status\s*[:–—-]\s*(\S.*)$/i.exec(toString(n).slice(0, HEAD_LINE).trim());
    if (m) return statusOf(m[1]!, n, 'a "Status" heading', n.position?.start.line ?? 0);
  }
  return undefined;
}

const ISO_DAY = /(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d])/;
const realDay = (d: string | undefined) => d !== undefined && parseStrictDate(d) instanceof Date;

function statedDateFrom(head: ReturnType<typeof headLines>, heading: Heading | undefined): BodyStructure['statedDate'] {
  for (const { text, line } of head) {
    const m = /^date\s*:\s*(\d{4}-\d{2}-\d{2})\b/i.exec(text);
    if (m && realDay(m[1])) return { date: m[1]!, from: 'a "Date:" line', line };
  }
  const inHeading = heading && ISO_DAY.exec(toString(heading).slice(0, HEAD_LINE))?.[1];
  if (inHeading && realDay(inHeading))
    return { date: inHeading, from: 'the first heading', line: heading.position?.start.line ?? 0 };
  return undefined;
}

/** A name as a meeting's list of those present writes it: `Joe Sepi (@joesepi) - Acme` → `Joe Sepi`. */
const NAME_LIMIT = 100;
function attendeeName(text: string): string | undefined {
  const plain = text.slice(0, 1000);
  const name = plain
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s[-–—]\s.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const handle = /@([\w.-]{1,60})/.exec(plain)?.[1];
  // `Antoine du Hamel @aduh95`: the handle after a name goes too.
  const named = name.replace(/(^|\s)@[\w.-]{1,60}(?=\s|$)/g, ' ').trim();
  const chosen = named || handle || name || undefined;
  return chosen?.replace(/^@/, '').slice(0, NAME_LIMIT) || undefined;
}

/** The texts of every list item in `nodes`, nested ones too (a "Present" list grouped under sub-lists). */
function listTexts(nodes: RootContent[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.type !== 'list') continue;
    walk(n, (c) => {
      if (c.type === 'listItem') {
        const t = itemText(c);
        if (t) out.push(t);
      }
    });
  }
  return out;
}

/** The first paragraph (its own, or a list item's) that starts `Recording:` and holds an allowed http(s) URL. */
const ATTENDEES_WORD = '(present|attendees|attendance|participants|in attendance|attending)';
const ATTENDEES_HEADING = new RegExp(`^${ATTENDEES_WORD}\\s*:?$`, 'i');
const ATTENDEES_LINE = new RegExp(`^[^\\p{L}]*${ATTENDEES_WORD}\\s*:\\s*(\\S.*)$`, 'iu');

/** Names written on one line (`Alice, Bob (@bob) and Carol`), or nothing when a piece is prose, not a name. */
function splitNames(line: string): string[] {
  const names = line
    .slice(0, 20_000)
    .split(/\s*[,;]\s*|\s+and\s+/)
    .map((n) => n.trim())
    .filter(Boolean);
  return names.every((n) => n.replace(/\([^()]*\)/g, '').split(/\s+/).length <= 5) ? names : [];
}

/** A list under a Present/Attendees heading, else the names of its first paragraph, else an `Attendees: a, b` line. */
function attendeesFrom(root: Root): string[] {
  const nodes = section(root, ATTENDEES_HEADING);
  let texts = listTexts(nodes);
  // A table of those present: the first cell of each row under its header.
  if (!texts.length)
    for (const n of nodes)
      if (n.type === 'table') texts.push(...n.children.slice(1).map((row) => toString(row.children[0] ?? row)));
  const lead = nodes.find((n) => n.type !== 'heading');
  if (!texts.length && lead?.type === 'paragraph') texts = splitNames(toString(lead));
  if (!texts.length)
    for (const n of root.children.slice(0, HEAD_NODES * 2)) {
      if (n.type !== 'paragraph' && n.type !== 'list') continue;
      const lines = n.type === 'list' ? n.children.map((i) => itemText(i)) : toString(n).split('\n');
      const m = lines.map((l) => ATTENDEES_LINE.exec(l.slice(0, 20_000))).find(Boolean);
      if (m) {
        texts = splitNames(m[2]!);
        break;
      }
    }
  return texts.map(attendeeName).filter((n): n is string => n !== undefined);
}

function recordingFrom(root: Root): string | undefined {
  const allowed = urlField();
  let found: string | undefined;
  walk(root, (n) => {
    if (found !== undefined || n.type !== 'paragraph') return;
    // The label alone is read first (`**Recording**:` is a strong node, then text): a long paragraph is not read whole.
    const label = n.children
      .slice(0, 2)
      .map((c) => toString(c).slice(0, 40))
      .join('');
    const lead = n.children[0];
    // `Recording: <url>`, or a link named for it: `[Recording](https://…)`.
    const named = lead?.type === 'link' && /^((video|audio|meeting)\s+)?recording$/i.test(toString(lead).trim());
    if (!named && !/^[^\p{L}]*(?:(?:video|audio|meeting|zoom)\s+)?recordings?(?:\s+link)?\s*:/iu.test(label)) return;
    const url = firstLink(n) ?? /https?:\/\/\S+/.exec(toString(n).slice(0, HEAD_LINE))?.[0];
    if (url && allowed.safeParse(url).success) found = url;
  });
  return found;
}

/** Parses `body`; `lineOffset` is the file line the body starts on, so reported lines are file lines. */
export function readBodyStructure(body: string, lineOffset = 1, options: BodyStructureOptions = {}): BodyStructure {
  const root = parseMarkdownTree(body);
  const shift = lineOffset - 1;
  let firstHeading: string | undefined;
  let firstHeadingNode: Heading | undefined;
  for (const n of root.children) {
    if (!firstHeadingNode && n.type === 'heading' && n.depth === 1) {
      firstHeadingNode = n;
      firstHeading = toString(n).trim();
    }
  }
  const paragraphs = summaryCandidates(root);
  const links: BodyLink[] = [];
  const images: BodyLink[] = [];
  const definitions = new Map<string, string>();
  walk(root, (n) => {
    if (n.type === 'definition') definitions.set(n.identifier, n.url);
  });
  walk(root, (n) => {
    const line = (n.position?.start.line ?? 1) + shift;
    if (n.type === 'link') links.push({ url: n.url, text: toString(n), line });
    else if (images.length >= MAX_IMAGES) return;
    else if (n.type === 'image') images.push({ url: n.url, text: n.alt ?? '', line });
    else if (n.type === 'imageReference' && definitions.has(n.identifier))
      images.push({ url: definitions.get(n.identifier)!, text: n.alt ?? '', line });
    else if (n.type === 'html') {
      for (const m of n.value.matchAll(RAW_TAG)) {
        const at = line + (n.value.slice(0, m.index).match(/\n/g)?.length ?? 0);
        const isImage = m[1]!.toLowerCase() === 'img';
        const url = attributeOf(m[2]!, isImage ? 'src' : 'href');
        if (url === undefined) {
          if (isImage) images.push({ url: '', text: decodeEntities(attributeOf(m[2]!, 'alt') ?? ''), line: at });
          continue;
        }
        if (isImage)
          images.push({ url: decodeEntities(url), text: decodeEntities(attributeOf(m[2]!, 'alt') ?? ''), line: at });
        else links.push({ url: decodeEntities(url), text: '', line: at });
        if (images.length >= MAX_IMAGES) break;
      }
    }
  });
  const lead = root.children[0];
  const leadingHeading =
    lead?.type === 'heading' &&
    lead.depth === 1 &&
    lead.position?.start.offset !== undefined &&
    lead.position.end.offset !== undefined
      ? { text: toString(lead).trim(), start: lead.position.start.offset, end: lead.position.end.offset }
      : undefined;
  const head = headLines(root);
  const status = statusFrom(root, head);
  const statedDate = statedDateFrom(head, firstHeadingNode);
  return {
    firstHeading,
    leadingHeading,
    firstParagraph: paragraphs[0],
    paragraphs,
    status: status && { ...status, line: status.line + shift },
    statedDate: statedDate && { ...statedDate, line: statedDate.line + shift },
    attendees: attendeesFrom(root),
    recording: recordingFrom(root),
    decisions: listTexts(section(root, /^(decisions?|decisions (made|taken)|key decisions|resolutions?):?$/i)).map(
      (t) => (t.length > ITEM_TEXT_LIMIT ? `${t.slice(0, ITEM_TEXT_LIMIT)}…` : t),
    ),
    actionItems: actionItemsFrom(section(root, /^(action items?|follow[- ]?ups?|actions)$/i)).map((a) => ({
      ...a,
      line: a.line + shift,
    })),
    requirements: requirementsFrom(root, options.requirements ?? 'upper-case').map((r) => ({
      ...r,
      line: r.line + shift,
    })),
    timeline: timelineFrom(section(root, /^timeline$/i)),
    stats: statsFrom(section(root, /^stats$/i)),
    links,
    images,
  };
}
