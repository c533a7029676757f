/** What a document lacks in frontmatter, read from its file name and history. */
import path from 'node:path';
import { parseStrictDate } from '../schemas/fields.ts';
import { isGenericName, stemOfPath } from './slugs.ts';

/** `2024-03-07-db-failover.md` → `2024-03-07`. */
export function dateFromFileName(filePath: string): string | undefined {
  const m = /(?:^|[^0-9])(\d{4}-\d{2}-\d{2})(?![0-9])/.exec(path.posix.basename(filePath));
  return m?.[1];
}

/**
 * The first date a timeline states (`2021-01-05 11:25`), as `YYYY-MM-DD`. When the file name states a year
 * (`PM2021-011`), a date in another year is taken for a typo and passed over.
 */
export function dateFromTimeline(timeline: Array<{ time: string }>, filePath: string): string | undefined {
  const year = /(?:^|[^0-9])((?:19|20)\d\d)(?![0-9])/.exec(path.posix.basename(filePath))?.[1];
  for (const { time } of timeline.slice(0, 50)) {
    const day = /^\s*((\d{4})-\d{2}-\d{2})(?![0-9])/.exec(time);
    if (day && (!year || day[2] === year) && parseStrictDate(day[1]) instanceof Date) return day[1];
  }
  return undefined;
}

/** `PM2021-011 - Log4Shell.md` → `PM2021-011`; `SEC-003-secrets.md` → `SEC-003`. */
export function idFromFileName(filePath: string): string | undefined {
  const m = /^([A-Z][A-Z0-9]*-?\d{2,}(?:-\d+)*)(?=$|[\s._-])/.exec(path.posix.basename(filePath));
  if (!m) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(m[1]!)) return undefined;
  return m[1];
}

/** `bowling-game` → `Bowling game`; `2024-03-07-db_failover` → `Db failover`. */
export function titleFromName(name: string): string {
  const words = name
    .replace(/^\d{4}-\d{2}-\d{2}[-_ ]*/, '')
    .replace(/[-_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

/** `2024-03-07-db-failover.md` → `Db failover`; `x.html.md.erb` → `X`: the name without its extensions. */
export function titleFromFileName(filePath: string): string {
  return titleFromName(stemOfPath(filePath)) || path.posix.basename(filePath);
}

/** A UUID, also as a file-name title gives it (`3f2b8c1e 9d4a …`). */
const UUID = /^\{?[0-9a-f]{8}[- ]?[0-9a-f]{4}[- ]?[0-9a-f]{4}[- ]?[0-9a-f]{4}[- ]?[0-9a-f]{12}\}?$/i;
const ONLY_DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$|^\d{8}$/;

/** What makes a title meaningless to a reader, if anything: a UUID, a date alone, a generic word (`Instructions`). */
export function meaninglessTitle(title: string): string | undefined {
  const t = title.trim();
  if (UUID.test(t)) return 'a UUID';
  if (ONLY_DATE.test(t)) return 'only a date';
  if (isGenericName(t)) return 'a generic word';
  return undefined;
}

/** The first paragraph, cut at a word boundary near `max` characters. */
export function summaryFrom(paragraph: string, max = 240): string {
  if (paragraph.length <= max) return paragraph;
  const cut = paragraph.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : max).replace(/[\s,;:.]+$/, '')}…`;
}
