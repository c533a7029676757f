/**
 * Figures of how well a built site took real repositories as they are (issue 18's "Done when"): titles, dates,
 * template text, links, images and kind structure, per source. Read from the built pages' HTML and the build
 * report; the ground truth (a document's own date, what its body writes) is computed here from the source
 * repository's clone, independently of the site's code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../src/lib/problems.ts';
import type { SiteBuild } from './site-build.ts';

export interface CorpusSource {
  /** The source's name in the sources file. */
  name: string;
  /** A clone of its repository (with the commit the build read). */
  clone: string;
}

/** Where a document's true date came from, in the order it is looked for. */
export type DateOrigin = 'frontmatter' | 'date-line' | 'heading' | 'file-name' | 'timeline' | 'first-commit' | 'none';

export interface SourceFigures {
  source: string;
  /** Document pages built from this source, and the documents the build report counts. */
  pages: number;
  reportedDocuments?: number;
  titles: {
    count: number;
    meaningful: number;
    distinct: number;
    meaningfulDistinct: number;
    percent: number;
    /** Pages whose title is not distinct because the repository gives two documents the same first heading. */
    repeatedBySource: number;
    bad: string[];
  };
  dates: {
    count: number;
    matching: number;
    percent: number;
    truthFrom: Partial<Record<DateOrigin, number>>;
    /** Pages whose date is the first commit's (following renames), whatever the document states. */
    matchingFirstCommit: number;
    /** More than a year from the document's own date. */
    offByMoreThanAYear: number;
    /** Distinct page dates, and the most pages sharing one (an import day shows as many). */
    distinctDays: number;
    mostOnOneDay: number;
    mismatches: Array<{ path: string; page: string; truth: string; from: DateOrigin }>;
  };
  /** Slugs made of a generic file name, a double extension or a collision number. */
  slugs: { suspect: number; examples: string[] };
  templateTags: { count: number; pages: number; examples: string[] };
  links: {
    /** Rendered with class="broken-link". */
    broken: number;
    /** Anchors with no href at all (a broken link rendered another way). */
    noHref: number;
    /** Links to a page or file of this site that does not exist in the output. */
    deadTargets: number;
    /** Problems of the report about links, at files of this source. */
    reported: number;
    /** broken + noHref + deadTargets not matched by a problem of the same source and path. */
    unreported: number;
    examples: string[];
  };
  images: {
    /** Images the source documents reference (Markdown or HTML). */
    referenced: number;
    /** `<img>` with a src that exists in the output or is an external URL. */
    usable: number;
    /** `<img>` rendered with an empty, missing or dead src. */
    unusable: number;
    /** Empty, missing or dead src, or referenced in the source and not rendered. */
    missing: number;
    /** Problems of the report about images, at files of this source. */
    reported: number;
    unreported: number;
    examples: string[];
  };
  structure: {
    standards: number;
    statuses: Record<string, number>;
    /** Standards whose source writes a status (a Status heading or line), by the word it writes. */
    sourceWritesStatus: number;
    sourceStatuses: Record<string, number>;
    /** Standards whose page shows the status their source writes. */
    statusAsSourceWrites: number;
    withRequirements: number;
    /** Standards whose source has list items with RFC 2119 words in capitals. */
    sourceWritesRequirements: number;
    sessions: number;
    withAttendees: number;
    sourceWritesAttendees: number;
    withRecording: number;
    sourceWritesRecording: number;
    presentationsZero: number;
  };
  summaries: { count: number; distinct: number; mostRepeated: number };
  /** One row per page, for looking into a figure. */
  documents: DocumentRow[];
}

export interface DocumentRow {
  url: string;
  path: string;
  title: string;
  /** Why the title is not meaningful, or 'not distinct'; undefined when it is both. */
  titleFault?: string;
  pageDate?: string;
  /** The document's own date (both calendar days of a commit: the author's and UTC). */
  trueDate: string[];
  dateFrom: DateOrigin;
  templateTags: number;
  unresolvedLinks: number;
  linkProblems: number;
  missingImages: number;
  imageProblems: number;
}

