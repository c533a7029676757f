/** Problems found in documents and sources, written for people: where, which field, expected, found. */

export interface Problem {
  /** `error`: the document is skipped. `warning`: it is built, but something is off. */
  severity: 'error' | 'warning';
  /** The source's name from sources.yaml. */
  source: string;
  /** Path of the file inside the source's repository. */
  path?: string;
  /** 1-based line in the file. */
  line?: number;
  /** The frontmatter field, as a dotted path (`action_items.2.status`). */
  field?: string;
  /** What is wrong, in plain words. */
  message: string;
  /** Short code for filtering and tests (`yaml`, `schema`, `encoding`, `mdx-refused`…). */
  code: string;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control, line-separator and bidi characters written as escapes (`\n`, `\u001b`): a file name or value from a
 * document must not start a new log line (a CI `::error` command), move the cursor or reorder what is shown.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `incident-reviews: postmortems/x.md:7: severity: expected one of SEV1…, found "SEV9"` */
export function formatProblem(p: Problem): string {
  const where = [p.source, p.path, p.line].filter((x) => x !== undefined && x !== '').join(':');
  return printable(`${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
}

/** The same without the source name, as a repository's own CI wants it: `path:line: field: message`. */
export function formatProblemForRepo(p: Problem): string {
  const where = [p.path ?? '(source)', p.line].filter((x) => x !== undefined).join(':');
  return printable(`${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
}
