/** The post-mortems as the action-item list and the statistics need them, read once per build. */
import { actionRows, type ActionRow, type IncidentRef } from '../lib/action-items.ts';
import { minutesBetween } from '../lib/durations.ts';
import { buildFacts } from './build-facts.ts';
import { incidentStats, type IncidentStats } from '../lib/incident-stats.ts';
import { documentsOf } from './documents.ts';

let cached: Promise<{ rows: ActionRow[]; stats: IncidentStats; incidents: IncidentRef[] }> | undefined;

export function incidentData(): Promise<{ rows: ActionRow[]; stats: IncidentStats; incidents: IncidentRef[] }> {
  cached ??= (async () => {
    const { today } = await buildFacts();
    const docs = await documentsOf('postmortem');
    const incidents: IncidentRef[] = docs.map((d) => {
      const data = d.entry.data;
      return {
        slug: d.slug,
        title: d.title,
        id: d.id,
        date: d.date,
        teams: data.teams,
        services: data.services,
        ticketUrl: data.meta.ticket_url,
        items: data.action_items.map((a) => ({
          title: a.title,
          owner: a.owner,
          type: a.type,
          status: a.status,
          due: a.due,
          ticket: a.ticket,
        })),
      };
    });
    const stats = incidentStats(
      docs.map((d) => {
        const data = d.entry.data;
        return {
          date: d.date,
          severity: data.severity,
          services: data.services,
          ttd: minutesBetween(data.started, data.detected) ?? data.time_to_detect_minutes,
          ttr: minutesBetween(data.started, data.resolved),
          contributingFactors: data.contributing_factors,
          category: data.category,
          actionItems: data.action_items,
        };
      }),
      { today },
    );
    return { rows: actionRows(incidents, today), stats, incidents };
  })();
  return cached;
}