const GENERIC_TITLES = new Set(
  [
    'description',
    'instructions',
    'introduction',
    'intro',
    'overview',
    'readme',
    'index',
    'notes',
    'untitled',
    'summary',
    'home',
    'about',
    'contents',
    'table of contents',
    'todo',
    'template',
    'draft',
    'document',
    'page',
  ].map((s) => s.toLowerCase()),
);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const TEMPLATE_TOKENS = ['<%', '%>', '{{', '}}', '{%', '%}'] as const;

/** Why a title is not meaningful, or undefined when it is. */
export function titleFault(title: string): string | undefined {
  const t = title.trim();
  if (t.length <= 3) return 'too short';
  if (/<%|%>|\{\{|\}\}|\{%|%\}/.test(t)) return 'template text';
  const bare = t
    .toLowerCase()
    .replace(/[\s:.\-_#*]+$/, '')
    .replace(/\s+\d+$/, '');
  if (GENERIC_TITLES.has(bare)) return 'generic word';
  if (/^[\w.\- ]+\.(md|mdx|markdown|html?|erb|txt|rst|adoc|ya?ml|json|toml)$/i.test(t)) return 'file name';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) return 'uuid';
  const undated = t
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g, '')
    .replace(new RegExp(`\\b${MONTH}\\b`, 'gi'), '')
    .replace(/(st|nd|rd|th)\b/g, '')
    .replace(/[\d\s.,/\-_:]+/g, '');
  if (undated === '') return 'only a date';
  return undefined;
}

