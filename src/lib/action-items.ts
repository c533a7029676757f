/**
 * Every action item of every post-mortem, as one list: overdue and open first, with facets and per-team counts.
 * Pure: the dates "today" and the items come in; the pages and tests share it.
 */
import type { Facet } from './facets.ts';

export interface IncidentRef {
  slug: string;
  title: string;
  id?: string;
  date: Date;
  teams: string[];
  services: string[];
  ticketUrl?: string;
  items: Array<{ title: string; owner?: string; type: string; status: string; due?: Date; ticket?: string }>;
}

export interface ActionRow {
  incident: IncidentRef;
  title: string;
  owner?: string;
  type: string;
  status: string;
  due?: Date;
  ticket?: string;
  /** A link for the ticket: the ticket itself when it is a URL, else the source's or site's template. */
  ticketHref?: string;
  overdue: boolean;
  /** Days since the incident, for open items: how long it has been waiting. */
  ageDays: number;
}

const OPEN = new Set(['open', 'in-progress']);
const DAY = 86_400_000;

/** `OPS-123` with `https://jira.example.org/browse/{ticket}` → a URL; a URL stays itself. */
export function ticketHref(ticket: string | undefined, template: string | undefined): string | undefined {
  if (!ticket) return undefined;
  if (/^https?:\/\//i.test(ticket)) return ticket;
  if (template && /^[A-Z][A-Z0-9]+-\d+$/.test(ticket))
    return template.replaceAll('{ticket}', encodeURIComponent(ticket));
  return undefined;
}

export function actionRows(incidents: IncidentRef[], today: Date): ActionRow[] {
  const rows = incidents.flatMap((incident) =>
    incident.items.map((item) => {
      const open = OPEN.has(item.status);
      return {
        incident,
        ...item,
        ticketHref: ticketHref(item.ticket, incident.ticketUrl),
        overdue: open && item.due !== undefined && item.due.getTime() < today.getTime(),
        ageDays: Math.max(0, Math.floor((today.getTime() - incident.date.getTime()) / DAY)),
      };
    }),
  );
  const rank = (r: ActionRow) => (r.overdue ? 0 : OPEN.has(r.status) ? 1 : r.status === 'done' ? 2 : 3);
  return rows.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity) ||
      b.incident.date.getTime() - a.incident.date.getTime() ||
      a.title.localeCompare(b.title),
  );
}

export type ActionFacet = Facet<ActionRow>;

/** The filters of the action-item list (their values and counts: `facetValues` of lib/facets.ts). */
export const actionFacets: ActionFacet[] = [
  { key: 'status', label: 'Status', values: (r) => (r.overdue ? [r.status, 'overdue'] : [r.status]) },
  { key: 'team', label: 'Team', values: (r) => r.incident.teams },
  { key: 'owner', label: 'Owner', values: (r) => (r.owner ? [r.owner] : []) },
  { key: 'service', label: 'Service', values: (r) => r.incident.services },
  { key: 'type', label: 'Type', values: (r) => [r.type] },
];

export interface TeamActions {
  team: string;
  open: number;
  overdue: number;
  done: number;
  /** Age in days of the oldest open item, counted from its incident. */
  oldestOpenDays?: number;
}

export function actionsByTeam(rows: ActionRow[]): TeamActions[] {
  const teams = new Map<string, TeamActions>();
  for (const r of rows) {
    for (const team of r.incident.teams.length ? r.incident.teams : ['(no team)']) {
      const t = teams.get(team) ?? { team, open: 0, overdue: 0, done: 0 };
      if (OPEN.has(r.status)) {
        t.open++;
        if (r.overdue) t.overdue++;
        t.oldestOpenDays = Math.max(t.oldestOpenDays ?? 0, r.ageDays);
      }
      if (r.status === 'done') t.done++;
      teams.set(team, t);
    }
  }
  return [...teams.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.team.localeCompare(b.team));
}
