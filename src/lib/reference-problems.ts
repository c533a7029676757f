/** Problems of references between documents: `related` entries and links that lead nowhere, ids used twice. */
import type { Problem } from './problems.ts';
import type { GraphDoc, SiteGraph } from './site-graph.ts';

export function referenceProblems(graph: SiteGraph<GraphDoc>, skip: (target: string) => boolean = () => false): Problem[] {
  const problems: Problem[] = [];
  for (const u of graph.unresolved) {
    if (skip(u.target)) continue;
    problems.push({
      severity: 'warning',
      code: u.what === 'related' ? 'related-unresolved' : 'broken-link',
      source: u.doc.source,
      path: u.doc.path,
      line: u.line,
      field: u.what === 'related' ? 'related' : undefined,
      message: u.what === 'related'
        ? `"${u.target}" does not match any document (write kind/slug, e.g. standard/alerting, or an id such as PM-2024-012)`
        : `the link to "${u.target}" leads to no document`,
    });
  }
  const ids = new Map<string, string>();
  for (const d of graph.docs) {
    if (!d.id) continue;
    const key = d.id.toLowerCase();
    const first = ids.get(key);
    if (first) problems.push({ severity: 'warning', code: 'duplicate-id', source: d.source, path: d.path, field: 'id', message: `the id "${d.id}" is also used by ${first}; references to it go to the first` });
    else ids.set(key, `${d.kind}/${d.slug}`);
  }
  return problems;
}
