/** What a document lacks in frontmatter, read from its file name and history. */
import path from 'node:path';

/** `2024-03-07-db-failover.md` → `2024-03-07`. */
export function dateFromFileName(filePath: string): string | undefined {
  const m = /(?:^|[^0-9])(\d{4}-\d{2}-\d{2})(?![0-9])/.exec(path.posix.basename(filePath));
  return m?.[1];
}

/** `PM2021-011 - Log4Shell.md` → `PM2021-011`; `SEC-003-secrets.md` → `SEC-003`. */
export function idFromFileName(filePath: string): string | undefined {
  const m = /^([A-Z][A-Z0-9]*-?\d{2,}(?:-\d+)*)(?=$|[\s._-])/.exec(path.posix.basename(filePath));
  if (!m) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(m[1]!)) return undefined;
  return m[1];
}

/** `2024-03-07-db-failover.md` → `Db failover`. */
export function titleFromFileName(filePath: string): string {
  const name = path.posix
    .basename(filePath)
    .replace(/\.(md|mdx|markdown)$/i, '')
    .replace(/^\d{4}-\d{2}-\d{2}[-_ ]*/, '');
  const words = name.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : path.posix.basename(filePath);
}

/** The first paragraph, cut at a word boundary near `max` characters. */
export function summaryFrom(paragraph: string, max = 240): string {
  if (paragraph.length <= max) return paragraph;
  const cut = paragraph.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : max).replace(/[\s,;:.]+$/, '')}…`;
}
