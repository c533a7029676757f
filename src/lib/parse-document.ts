/**
 * One document from bytes to validated data: decode, frontmatter, source defaults, fallbacks, body structure,
 * schema. Pure: no Astro, no git. Problems name the source, the file, the line, the field, expected and found.
 */
import { kindSchemas, type Kind } from '../schemas/index.ts';
import {
  canaryStrings,
  findNearMisses,
  mayHoldMarkers,
  stripInternalRegions,
  markersInCode,
  type Audience,
  type CodeRanges,
} from './audience.ts';
import { fillFromBody } from './body-fields.ts';
import { parseMarkdownTree, readBodyStructure, type BodyLink, type RequirementCase } from './body-structure.ts';
import { decodeText } from './decode-text.ts';
import { capDocumentLists } from './document-limits.ts';
import {
  dateFromFileName,
  dateFromTimeline,
  idFromFileName,
  meaninglessTitle,
  summaryFrom,
  titleFromFileName,
} from './fallbacks.ts';
import { mapFrontmatter, unknownNestedKeys, type FieldMapping } from './field-mapping.ts';
import { lineOfField, parseFrontmatter } from './frontmatter.ts';
import type { Problem } from './problems.ts';
import { publicData } from './public-fields.ts';
import { hasGenericFileName } from './slugs.ts';
import { stripTemplateTags } from './template-tags.ts';
import { checkUrl, refusal } from './url-policy.ts';

export interface DocumentInput {
  kind: Kind;
  source: string;
  path: string;
  bytes: Uint8Array;
  /** Frontmatter defaults of the source. */
  defaults?: Record<string, unknown>;
  /** Date the file was first added to its repository, when known. */
  firstAdded?: string;
  /** Files added by the commit that added this one, when that was an import (its date is then uncertain). */
  firstAddedInImport?: number;
  /** A generically named file's title from metadata beside it or its folder's name (see folder-title.ts). */
  folderTitle?: { title: string; from: string };
  /** `public` leaves out internal regions and internal-only fields (default `internal`). */
  audience?: Audience;
  /** How body list items are read as requirements (the source's `requirements`; default `upper-case`). */
  requirements?: RequirementCase;
  /** `keep`: the source's `{{ }}` and `<% %>` are its own text, not another tool's template tags (default `strip`). */
  templates?: 'strip' | 'keep';
  /** The source's own names for fields and values (`fields:`, `values:` in sources.yaml). */
  mapping?: FieldMapping;
}

export interface ParsedDocument {
  /** The validated frontmatter (with fallbacks and body-derived fields filled in). */
  data: Record<string, unknown> & { title: string; date: Date; draft: boolean; related: string[] };
  /** The Markdown body without frontmatter. */
  body: string;
  /** Which fields came from somewhere other than the frontmatter (`title: heading`, `date: file name`…). */
  derivedFrom: Record<string, string>;
  /** Links found in the body, with file lines. */
  links: BodyLink[];
  /** When the summary came from the body: the summaries its first paragraphs give, in order (the loader may pass over boilerplate). */
  summaryCandidates?: string[];
  /** Images the body shows (source and alt text), with file lines. */
  images: BodyLink[];
  /** False when the build's audience may not see this document (an internal document in a public build). */
  visible: boolean;
  /** In a public build: text removed from this document (internal regions, internal-only fields), to check it never leaks. */
  canaries: string[];
  /** Top-level frontmatter keys nothing reads, with their lines, for the source's report. */
  unknownKeys: Array<{ key: string; line?: number }>;
  /** Other tools' layout keys (`layout`, `nav_order`), present and ignored. */
  ignoredKeys: string[];
  /** Template tags (ERB, Liquid, Jinja, Hugo) taken out of the body: how many, the first as written, its file line. */
  templateTags?: { removed: number; example: string; line: number };
}

export type ParseResult = { ok: true; doc: ParsedDocument; problems: Problem[] } | { ok: false; problems: Problem[] };

function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, pathParts: PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of pathParts) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** Bidi controls and zero-width characters: invisible, they can make a title, tag or id show as something it is not. */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]/g;
const HAS_INVISIBLE = new RegExp(INVISIBLE.source);
/** The same characters at the start of a Markdown link target, `](` kept in the first group. */
const INVISIBLE_TARGET = new RegExp(`(\\]\\([ \\t]*)(?:${INVISIBLE.source})+`, 'g');
/** Fields that name a document or make a page: cleaned of invisible characters before the schema reads them. */
const VISIBLE_FIELDS = ['title', 'id', 'tags', 'teams', 'services'];

