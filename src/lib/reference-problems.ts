/** Problems of references between documents: `related` entries and links that lead nowhere, ids used twice. */
import type { Problem } from './problems.ts';
import { keyOf, type GraphDoc, type SiteGraph } from './site-graph.ts';

/** At most this many references that lead nowhere are listed per document, then a count (as in parse-document.ts). */
export const REFERENCE_PROBLEMS_PER_DOCUMENT = 20;

export function referenceProblems(
  graph: SiteGraph<GraphDoc>,
  skip: (target: string) => boolean = () => false,
): Problem[] {
  const problems: Problem[] = [];
  const listed = new Map<string, number>();
  const unlisted = new Map<string, { doc: GraphDoc; count: number }>();
  for (const u of graph.unresolved) {
    if (skip(u.target)) continue;
    const key = keyOf(u.doc);
    const n = listed.get(key) ?? 0;
    if (n >= REFERENCE_PROBLEMS_PER_DOCUMENT) {
      const more = unlisted.get(key) ?? { doc: u.doc, count: 0 };
      more.count++;
      unlisted.set(key, more);
      continue;
    }
    listed.set(key, n + 1);
    problems.push({
      severity: 'warning',
      code: u.what === 'related' ? 'related-unresolved' : 'broken-link',
      source: u.doc.source,
      path: u.doc.path,
      line: u.line,
      field: u.what === 'related' ? 'related' : undefined,
      message:
        u.what === 'related'
          ? `"${u.target}" does not match any document (write kind/slug, e.g. standard/alerting, or an id such as PM-2024-012)`
          : `the link to "${u.target}" leads to no document`,
    });
  }
  for (const { doc, count } of unlisted.values()) {
    problems.push({
      severity: 'warning',
      code: 'more-problems',
      source: doc.source,
      path: doc.path,
      message: `${count.toLocaleString('en-US')} more reference${count === 1 ? '' : 's'} leading to no document in this file, not listed: fix the ones above and build again`,
    });
  }
  const ids = new Map<string, string>();
  for (const d of graph.docs) {
    if (!d.id) continue;
    const key = d.id.toLowerCase();
    const first = ids.get(key);
    if (first)
      problems.push({
        severity: 'warning',
        code: 'duplicate-id',
        source: d.source,
        path: d.path,
        field: 'id',
        message: `the id "${d.id}" is also used by ${first}; references to it go to the first`,
      });
    else ids.set(key, `${d.kind}/${d.slug}`);
  }
  return problems;
}
