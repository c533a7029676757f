/**
 * The adoption report of a source: where its documents' titles, dates and summaries came from, and which of its
 * frontmatter keys nothing reads, once per key with a count and the `fields:` mapping that would read it.
 */
import { guessField, LAYOUT_KEYS } from '../lib/field-mapping.ts';
import type { ParsedDocument } from '../lib/parse-document.ts';
import type { Problem } from '../lib/problems.ts';
import { kindInfo, kindSchemas, type Kind } from '../schemas/index.ts';

export const origins = ['frontmatter', 'body', 'file name', 'folder', 'git', 'none'] as const;
export type Origin = (typeof origins)[number];

/** What one document tells the adoption report; kept with its outcome, so that an unchanged file still counts. */
export interface DocFacts {
  title: Origin;
  date: Origin;
  summary: Origin;
  /** The date came from a commit that added many files at once. */
  uncertainDate: boolean;
  unknownKeys: Array<{ key: string; line?: number }>;
  ignoredKeys: string[];
}

export interface Adoption {
  title: Partial<Record<Origin, number>>;
  date: Partial<Record<Origin, number>>;
  summary: Partial<Record<Origin, number>>;
  uncertainDates: number;
  /** Keys nothing reads: count, first file and line, and the field it likely means. */
  unknownKeys: Record<string, { count: number; path: string; line?: number; guess?: string }>;
  /** Other tools' layout keys, with counts. */
  ignoredKeys: Record<string, number>;
}

/** Where a field came from, as `derivedFrom` says it (nothing said: the frontmatter, when the field is there). */
export function originOf(derived: string | undefined, present: boolean): Origin {
  if (derived === undefined) return present ? 'frontmatter' : 'none';
  if (/^the (frontmatter|start time)/.test(derived)) return 'frontmatter';
  if (/file name/.test(derived)) return 'file name';
  if (/commit/.test(derived)) return 'git';
  if (/folder|metadata|beside|_index|index\.md/.test(derived)) return 'folder';
  return 'body';
}

export function factsOf(doc: Pick<ParsedDocument, 'data' | 'derivedFrom' | 'unknownKeys' | 'ignoredKeys'>): DocFacts {
  const d = doc.derivedFrom;
  return {
    title: originOf(d.title, true),
    date: originOf(d.date, doc.data.date instanceof Date),
    summary: originOf(d.summary, typeof doc.data.summary === 'string' && doc.data.summary !== ''),
    uncertainDate: /uncertain|import/.test(d.date ?? ''),
    unknownKeys: doc.unknownKeys,
    ignoredKeys: doc.ignoredKeys,
  };
}

/** Keyed by what documents write: without a prototype, so that a key `__proto__` or `constructor` is only a key. */
const table = <T>() => Object.create(null) as Record<string, T>;

export function emptyAdoption(): Adoption {
  return {
    title: table(),
    date: table(),
    summary: table(),
    uncertainDates: 0,
    unknownKeys: table(),
    ignoredKeys: table(),
  };
}

/** At most this many distinct unknown keys are kept per source: a hostile source could invent thousands. */
const MAX_KEYS = 100;

export function addFacts(kind: Kind, into: Adoption, facts: DocFacts, path: string): void {
  into.title[facts.title] = (into.title[facts.title] ?? 0) + 1;
  into.date[facts.date] = (into.date[facts.date] ?? 0) + 1;
  into.summary[facts.summary] = (into.summary[facts.summary] ?? 0) + 1;
  if (facts.uncertainDate) into.uncertainDates++;
  for (const { key, line } of facts.unknownKeys) {
    const seen = into.unknownKeys[key];
    if (seen) seen.count++;
    else if (Object.keys(into.unknownKeys).length < MAX_KEYS)
      into.unknownKeys[key] = { count: 1, path, line, guess: guessField(key, kindSchemas[kind]) };
  }
  for (const key of facts.ignoredKeys) into.ignoredKeys[key] = (into.ignoredKeys[key] ?? 0) + 1;
}

const cut = (key: string) => (key.length > 60 ? `${key.slice(0, 60)}…` : key);
const shown = (key: string) => JSON.stringify(cut(key));

/** One warning per unknown key of a source, with its count and how to read it. */
export function unknownKeyProblems(kind: Kind, source: string, adoption: Adoption): Problem[] {
  const label = kindInfo[kind].plural.toLowerCase();
  return Object.entries(adoption.unknownKeys).map(([key, k]) => ({
    severity: 'warning',
    code: 'unknown-key',
    source,
    path: k.path,
    line: k.line,
    field: key,
    message: `${shown(key)} is not a field of ${label} and is not shown (${k.count} document${k.count === 1 ? '' : 's'}${k.count > 1 ? ', first here' : ''}); ${
      k.guess
        ? `if it means "${k.guess}", add \`fields: { ${k.guess}: ${cut(key)} }\` to the source in sources.yaml`
        : `to read it as one of our fields, add \`fields: { <field>: ${cut(key)} }\` to the source in sources.yaml`
    }`,
  }));
}

/** What each layout key is, for the health page. */
export const layoutKeyMeaning = (key: string) => (Object.hasOwn(LAYOUT_KEYS, key) ? LAYOUT_KEYS[key]! : '');

/** `, titles from the file name 3, dates from git 12 (12 uncertain), 2 keys nothing reads`, for the build log. */
export function adoptionNote(a: Adoption | undefined): string {
  if (!a) return '';
  const parts: string[] = [];
  if (a.title['file name']) parts.push(`titles from the file name ${a.title['file name']}`);
  if (a.date.git)
    parts.push(`dates from git ${a.date.git}${a.uncertainDates ? ` (${a.uncertainDates} uncertain)` : ''}`);
  const keys = Object.keys(a.unknownKeys).length;
  if (keys) parts.push(`${keys} frontmatter key${keys === 1 ? '' : 's'} nothing reads`);
  return parts.length ? `; ${parts.join(', ')}` : '';
}
