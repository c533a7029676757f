/**
 * What the search index knows of a document beside its text: metadata shown in results, filters (facets) and the
 * date to sort by. One function, used by the document page (as Pagefind attributes) and by tests.
 */
import { kindInfo, type Kind } from '../schemas/index.ts';

export interface SearchRecord {
  /** Shown in results: kind, date, id, badges. */
  meta: Record<string, string>;
  /** Facets, each a list of values; several values of one filter combine with OR. */
  filters: Record<string, string[]>;
  /** Sort keys: `date` as YYYY-MM-DD, so that newest first is a string sort. */
  sort: Record<string, string>;
  /**
   * The header's facts as words to find, each value apart (the page's own header is left out of the index, so
   * that excerpts show the body): filter values, people, category, languages. The id is apart, weighted.
   */
  facts: string[];
}

export { searchFilters } from '../search/filter-order.ts';

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String).filter(Boolean) : typeof v === 'string' && v ? [v] : [];

export function searchRecordOf(doc: { kind: Kind; date: Date; data: Record<string, unknown> }): SearchRecord {
  const { kind, data } = doc;
  const date = doc.date.toISOString().slice(0, 10);
  const meta: Record<string, string> = { kind: kindInfo[kind].label, date };
  for (const key of ['id', 'severity', 'status', 'champion_group', 'level'] as const) {
    const v = data[key];
    if (typeof v === 'string' && v) meta[key] = v;
  }
  const teams = list(data.teams);
  const services = list(data.services);
  if (teams.length) meta.teams = teams.join(', ');
  if (services.length) meta.services = services.join(', ');
  const filters: Record<string, string[]> = {
    kind: [kindInfo[kind].plural],
    team: teams,
    service: services,
    severity: list(data.severity),
    'champion group': list(data.champion_group),
    status: list(data.status),
    level: list(data.level),
    topic: [...new Set([...list(data.tags), ...list(data.topics)].map((t) => t.toLowerCase()))],
    year: [date.slice(0, 4)],
  };
  for (const k of Object.keys(filters)) if (!filters[k]!.length) delete filters[k];
  const factFilters = Object.entries(filters).filter(([k]) => k !== 'kind' && k !== 'year');
  const people = ['authors', 'facilitator', 'host', 'presenters', 'owners', 'owner'].flatMap((k) => list(data[k]));
  const facts = [...factFilters.flatMap(([, v]) => v), ...people, ...list(data.category), ...list(data.languages)];
  return { meta, filters, sort: { date }, facts: [...new Set(facts)] };
}
