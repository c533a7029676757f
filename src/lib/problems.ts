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

/** `incident-reviews: postmortems/x.md:7: severity: expected one of SEV1…, found "SEV9"` */
export function formatProblem(p: Problem): string {
  const where = [p.source, p.path, p.line].filter((x) => x !== undefined && x !== '').join(':');
  return `${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** The same without the source name, as a repository's own CI wants it: `path:line: field: message`. */
export function formatProblemForRepo(p: Problem): string {
  const where = [p.path ?? '(source)', p.line].filter((x) => x !== undefined).join(':');
  return `${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}
