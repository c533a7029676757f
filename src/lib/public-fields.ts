/**
 * The one list of what a public build shows of each kind. Applied where a public build parses a document, so that
 * pages, feeds, `/api/*.json` and the search index all see the same data; every field not listed is left out
 * (lists become empty) and its values become canaries for the leak guard.
 *
 * Decided: people's names are internal by default (authors, owners, hosts, presenters, attendees, facilitators, action-item and
 * strategy-action owners); so are tickets and links into internal systems (session recordings, slides and
 * presentation links). A new field of a schema stays internal until it is added here.
 */
import type { Kind } from '../schemas/index.ts';

/** Top-level fields; a field given a list keeps only those fields of each item of its list. */
export type FieldList = Record<string, true | readonly string[]>;

const shared = {
  title: true,
  summary: true,
  date: true,
  teams: true,
  tags: true,
  visibility: true,
  related: true,
  draft: true,
  updated: true,
  // URL paths of the source's own site, for links to resolve; not `source_url` nor `redirect_to` (any address).
  permalink: true,
  redirect_from: true,
  aliases: true,
} as const;

export const publicFields: Record<Kind, FieldList> = {
  postmortem: {
    ...shared,
    id: true,
    severity: true,
    status: true,
    services: true,
    started: true,
    detected: true,
    mitigated: true,
    resolved: true,
    customer_impact: true,
    trigger: true,
    detection: true,
    contributing_factors: true,
    category: true,
    time_to_detect_minutes: true,
    timeline: true,
    // Not `owner` (a person) nor `ticket` (an internal tracker).
    action_items: ['title', 'type', 'status', 'due'],
  },
  standard: {
    // Not `owners`: people.
    ...shared,
    id: true,
    champion_group: true,
    status: true,
    superseded_by: true,
    version: true,
    last_reviewed: true,
    review_every: true,
    requirements: true,
  },
  strategy: {
    // Not `owner`, nor the `owner` of an action: people.
    ...shared,
    period: true,
    status: true,
    diagnosis: true,
    guiding_policy: true,
    okrs: true,
    last_reviewed: true,
    review_every: true,
    actions: ['title', 'status'],
  },
  session: {
    // Not `host`, `presenters` nor `attendees` (people), nor `recording`, `slides` and presentation `links` (internal systems).
    ...shared,
    decisions: true,
    presentations: ['title', 'team', 'type'],
  },
  kata: {
    // Not `facilitator`: a person.
    ...shared,
    level: true,
    duration_minutes: true,
    topics: true,
    languages: true,
    prerequisites: true,
    starter_repo: true,
    learning_goals: true,
  },
};

function stringsIn(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Date))
    for (const v of Object.values(value)) stringsIn(v, out);
}

/** The data a public build shows of a document of `kind`, and the text of what it left out. */
export function publicData(
  kind: Kind,
  data: Record<string, unknown>,
): { data: Record<string, unknown>; removed: string[] } {
  const allowed = publicFields[kind];
  const removed: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const rule = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
    if (rule === true) out[key] = value;
    else if (rule && Array.isArray(value)) {
      out[key] = value.map((item: unknown) => {
        if (!item || typeof item !== 'object') return item;
        const kept: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(item)) {
          if (rule.includes(k)) kept[k] = v;
          else {
            stringsIn(v, removed);
            if (Array.isArray(v)) kept[k] = [];
          }
        }
        return kept;
      });
    } else {
      stringsIn(value, removed);
      // A list stays a list (pages read its length); anything else goes.
      if (Array.isArray(value)) out[key] = [];
    }
  }
  return { data: out, removed };
}