/** `YYYY-MM-DD` of a real calendar date in 1970-2100, or undefined. */
function validDay(y: number, m: number, d: number): string | undefined {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The first date written in a text: `2024-03-07`, `7 March 2024`, `March 7, 2024`. */
export function isoOf(text: string): string | undefined {
  const iso = /(?<![\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])/.exec(text);
  const dmy = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+(\\d{4})\\b`, 'i').exec(text);
  const mdy = new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i').exec(text);
  const found = [
    iso && { at: iso.index, day: validDay(+iso[1]!, +iso[2]!, +iso[3]!) },
    dmy && { at: dmy.index, day: validDay(+dmy[3]!, MONTHS.indexOf(dmy[2]!.slice(0, 3).toLowerCase()) + 1, +dmy[1]!) },
    mdy && { at: mdy.index, day: validDay(+mdy[3]!, MONTHS.indexOf(mdy[1]!.slice(0, 3).toLowerCase()) + 1, +mdy[2]!) },
  ]
    .filter((f): f is { at: number; day: string | undefined } => !!f && !!f.day)
    .sort((a, b) => a.at - b.at);
  return found[0]?.day;
}

function splitFrontmatter(text: string): { front: string; body: string } {
  const m = /^\uFEFF?(---|\+\+\+)[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? { front: m[2]!, body: text.slice(m[0].length) } : { front: '', body: text };
}

/** Body lines outside fenced code blocks. */
function proseLines(body: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = undefined;
      continue;
    }
    if (!fence) out.push(line);
  }
  return out;
}

/**
 * A document's own date and where it came from: frontmatter `date`, a `Date:` line, a date in its first `#`
 * heading, a date in its file name, a post-mortem's timeline, else the first commit (see firstCommitDay).
 */
export function statedDate(text: string, file: string, kind: string): { day?: string; from: DateOrigin } {
  const { front, body } = splitFrontmatter(text);
  const fm = /^date\s*[:=]\s*['"]?([^'"\r\n#]+)/m.exec(front);
  const fmDay = fm && isoOf(fm[1]!);
  if (fmDay) return { day: fmDay, from: 'frontmatter' };
  const lines = proseLines(body);
  for (const line of lines) {
    const m = /^\s*(?:[-*]\s+)?[*_]{0,2}date[*_]{0,2}\s*:[*_]{0,2}\s*(.+)$/i.exec(line);
    const day = m && isoOf(m[1]!);
    if (day) return { day, from: 'date-line' };
  }
  const heading = firstHeading(lines);
  const headingDay = heading && /(\d{4})-(\d{2})-(\d{2})/.exec(heading);
  const hd = headingDay && validDay(+headingDay[1]!, +headingDay[2]!, +headingDay[3]!);
  if (hd) return { day: hd, from: 'heading' };
  const name = /(\d{4})-(\d{2})-(\d{2})/.exec(path.posix.basename(file));
  const nd = name && validDay(+name[1]!, +name[2]!, +name[3]!);
  if (nd) return { day: nd, from: 'file-name' };
  // A post-mortem with no date line states when the incident happened in its timeline: its first full date,
  // when that falls in the year its id names (PM2021-011), which rules out typos such as "20202-01-16".
  if (kind === 'postmortem') {
    const idYear = /(?:^|[^\d])((?:19|20)\d\d)(?:[^\d]|$)/.exec(path.posix.basename(file))?.[1];
    let inTimeline = false;
    for (const line of lines) {
      if (/^#{1,6}\s/.test(line)) inTimeline = /^#{1,6}\s+timeline\b/i.test(line);
      else if (inTimeline) {
        const m = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(line);
        const day = m && validDay(+m[1]!, +m[2]!, +m[3]!);
        if (day && (!idYear || day.startsWith(idYear))) return { day, from: 'timeline' };
      }
    }
  }
  return { from: 'none' };
}

/**
 * The author dates (the author's own calendar day, and in UTC) of the commit where a file was born, following
 * renames: the newest add or copy along `git log --follow`, as a copy of a template is a new document.
 */
export function firstCommitDays(clone: string, commit: string, file: string): string[] {
  const out = execFileSync(
    'git',
    ['-C', clone, 'log', '--follow', '--format=%x00%aI', '--name-status', commit, '--', file],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const entries = out.split('\0').slice(1);
  let born: string | undefined;
  for (const e of entries) {
    const [date, ...rest] = e.trim().split('\n');
    born = date;
    if (rest.some((l) => /^[AC]/.test(l))) break;
  }
  return born ? [...new Set([born.slice(0, 10), new Date(born).toISOString().slice(0, 10)])] : [];
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  lbrace: '{',
  rbrace: '}',
  percnt: '%',
};
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : (ENTITIES[e.toLowerCase()] ?? whole),
  );
}
/** The text of an HTML fragment, as written (a file name may hold two spaces). */
const rawText = (html: string) => decode(html.replace(/<[^>]*>/g, '')).trim();
const textOf = (html: string) =>
  decode(html.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decode(m[1] ?? m[2] ?? m[3] ?? '') : undefined;
};

/** The `<dd>` after a `<dt>` whose text matches, inside a fragment of HTML. */
function definition(html: string, term: RegExp): string | undefined {
  for (const m of html.matchAll(/<dt\b[^>]*>([\s\S]*?)<\/dt>\s*<dd\b([^>]*)>([\s\S]*?)<\/dd>/g))
    if (term.test(textOf(m[1]!))) return m[3]!;
  return undefined;
}

interface DocPage {
  url: string;
  file: string;
  html: string;
  source: string;
  path: string;
}

/** Every document page of the output: those with a Provenance footer naming their source and file. */
function documentPages(outDir: string): DocPage[] {
  const pages: DocPage[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'index.html') {
        const html = readFileSync(p, 'utf8');
        const footer = /<footer\b[^>]*class="provenance"[^>]*>([\s\S]*?)<\/footer>/.exec(html)?.[1];
        if (!footer) continue;
        const source = definition(footer, /^source$/i);
        const file = definition(footer, /^file$/i);
        if (source === undefined || file === undefined) continue;
        const url = `/${path.relative(outDir, path.dirname(p)).split(path.sep).join('/')}/`;
        pages.push({ url, file: p, html, source: rawText(source), path: rawText(file) });
      }
    }
  };
  walk(outDir);
  return pages.sort((a, b) => (a.url < b.url ? -1 : 1));
}

/** Whether a site URL (`/x/y/`, `/img/a.png`) names a file of the output. */
function existsInOutput(outDir: string, url: string): boolean {
  let p: string;
  try {
    p = decodeURIComponent(url.replace(/[?#].*$/, ''));
  } catch {
    return false;
  }
  const file = path.join(outDir, p);
  if (!file.startsWith(outDir)) return false;
  if (!existsSync(file)) return existsSync(`${file}.html`);
  return statSync(file).isDirectory() ? existsSync(path.join(file, 'index.html')) : true;
}

/** The site path a link or image src leads to, or undefined for an external or non-page URL. */
function sitePathOf(href: string, pageUrl: string): string | undefined {
  if (/^(#|mailto:|tel:|data:)/i.test(href)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined;
  return new URL(href, `http://site.invalid${pageUrl}`).pathname;
}

/** HTML with code, pre, script and style elements taken out. */
function withoutCode(html: string): string {
  return html.replace(/<(pre|code|script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ');
}

const LINK_PROBLEM = /link|reference/i;
const IMAGE_PROBLEM = /image|img/i;

/** A file's text at the commit the build read, or '' when it cannot be read. */
function sourceText(clone: string, commit: string, file: string): string {
  try {
    return execFileSync('git', ['-C', clone, 'show', `${commit}:${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch {
    return '';
  }
}

function firstHeading(lines: string[]): string | undefined {
  const h = lines.find((l) => /^#\s+\S/.test(l));
  return h
    ?.replace(/^#\s+/, '')
    .replace(/\s+#*\s*$/, '')
    .trim();
}

/** The words repositories write for a standard's status, as the site's statuses. */
const STATUS_WORDS: Record<string, string> = {
  accepted: 'adopted',
  approved: 'adopted',
  active: 'adopted',
  adopted: 'adopted',
  rejected: 'rejected',
  declined: 'rejected',
  proposed: 'proposed',
  'in review': 'proposed',
  draft: 'draft',
  deprecated: 'deprecated',
  retired: 'deprecated',
  superseded: 'superseded',
};

/** The status a standard's body writes: a `## Status` section's first word, or a `Status:` line. */
function sourceStatus(lines: string[]): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const inline = /^\s*(?:[-*]\s+)?[*_]{0,2}status[*_]{0,2}\s*:[*_]{0,2}\s*([A-Za-z][\w -]*)/i.exec(line);
    if (inline)
      return inline[1]!
        .trim()
        .toLowerCase()
        .split(/\s+by\b|\s*\(/)[0];
    if (/^#{1,6}\s+status\s*:?\s*$/i.test(line)) {
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      const word = next && /([A-Za-z][A-Za-z -]*)/.exec(next.replace(/[*_`>]/g, ''));
      if (word)
        return word[1]!
          .trim()
          .toLowerCase()
          .split(/\s+by\b/)[0];
    }
  }
  return undefined;
}

/** How many problems of the report are about this file's links or images. */
function reportedCount(problems: Problem[], source: string, file: string, about: RegExp): number {
  let n = 0;
  for (const p of problems) {
    if (p.source !== source || p.path !== file) continue;
    if (p.code === 'more-problems') {
      if (about.test(p.message)) n += Number(/([\d,]+) more/.exec(p.message)?.[1]?.replace(/,/g, '') ?? 1);
    } else if (about.test(p.code) || about.test(p.message)) n++;
  }
  return n;
}

function pct(n: number, of: number): number {
  return of === 0 ? 100 : Math.round((1000 * n) / of) / 10;
}

/** The figures of every source, from a built site and a clone of each source's repository. */
export function corpusFigures(site: SiteBuild, sources: CorpusSource[]): Record<string, SourceFigures> {
  const pages = documentPages(site.outDir);
  const problems = site.report?.problems ?? [];
  const result: Record<string, SourceFigures> = {};
  for (const src of sources) {
    const info = site.report?.sources.find((s) => s.name === src.name);
    const commit = info?.commit ?? 'HEAD';
    const kind = info?.kind ?? '';
    const mine = pages.filter((p) => p.source === src.name);
    const f: SourceFigures = {
      source: src.name,
      pages: mine.length,
      reportedDocuments: info?.documents,
      titles: { count: 0, meaningful: 0, distinct: 0, meaningfulDistinct: 0, percent: 0, repeatedBySource: 0, bad: [] },
      dates: {
        count: 0,
        matching: 0,
        percent: 0,
        truthFrom: {},
        matchingFirstCommit: 0,
        offByMoreThanAYear: 0,
        distinctDays: 0,
        mostOnOneDay: 0,
        mismatches: [],
      },
      slugs: { suspect: 0, examples: [] },
      templateTags: { count: 0, pages: 0, examples: [] },
      links: { broken: 0, noHref: 0, deadTargets: 0, reported: 0, unreported: 0, examples: [] },
      images: { referenced: 0, usable: 0, unusable: 0, missing: 0, reported: 0, unreported: 0, examples: [] },
      structure: {
        standards: 0,
        statuses: {},
        sourceWritesStatus: 0,
        sourceStatuses: {},
        statusAsSourceWrites: 0,
        withRequirements: 0,
        sourceWritesRequirements: 0,
        sessions: 0,
        withAttendees: 0,
        sourceWritesAttendees: 0,
        withRecording: 0,
        sourceWritesRecording: 0,
        presentationsZero: 0,
      },
      summaries: { count: 0, distinct: 0, mostRepeated: 0 },
      documents: [],
    };
    const titles = mine.map((p) => textOf(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(p.html)?.[1] ?? ''));
    const seen = new Map<string, number>();
    for (const t of titles) seen.set(t.toLowerCase(), (seen.get(t.toLowerCase()) ?? 0) + 1);
    const summaries = new Map<string, number>();
    const days = new Map<string, number>();
    const texts = new Map(mine.map((p) => [p.path, sourceText(src.clone, commit, p.path)]));
    const sourceHeadings = new Map(
      mine.map((p) => [p.path, firstHeading(proseLines(splitFrontmatter(texts.get(p.path)!).body))?.toLowerCase()]),
    );
    const headingCount = new Map<string, number>();
    for (const h of sourceHeadings.values()) if (h) headingCount.set(h, (headingCount.get(h) ?? 0) + 1);

    mine.forEach((page, i) => {
      const title = titles[i]!;
      const fault = titleFault(title);
      const distinct = seen.get(title.toLowerCase()) === 1;
      f.titles.count++;
      if (!fault) f.titles.meaningful++;
      if (distinct) f.titles.distinct++;
      else if (title.toLowerCase() === sourceHeadings.get(page.path) && headingCount.get(title.toLowerCase())! > 1)
        f.titles.repeatedBySource++;
      if (!fault && distinct) f.titles.meaningfulDistinct++;
      else if (f.titles.bad.length < 10) f.titles.bad.push(`${page.path}: "${title}" (${fault ?? 'not distinct'})`);

      const text = texts.get(page.path)!;
      const { body } = splitFrontmatter(text);
      const lines = proseLines(body);

      // Dates.
      const pageDay = attr(/<article\b[\s\S]*?(<time\b[^>]*>)/.exec(page.html)?.[1] ?? '', 'datetime')?.slice(0, 10);
      const stated = statedDate(text, page.path, kind);
      const commitDays = firstCommitDays(src.clone, commit, page.path);
      const truth = stated.day ? [stated.day] : commitDays;
      const from: DateOrigin = stated.day ? stated.from : commitDays.length ? 'first-commit' : 'none';
      f.dates.count++;
      f.dates.truthFrom[from] = (f.dates.truthFrom[from] ?? 0) + 1;
      if (pageDay && truth.includes(pageDay)) f.dates.matching++;
      else if (f.dates.mismatches.length < 10)
        f.dates.mismatches.push({ path: page.path, page: pageDay ?? '(none)', truth: truth[0] ?? '(none)', from });
      if (pageDay && commitDays.includes(pageDay)) f.dates.matchingFirstCommit++;
      if (pageDay && truth[0] && Math.abs(Date.parse(pageDay) - Date.parse(truth[0])) > 366 * 86_400_000)
        f.dates.offByMoreThanAYear++;
      if (pageDay) days.set(pageDay, (days.get(pageDay) ?? 0) + 1);
      const slug = page.url.split('/').filter(Boolean).pop() ?? '';
      const stem = slug.replace(/-\d+$/, '').replace(`${src.name}-`, '');
      if (/-(html|md|markdown|erb)(-|$)/.test(slug) || GENERIC_TITLES.has(stem)) {
        f.slugs.suspect++;
        if (f.slugs.examples.length < 10) f.slugs.examples.push(page.url);
      }

      // Template text, decoded, outside code.
      const visible = decode(withoutCode(page.html).replace(/<[^>]*>/g, ' '));
      let tags = 0;
      for (const tok of TEMPLATE_TOKENS) tags += visible.split(tok).length - 1;
      if (tags) {
        f.templateTags.count += tags;
        f.templateTags.pages++;
        const at = visible.search(/<%|%>|\{\{|\}\}|\{%|%\}/);
        if (f.templateTags.examples.length < 5 && at >= 0)
          f.templateTags.examples.push(
            `${page.path}: …${visible.slice(Math.max(0, at - 30), at + 40).replace(/\s+/g, ' ')}…`,
          );
      }

      // Links.
      let unresolved = 0;
      for (const m of page.html.matchAll(/<a\b[^>]*>/g)) {
        const tag = m[0];
        const href = attr(tag, 'href');
        const cls = attr(tag, 'class') ?? '';
        if (/\bbroken-link\b/.test(cls)) {
          f.links.broken++;
          unresolved++;
        } else if (href === undefined || href.trim() === '') {
          if (attr(tag, 'id') !== undefined || attr(tag, 'name') !== undefined) continue; // an anchor target
          f.links.noHref++;
          unresolved++;
        } else {
          const target = sitePathOf(href, page.url);
          if (target !== undefined && !existsInOutput(site.outDir, target)) {
            f.links.deadTargets++;
            unresolved++;
            if (f.links.examples.length < 10) f.links.examples.push(`${page.path}: dead ${href}`);
          }
        }
      }
      const linksReported = reportedCount(problems, src.name, page.path, LINK_PROBLEM);
      f.links.reported += linksReported;
      if (unresolved > linksReported) {
        f.links.unreported += unresolved - linksReported;
        if (f.links.examples.length < 10)
          f.links.examples.push(`${page.path}: ${unresolved} unresolved, ${linksReported} reported`);
      }

      // Images: those the source references, and what the page renders of them.
      const referenced = lines.reduce(
        (n, l) => n + (l.match(/!\[[^\]]*\]\s*[([]/g)?.length ?? 0) + (l.match(/<img\b/gi)?.length ?? 0),
        0,
      );
      const body$ = page.html.slice(page.html.indexOf('<article'), page.html.indexOf('class="provenance"'));
      let usable = 0;
      let broken = 0;
      for (const m of body$.matchAll(/<img\b[^>]*>/gi)) {
        const src$ = attr(m[0], 'src')?.trim();
        const target = src$ ? sitePathOf(src$, page.url) : undefined;
        const external = !!src$ && /^https?:\/\//i.test(src$);
        if (src$ && (external || (target !== undefined && existsInOutput(site.outDir, target)))) usable++;
        else {
          broken++;
          if (f.images.examples.length < 10) f.images.examples.push(`${page.path}: ${m[0].slice(0, 120)}`);
        }
      }
      const missing = Math.max(broken, referenced - usable);
      f.images.referenced += referenced;
      f.images.usable += usable;
      f.images.unusable += broken;
      f.images.missing += missing;
      const imagesReported = reportedCount(problems, src.name, page.path, IMAGE_PROBLEM);
      f.images.reported += imagesReported;
      if (missing > imagesReported) f.images.unreported += missing - imagesReported;

      // Kind structure, as the page shows it and as the source writes it.
      const header = /<header\b[^>]*class="doc-header"[^>]*>([\s\S]*?)<\/header>/.exec(page.html)?.[1] ?? page.html;
      if (kind === 'standard') {
        f.structure.standards++;
        const status = textOf(definition(header, /^status$/i) ?? '(none)');
        f.structure.statuses[status] = (f.structure.statuses[status] ?? 0) + 1;
        const written = sourceStatus(lines);
        if (written) {
          f.structure.sourceWritesStatus++;
          f.structure.sourceStatuses[written] = (f.structure.sourceStatuses[written] ?? 0) + 1;
          if (status.toLowerCase() === (STATUS_WORDS[written] ?? written)) f.structure.statusAsSourceWrites++;
        }
        const req = /<h2\b[^>]*>\s*Requirements\s*<\/h2>([\s\S]*?)<\/section>/.exec(page.html)?.[1];
        // Listed in the header's panel, or marked (with their ids) where the body states them.
        if ((req && /<li\b/.test(req)) || /<li id="[^"]+" class="requirement">/.test(page.html))
          f.structure.withRequirements++;
        if (lines.some((l) => /^\s*(?:[-*+]|\d+[.)])\s.*\b(MUST|SHOULD|MAY|SHALL|REQUIRED|RECOMMENDED)\b/.test(l)))
          f.structure.sourceWritesRequirements++;
      }
      if (kind === 'session') {
        f.structure.sessions++;
        if (
          definition(header, /^(attendees|present|participants|attendance)$/i) !== undefined ||
          /<h2\b[^>]*>\s*(Attendees|Present|Participants)\s*<\/h2>/i.test(header)
        )
          f.structure.withAttendees++;
        if (
          lines.some(
            (l) =>
              /^#{1,6}\s+(present|attendees|attendance|participants)\b/i.test(l) ||
              /^[*_]{0,2}(present|attendees)[*_]{0,2}\s*:/i.test(l),
          )
        )
          f.structure.sourceWritesAttendees++;
        if (definition(header, /^recordings?$/i) !== undefined) f.structure.withRecording++;
        if (lines.some((l) => /recording/i.test(l) && /https?:\/\//.test(l))) f.structure.sourceWritesRecording++;
        if (textOf(definition(header, /^presentations$/i) ?? '') === '0') f.structure.presentationsZero++;
      }

      f.documents.push({
        url: page.url,
        path: page.path,
        title,
        titleFault: fault ?? (distinct ? undefined : 'not distinct'),
        pageDate: pageDay,
        trueDate: truth,
        dateFrom: from,
        templateTags: tags,
        unresolvedLinks: unresolved,
        linkProblems: linksReported,
        missingImages: missing,
        imageProblems: imagesReported,
      });

      const lede = /<p\b[^>]*class="lede"[^>]*>([\s\S]*?)<\/p>/.exec(page.html)?.[1];
      if (lede !== undefined) {
        const s = textOf(lede).toLowerCase();
        summaries.set(s, (summaries.get(s) ?? 0) + 1);
      }
    });
    f.titles.percent = pct(f.titles.meaningfulDistinct, f.titles.count);
    f.dates.percent = pct(f.dates.matching, f.dates.count);
    f.dates.distinctDays = days.size;
    f.dates.mostOnOneDay = Math.max(0, ...days.values());
    f.summaries.count = [...summaries.values()].reduce((a, b) => a + b, 0);
    f.summaries.distinct = summaries.size;
    f.summaries.mostRepeated = Math.max(0, ...summaries.values());
    result[src.name] = f;
  }
  return result;
}

/** One row per figure and one column per source, for a console table. */
export function figuresTable(figures: Record<string, SourceFigures>): Record<string, Record<string, string | number>> {
  const rows: Record<string, (f: SourceFigures) => string | number> = {
    pages: (f) => f.pages,
    'titles meaningful+distinct %': (f) => f.titles.percent,
    'titles repeated by the source': (f) => f.titles.repeatedBySource,
    'dates matching %': (f) => f.dates.percent,
    'dates truth from': (f) =>
      Object.entries(f.dates.truthFrom)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    'dates = first commit': (f) => f.dates.matchingFirstCommit,
    'dates off by > 1 year': (f) => f.dates.offByMoreThanAYear,
    'page dates distinct (most on a day)': (f) => `${f.dates.distinctDays} (${f.dates.mostOnOneDay})`,
    'suspect slugs': (f) => f.slugs.suspect,
    'template tags': (f) => f.templateTags.count,
    'links broken/no href/dead': (f) => `${f.links.broken}/${f.links.noHref}/${f.links.deadTargets}`,
    'link problems reported': (f) => f.links.reported,
    'links unreported': (f) => f.links.unreported,
    'images referenced/usable': (f) => `${f.images.referenced}/${f.images.usable}`,
    'images missing (empty <img>)': (f) => `${f.images.missing} (${f.images.unusable})`,
    'image problems reported': (f) => f.images.reported,
    'images unreported': (f) => f.images.unreported,
    'standard statuses': (f) =>
      Object.entries(f.structure.statuses)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    'status written/shown as written': (f) => `${f.structure.sourceWritesStatus}/${f.structure.statusAsSourceWrites}`,
    'requirements page/source': (f) => `${f.structure.withRequirements}/${f.structure.sourceWritesRequirements}`,
    'attendees page/source': (f) => `${f.structure.withAttendees}/${f.structure.sourceWritesAttendees}`,
    'recording page/source': (f) => `${f.structure.withRecording}/${f.structure.sourceWritesRecording}`,
    '"Presentations 0"': (f) => f.structure.presentationsZero,
    'summaries distinct/all': (f) => `${f.summaries.distinct}/${f.summaries.count}`,
  };
  return Object.fromEntries(
    Object.entries(rows).map(([row, value]) => [
      row,
      Object.fromEntries(Object.values(figures).map((f) => [f.source, value(f)])),
    ]),
  );
}
