/**
 * Per-document limits on list lengths: every value of a list becomes a link, a filter entry or a page, so one
 * document with thousands of services or action items must not grow the site without bound. The rest is dropped.
 */
import type { Problem } from './problems.ts';

/** Lists of names (facets, tags, people): at most this many per document. */
export const VALUE_LIST_LIMIT = 50;
/** Lists of entries (action items, timeline rows, requirements, references…): at most this many per document. */
export const ENTRY_LIST_LIMIT = 200;

const valueLists = new Set([
  'services',
  'teams',
  'tags',
  'contributing_factors',
  'topics',
  'languages',
  'authors',
  'owners',
  'presenters',
  'attendees',
]);

/** Cuts every top-level list of `data` to its limit, in place; a warning for each list cut. */
export function capDocumentLists(
  data: Record<string, unknown>,
  at: { source: string; path: string },
  lineOf: (field: string, index: number) => number | undefined,
): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (!Array.isArray(value)) continue;
    const names = valueLists.has(field);
    const limit = names ? VALUE_LIST_LIMIT : ENTRY_LIST_LIMIT;
    if (value.length <= limit) continue;
    const what = names ? 'values' : 'entries';
    problems.push({
      ...at,
      severity: 'warning',
      code: 'too-many',
      field,
      line: lineOf(field, limit),
      message: `expected at most ${limit} ${what}, found ${value.length.toLocaleString('en-US')}; the first ${limit} are kept and the other ${(value.length - limit).toLocaleString('en-US')} left out: keep the ${what} that matter, or split the document`,
    });
    data[field] = value.slice(0, limit);
  }
  return problems;
}