function stripInvisible(data: Record<string, unknown>, warn: (field: string, found: string[]) => void): void {
  const clean = (v: unknown, field: string): unknown => {
    if (typeof v !== 'string' || !HAS_INVISIBLE.test(v)) return v;
    warn(
      field,
      v.match(INVISIBLE)!.map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`),
    );
    return v.replace(INVISIBLE, '');
  };
  for (const key of VISIBLE_FIELDS) {
    const v = data[key];
    // A list item that was nothing but invisible characters is left out, not an error.
    if (Array.isArray(v))
      data[key] = v.map((item, i) => clean(item, `${key}.${i}`)).filter((item, i) => item !== '' || v[i] === '');
    else data[key] = clean(v, key);
    if (data[key] === undefined) delete data[key];
  }
}

/** True for a fenced code block without its closing fence (it runs to the end of its container). */
function unclosedFence(raw: string): boolean {
  const open = /^(`{3,}|~{3,})/.exec(raw);
  if (!open) return false;
  const lines = raw.split('\n');
  const last = lines.at(-1)!.replace(/^[ \t>]*/, '');
  const close = /^(`{3,}|~{3,})[ \t]*$/.exec(last);
  return !(lines.length > 1 && close && close[1]![0] === open[1]![0] && close[1]!.length >= open[1]!.length);
}

/** Where `body` has code spans and code blocks, in which a region marker is text. */
function codeRangesOf(body: string): CodeRanges {
  if (!mayHoldMarkers(body)) return [];
  const ranges: CodeRanges = [];
  const visit = (n: {
    type: string;
    position?: { start: { offset?: number }; end: { offset?: number } };
    children?: unknown[];
  }) => {
    if (
      (n.type === 'code' || n.type === 'inlineCode') &&
      n.position?.start.offset !== undefined &&
      n.position.end.offset !== undefined
    ) {
      const { offset: start } = n.position.start;
      const { offset: end } = n.position.end;
      ranges.push([start, end, n.type === 'code' && unclosedFence(body.slice(start, end))]);
      return;
    }
    for (const c of n.children ?? []) visit(c as typeof n);
  };
  visit(parseMarkdownTree(body) as never);
  return ranges;
}

/** At most this many problems are listed per document (a list of 20,000 bad entries made 20,000), then a count. */
export const PROBLEMS_PER_DOCUMENT = 20;

function capProblems(problems: Problem[], at: { source: string; path: string }): Problem[] {
  if (problems.length <= PROBLEMS_PER_DOCUMENT) return problems;
  const rest = problems.length - PROBLEMS_PER_DOCUMENT;
  return [
    ...problems.slice(0, PROBLEMS_PER_DOCUMENT),
    {
      ...at,
      severity: 'warning',
      code: 'more-problems',
      message: `${rest.toLocaleString('en-US')} more problem${rest === 1 ? '' : 's'} in this file, not listed: fix the ones above and build again`,
    },
  ];
}

/** Quotes and lists nested deeper than this are refused: the Markdown parsers recurse once per level. */
export const MAX_NESTING = 100;

/** Brackets open at once at the most: nested links and images overflow the native Markdown parser's stack. */
export const MAX_BRACKET_DEPTH = 256;

/** The 0-based index of the line where more than MAX_BRACKET_DEPTH `[` are open, if any. */
function tooManyOpenBrackets(body: string): number | undefined {
  let depth = 0;
  let line = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 92)
      i++; // a backslash escapes the next character
    else if (c === 91 && ++depth > MAX_BRACKET_DEPTH) return line;
    else if (c === 93 && depth > 0) depth--;
  }
  return undefined;
}

/**
 * Counts past which Astro's native Markdown renderer slows down quadratically and then aborts the whole process
 * (straight quotes, from its smart punctuation; entity references) or the sanitiser crawls (HTML tags).
 */
export const RENDERER_LIMITS = [
  { what: 'straight quotes (" and \')', pattern: /["']/g, max: 10_000 },
  {
    what: 'character references (&amp; &#38; …)',
    pattern: /&(?:#\d{1,8}|#x[0-9a-f]{1,8}|[a-z][a-z0-9]{1,31});/gi,
    max: 10_000,
  },
  { what: 'HTML tags', pattern: /<\/?[a-z][a-z0-9-]{0,40}/gi, max: 20_000 },
] as const;

/** The first renderer limit `body` is over, with its count. */
function overRendererLimit(body: string): { what: string; count: number; max: number } | undefined {
  for (const limit of RENDERER_LIMITS) {
    const count = body.match(limit.pattern)?.length ?? 0;
    if (count > limit.max) return { what: limit.what, count, max: limit.max };
  }
  return undefined;
}

/** The 0-based index of the first line nesting quotes and lists deeper than MAX_NESTING, if any. */
function tooDeeplyNested(body: string): number | undefined {
  const lines = body.split('\n');
  for (const [i, line] of lines.entries()) {
    let depth = 0;
    let at = 0;
    let indent = 0;
    while (at < line.length) {
      const c = line[at]!;
      if (c === ' ' || c === '\t') {
        indent += c === '\t' ? 4 : 1;
        at++;
        continue;
      }
      const marker = /^(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/.exec(line.slice(at, at + 11));
      if (!marker) break;
      depth++;
      at += marker[0].length;
    }
    // A list item's continuation is nested by indentation alone: two columns a level at the least.
    if (depth + (depth ? Math.floor(indent / 2) : 0) > MAX_NESTING) return i;
  }
  return undefined;
}

/** What in a body the Markdown parsers and renderer cannot take, checked before they see it; line 0-based. */
function bodyOverLimits(body: string): { code: string; line?: number; message: string } | undefined {
  const deep = tooDeeplyNested(body);
  if (deep !== undefined)
    return {
      code: 'too-deep',
      line: deep,
      message: `quotes or lists nested more than ${MAX_NESTING} levels deep; nest them less`,
    };
  const over = overRendererLimit(body);
  if (over)
    return {
      code: 'too-many',
      message: `${over.count.toLocaleString('en-US')} ${over.what}, over the limit of ${over.max.toLocaleString('en-US')} that the Markdown renderer can take; split the document, or put long data in a linked file`,
    };
  const open = tooManyOpenBrackets(body);
  if (open !== undefined)
    return {
      code: 'too-deep',
      line: open,
      message: `more than ${MAX_BRACKET_DEPTH} "[" open at once (links or images nested in each other); close them or escape them as \\[`,
    };
  return undefined;
}

export function parseDocument(input: DocumentInput): ParseResult {
  const at = { source: input.source, path: input.path };
  /** The file is not built: its one error. */
  const refused = (p: Omit<Problem, 'source' | 'path' | 'severity'>): ParseResult => ({
    ok: false,
    problems: [{ ...at, severity: 'error', ...p }],
  });
  const decoded = decodeText(input.bytes);
  if (!decoded.ok) return refused({ code: decoded.code, line: decoded.line, message: `skipped: ${decoded.reason}` });
  if (!decoded.text.trim()) return refused({ code: 'empty', message: 'skipped: the file is empty' });
  const fm = parseFrontmatter(decoded.text);
  if (!fm.ok)
    return refused({
      code: fm.field ? 'frontmatter-limit' : 'yaml',
      line: fm.line,
      field: fm.field,
      message: `skipped: ${fm.message}`,
    });

  const heavy = bodyOverLimits(fm.body);
  if (heavy)
    return refused({
      code: heavy.code,
      line: heavy.line === undefined ? undefined : heavy.line + fm.bodyLine,
      message: `skipped: ${heavy.message}`,
    });

  const mapped = mapFrontmatter(input.kind, kindSchemas[input.kind], fm.data, input.mapping);
  const own = mapped.data;
  const data: Record<string, unknown> = { ...(input.defaults ?? {}), ...own };
  const derivedFrom: Record<string, string> = {};
  for (const [field, key] of Object.entries(mapped.renamed)) derivedFrom[field] = `the frontmatter's "${key}"`;
  const problems: Problem[] = [];
  // A field read under another name is on the line of that name.
  const fieldLine = (field: string) => {
    const [top, ...rest] = field.split('.');
    const key = mapped.renamed[top!];
    return lineOfField(fm.keyLines, key ? [key, ...rest].join('.') : field);
  };
  for (const { key, field } of mapped.shadowed)
    problems.push({
      ...at,
      severity: 'warning',
      code: 'field-twice',
      field,
      line: lineOfField(fm.keyLines, key),
      message: `both "${field}" and "${key}" are given, which mean the same; "${field}" is used: delete "${key}"`,
    });
  const audience = input.audience ?? 'internal';
  const visible = audience === 'internal' || data.visibility === 'public';
  if (audience === 'public' && visible) {
    // A marker in the frontmatter cannot hide anything there: refused rather than published.
    const head = decoded.text.slice(0, decoded.text.length - fm.body.length);
    const inHead = [...head.matchAll(/<!--[ \t]*\/?internal[ \t]*-->/gi)].map((m) => ({
      line: head.slice(0, m.index).split('\n').length,
      found: m[0],
    }));
    // Values too, as YAML decoded them (`"\u003c!-- internal --\u003e"` is a marker only once decoded).
    const inValues = Object.entries(own).flatMap(([key, value]) => {
      const texts: string[] = [];
      const collect = (v: unknown): void => {
        if (typeof v === 'string') texts.push(v);
        else if (v && typeof v === 'object' && !(v instanceof Date)) Object.values(v).forEach(collect);
      };
      collect(value);
      const hit = texts.find((t) => /<!--[ \t]*\/?internal[ \t]*-->/i.test(t) || findNearMisses(t).length > 0);
      return hit === undefined
        ? []
        : [
            {
              line: fieldLine(key) ?? 1,
              found: findNearMisses(hit)[0]?.found ?? /<!--[ \t]*\/?internal[ \t]*-->/i.exec(hit)![0],
            },
          ];
    });
    const first = [...inHead, ...findNearMisses(head), ...inValues].sort((a, b) => a.line - b.line)[0];
    if (first) {
      return refused({
        code: 'internal-region',
        line: first.line,
        message: `skipped: the frontmatter holds "${first.found.slice(0, 60)}", but internal regions work only in the body; move the internal text to an <!-- internal --> region of the body`,
      });
    }
  }
  // Other site generators' tags are never shown (MDX's braces are code); see template-tags.ts.
  // Taken out first, so that internal regions are read from what the page shows (`<!-- inter{{ x }}nal -->` is a
  // marker once its tag goes); a public build does not quote the first tag, which may be in an internal region.
  const tags =
    /\.mdx$/i.test(input.path) || input.templates === 'keep'
      ? { body: fm.body, removed: 0 }
      : stripTemplateTags(fm.body, { erb: /\.erb$/i.test(input.path), parsable: (b) => !bodyOverLimits(b) });
  // What the tags hid is read by the parsers too (`{{ x }}>>>>…` is a paragraph, then a quote a million deep).
  const heavyWithoutTags = tags.body === fm.body ? undefined : bodyOverLimits(tags.body);
  if (heavyWithoutTags)
    return refused({
      code: heavyWithoutTags.code,
      line: heavyWithoutTags.line === undefined ? undefined : heavyWithoutTags.line + fm.bodyLine,
      message: `skipped: once its template tags are taken out, ${heavyWithoutTags.message}`,
    });
  const templateTags = tags.first && {
    removed: tags.removed,
    example: audience === 'public' ? '' : tags.first.text,
    line: fm.bodyLine + tags.first.line,
  };
  // A removed tag can turn text into code (`~{{ x }}~~` is a fence once the tag goes): a marker that worked in the
  // file and is code in what the page shows would publish its region, so a public build refuses the document.
  if (
    audience === 'public' &&
    visible &&
    tags.removed &&
    markersInCode(tags.body, codeRangesOf(tags.body)) > markersInCode(fm.body, codeRangesOf(fm.body))
  )
    return refused({
      code: 'internal-region',
      line: fm.bodyLine + (tags.first?.line ?? 0),
      message:
        'skipped: removing the template tags turns an internal region marker into code, which would publish its region; take the tags out of the lines around the region',
    });
  // A link target that starts with invisible characters (pasted from a web page) would be a dead relative link:
  // they are taken out before the renderer and the URL policy see the target.
  let cleanBody = tags.body;
  const firstInvisible = cleanBody.search(INVISIBLE_TARGET);
  if (firstInvisible !== -1) {
    cleanBody = cleanBody.replace(INVISIBLE_TARGET, '$1');
    problems.push({
      ...at,
      severity: 'warning',
      code: 'invisible-characters',
      line: fm.bodyLine + cleanBody.slice(0, firstInvisible).split('\n').length - 1,
      message:
        'a link target starts with invisible characters (zero-width or bidi controls), which make it a link to nothing; they are removed: delete them from the file',
    });
  }
  const regions = stripInternalRegions(cleanBody, fm.bodyLine, codeRangesOf(cleanBody));
  let source = cleanBody;
  const removedText: string[] = [];
  if (!regions.ok) {
    const problem: Problem = {
      ...at,
      severity: 'error',
      code: 'internal-region',
      line: regions.line,
      message: regions.message,
    };
    // In a public build a broken region could leak: the document is not built. Internally it is only a warning.
    if (audience === 'public' && visible)
      return { ok: false, problems: [{ ...problem, message: `skipped: ${problem.message}` }] };
    problems.push({ ...problem, severity: 'warning' });
  } else if (audience === 'public') {
    source = regions.body;
    removedText.push(...regions.removed);
  }
  const structure = readBodyStructure(source, fm.bodyLine, { requirements: input.requirements });
  const missing = (k: string) => data[k] === undefined || data[k] === null || data[k] === '';

  /** A generic leading heading (`# Instructions`) that a better title replaced: left out of the body. */
  let replacedHeading: string | undefined;
  if (missing('title')) {
    const heading = structure.firstHeading;
    const genericHeading = heading !== undefined && meaninglessTitle(heading) === 'a generic word';
    if (input.folderTitle && (heading === undefined || genericHeading)) {
      // `exercises/bowling/instructions.md` under `# Instructions`: metadata beside it, or its folder, names it.
      data.title = input.folderTitle.title;
      derivedFrom.title = input.folderTitle.from;
      replacedHeading = heading;
    } else if (genericHeading && !hasGenericFileName(input.path)) {
      // `katas/bowling.md` under `# Instructions`: the file name says more than the heading.
      data.title = titleFromFileName(input.path);
      derivedFrom.title = 'the file name (the first heading is generic)';
      replacedHeading = heading;
    } else {
      data.title = heading ?? titleFromFileName(input.path);
      derivedFrom.title = heading !== undefined ? 'the first heading' : 'the file name';
      if (heading === undefined) {
        problems.push({
          ...at,
          severity: 'warning',
          code: 'no-title',
          field: 'title',
          message: `no title in the frontmatter and no # heading; the file name gives "${String(data.title)}"`,
        });
      } else if (genericHeading) {
        problems.push({
          ...at,
          severity: 'warning',
          code: 'generic-title',
          field: 'title',
          message: `expected a title that names the document, found the generic heading "${heading.slice(0, 60)}"; add \`title:\` to the frontmatter`,
        });
      }
    }
  }
  if (typeof data.title === 'string') {
    const why = meaninglessTitle(data.title);
    if (why === 'a UUID' || why === 'only a date') {
      problems.push({
        ...at,
        severity: 'warning',
        code: 'generic-title',
        field: 'title',
        line: lineOfField(fm.keyLines, 'title'),
        message: `expected a title that names the document, found ${why}: "${data.title.slice(0, 60)}"${derivedFrom.title ? ` (read from ${derivedFrom.title})` : ''}; add \`title:\` to the frontmatter`,
      });
    }
  }
  // An incident log that gives when an incident began gives its day.
  const began = typeof data.started === 'string' ? /^\s*(\d{4}-\d{2}-\d{2})/.exec(data.started)?.[1] : undefined;
  if (input.kind === 'postmortem' && missing('date') && began) {
    data.date = began;
    derivedFrom.date = `the start time (${mapped.renamed.started ? `"${mapped.renamed.started}"` : '"started"'})`;
  }
  // A post-mortem states its day in its timeline.
  if (input.kind === 'postmortem' && missing('date')) {
    const stated = dateFromTimeline(structure.timeline, input.path);
    if (stated) {
      data.date = stated;
      derivedFrom.date = 'the first date of the timeline';
    }
  }
  if (missing('date')) {
    const fromName = dateFromFileName(input.path);
    // a date the document states comes before the file name's.
    if (structure.statedDate) {
      data.date = structure.statedDate.date;
      derivedFrom.date = structure.statedDate.from;
    } else if (fromName) {
      data.date = fromName;
      derivedFrom.date = 'the file name';
    } else if (input.firstAdded) {
      data.date = input.firstAdded.slice(0, 10);
      derivedFrom.date = input.firstAddedInImport
        ? `the commit that added the file (an import of ${input.firstAddedInImport} files: uncertain)`
        : 'the commit that added the file';
    }
  }
  let summaryCandidates: string[] | undefined;
  if (missing('summary') && structure.firstParagraph) {
    data.summary = summaryFrom(structure.firstParagraph);
    derivedFrom.summary = 'the first paragraph';
    summaryCandidates = structure.paragraphs.map((p) => summaryFrom(p));
  }
  // status, attendees, recording and decisions the body states.
  problems.push(...fillFromBody(input.kind, structure, data, derivedFrom, missing, at));
  // A standard that says where it now lives is no longer the one in force.
  if (input.kind === 'standard' && missing('status') && data.redirect_to) {
    data.status = 'superseded';
    derivedFrom.status = 'its `redirect_to`: the page has moved';
  }
  if (input.kind === 'postmortem') {
    if (missing('id')) {
      const id = idFromFileName(input.path);
      if (id) {
        data.id = id;
        derivedFrom.id = 'the file name';
      }
    }
    if (missing('action_items') && structure.actionItems.length) {
      data.action_items = structure.actionItems.map(({ line: _line, ...a }) => a);
      derivedFrom.action_items = 'the "Action items" section';
    }
    if (missing('category') && structure.stats.category) data.category = structure.stats.category;
    if (missing('time_to_detect_minutes') && structure.stats.timeToDetectMinutes !== undefined) {
      data.time_to_detect_minutes = structure.stats.timeToDetectMinutes;
    }
    data.timeline = structure.timeline;
  }
  if (input.kind === 'standard' && missing('requirements') && structure.requirements.length) {
    const prefix = typeof data.id === 'string' ? `${data.id}-R` : 'R';
    data.requirements = structure.requirements.map((r, i) => ({
      id: `${prefix}${i + 1}`,
      level: r.level,
      text: r.text,
    }));
    derivedFrom.requirements =
      input.requirements === 'any-case' ? 'list items with must / should / may' : 'list items with MUST / SHOULD / MAY';
  }

  stripInvisible(data, (field, found) =>
    problems.push({
      ...at,
      severity: 'warning',
      code: 'invisible-characters',
      field,
      line: fieldLine(field),
      message: `expected visible characters only, found ${[...new Set(found)].join(', ')} (bidi controls or zero-width characters, which can show text as something it is not); they are removed: delete them from the file`,
    }),
  );
  const parsed = kindSchemas[input.kind].safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      // No date at all is said below, with where a date can come from.
      if (field === 'date' && !('date' in own) && missing('date')) continue;
      const top = String(issue.path[0] ?? '');
      const fromDefaults = top !== '' && !(top in own) && input.defaults && top in input.defaults;
      const found = 'input' in issue ? issue.input : valueAt(data, issue.path);
      let message = issue.message.replace(/^Invalid input: /, '');
      const shown = issue.code === 'custom' ? '' : `, found ${describeFound(found)}`;
      if (issue.code === 'invalid_value' && 'values' in issue)
        message = `expected one of ${issue.values.map(String).join(', ')}`;
      problems.push({
        ...at,
        severity: 'error',
        code: 'schema',
        field: field || undefined,
        line: fieldLine(field),
        message: `${message}${shown}${fromDefaults ? " (from the source's defaults in sources.yaml)" : ''}${derivedFrom[top] ? ` (read from ${derivedFrom[top]})` : ''}`,
      });
    }
    if (!('date' in own) && missing('date') && !problems.some((p) => p.field === 'date')) {
      problems.push({
        ...at,
        severity: 'error',
        code: 'schema',
        field: 'date',
        message: 'no date: add `date: YYYY-MM-DD`, put a date in the file name, or commit the file',
      });
    }
    const first = problems.findIndex((p) => p.severity === 'error');
    problems[first]!.message = `skipped: ${problems[first]!.message}`;
    return { ok: false, problems: capProblems(problems, at) };
  }
  // A key inside a structured field that nothing reads is most often a YAML slip: `{ title: Warm the top 10,000
  // queries }` is a title "Warm the top 10" and a key "000 queries".
  for (const { field, key, value } of unknownNestedKeys(kindSchemas[input.kind], own)) {
    // YAML reads the words after such a comma as a key without a value.
    const cut = value === null && key !== '';
    problems.push({
      ...at,
      severity: 'warning',
      code: 'unknown-key',
      field,
      line: fieldLine(field),
      message: cut
        ? `"${key.slice(0, 60)}" is not a field here: it looks like the rest of a value cut at a comma inside { … }; put the value in quotes ("…")`
        : `"${key.slice(0, 60)}" is not a field here, and is left out: check its spelling (see the fields of this kind in the README)`,
    });
  }
  // A redirect with no text of its own (Jekyll's `redirect_to` stubs) is not a page to build.
  if (parsed.data.redirect_to && !source.trim())
    return {
      ok: false,
      problems: [
        ...problems.filter((p) => p.code !== 'no-title'),
        {
          ...at,
          severity: 'warning',
          code: 'redirect-stub',
          field: 'redirect_to',
          line: fieldLine('redirect_to'),
          message: `not published: only a redirect to ${parsed.data.redirect_to}, with no text of its own`,
        },
      ],
    };
  // `related` may hold web addresses: any the URL policy refuses is dropped here, before anything can render it.
  const urlAllowed = (value: string, field: string) => {
    if (!/^[\u0000-\u0020]*[a-z][a-z0-9+.\t\n\r-]*:/i.test(value)) return true;
    const verdict = checkUrl(value);
    if (verdict.ok) return true;
    problems.push({
      ...at,
      severity: 'warning',
      code: 'unsafe-url',
      field,
      line: fieldLine(field),
      message: refusal(value, verdict),
    });
    return false;
  };
  const related = parsed.data.related.filter((ref, i) => urlAllowed(ref, `related.${i}`));
  if (related.length !== parsed.data.related.length) parsed.data.related = related;
  problems.push(
    ...capDocumentLists(
      parsed.data,
      at,
      (field, i) =>
        (field === 'action_items' && derivedFrom.action_items ? structure.actionItems[i]?.line : undefined) ??
        fieldLine(`${field}.${i}`),
    ),
  );
  // A ticket may be a web address too; only its text is shown today, but the API lists it as written.
  for (const [i, item] of (
    (parsed.data as { action_items?: Array<{ ticket?: string }> }).action_items ?? []
  ).entries()) {
    if (item.ticket !== undefined && !urlAllowed(item.ticket, `action_items.${i}.ticket`)) delete item.ticket;
  }
  // The page shows the title in its header: drop a leading `# Title` that repeats it.
  const lead = structure.leadingHeading;
  const body =
    lead && (lead.text === parsed.data.title || (replacedHeading !== undefined && lead.text === replacedHeading))
      ? source.slice(0, lead.start) + source.slice(lead.end)
      : source;
  let finalData = parsed.data as Record<string, unknown>;
  const canaries: string[] = [];
  if (audience === 'public' && visible) {
    const redacted = publicData(input.kind, finalData);
    finalData = redacted.data;
    // A removed value this document still shows (an owner also among its teams, an @owner written in its public
    // body) is public by the author's choice: as a canary it would only stop the build.
    const shown = `${JSON.stringify(finalData)}\n${body}`.toLowerCase();
    const removedValues = [...new Set(redacted.removed.map((v) => v.trim()).filter((v) => v.length >= 4))];
    canaries.push(...canaryStrings(removedText), ...removedValues.filter((v) => !shown.includes(v.toLowerCase())));
  }
  return {
    ok: true,
    doc: {
      data: finalData as ParsedDocument['data'],
      body,
      derivedFrom,
      links: structure.links,
      images: structure.images,
      visible,
      canaries,
      summaryCandidates,
      unknownKeys: mapped.unknown.slice(0, 50).map((key) => ({ key, line: lineOfField(fm.keyLines, key) })),
      ignoredKeys: mapped.ignored,
      ...(templateTags && { templateTags }),
    },
    problems: capProblems(problems, at),
  };
}
