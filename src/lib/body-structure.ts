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
import type { Heading, List, ListItem, Nodes, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { markdownToMdast } from 'satteri';

/** GFM, and nothing Astro's renderer adds on top (smart punctuation would change the text read here). */
const FEATURES = { gfm: true, frontmatter: false, math: false, smartPunctuation: false } as const;

/** The GFM syntax tree of `markdown`, with positions (lines, and offsets in UTF-16 code units as in JavaScript strings). */
export function parseMarkdownTree(markdown: string): Root {
  return markdownToMdast(markdown, { features: FEATURES }) as unknown as Root;
}

export interface BodyActionItem {
  title: string;
  status: 'open' | 'done';
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

export interface BodyStructure {
  firstHeading?: string;
  /** The `#` heading the body opens with, with its offsets, so that the page does not show the title twice. */
  leadingHeading?: { text: string; start: number; end: number };
  firstParagraph?: string;
  actionItems: BodyActionItem[];
  requirements: BodyRequirement[];
  timeline: Array<{ time: string; event: string }>;
  stats: { category?: string; timeToDetectMinutes?: number };
  links: BodyLink[];
}

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
        status: item.checked ? 'done' : 'open',
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

function requirementsFrom(root: Root): BodyRequirement[] {
  const seen = new Set<string>();
  const out: BodyRequirement[] = [];
  walk(root, (n) => {
    if (n.type !== 'listItem') return;
    const text = itemText(n);
    const m = RFC2119.exec(text);
    if (!m || seen.has(text)) return;
    seen.add(text);
    out.push({ level: LEVEL[m[1]!]!, text, line: n.position?.start.line ?? 0 });
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

/** `19 hours 43 minutes.` → 1183; `53 minutes` → 53; `2 days` → 2880. */
export function minutesOf(text: string): number | undefined {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(/(?<![\d.])(\d{1,12}(?:\.\d{1,6})?)\s{0,8}(days?|d|hours?|h|minutes?|mins?|m)\b/gi)) {
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

/** Parses `body`; `lineOffset` is the file line the body starts on, so reported lines are file lines. */
export function readBodyStructure(body: string, lineOffset = 1): BodyStructure {
  const root = parseMarkdownTree(body);
  const shift = lineOffset - 1;
  let firstHeading: string | undefined;
  let firstParagraph: string | undefined;
  for (const n of root.children) {
    if (!firstHeading && n.type === 'heading' && n.depth === 1) firstHeading = toString(n).trim();
    if (!firstParagraph && n.type === 'paragraph') {
      const t = toString(n, { includeHtml: false }).replace(/\s+/g, ' ').trim();
      // MDX's import/export lines parse as paragraphs here: they are code, not a summary.
      if (t.length > 20 && !/^(import|export)\s/.test(t)) firstParagraph = t;
    }
  }
  const links: BodyLink[] = [];
  walk(root, (n) => {
    if (n.type === 'link') links.push({ url: n.url, text: toString(n), line: (n.position?.start.line ?? 1) + shift });
  });
  const lead = root.children[0];
  const leadingHeading =
    lead?.type === 'heading' &&
    lead.depth === 1 &&
    lead.position?.start.offset !== undefined &&
    lead.position.end.offset !== undefined
      ? { text: toString(lead).trim(), start: lead.position.start.offset, end: lead.position.end.offset }
      : undefined;
  return {
    firstHeading,
    leadingHeading,
    firstParagraph,
    actionItems: actionItemsFrom(section(root, /^(action items?|follow[- ]?ups?|actions)$/i)).map((a) => ({
      ...a,
      line: a.line + shift,
    })),
    requirements: requirementsFrom(root).map((r) => ({ ...r, line: r.line + shift })),
    timeline: timelineFrom(section(root, /^timeline$/i)),
    stats: statsFrom(section(root, /^stats$/i)),
    links,
  };
}
