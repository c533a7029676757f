/**
 * Incident statistics from the post-mortems: incidents per quarter by severity, time to detect and to resolve as
 * medians and 90th percentiles (never a bare mean: durations are long-tailed), most affected services, the most
 * frequent kinds of contributing factor, and how many action items get done. Pure, so tests know the answers.
 */
export interface StatIncident {
  date: Date;
  severity?: string;
  services: string[];
  /** Minutes from start to detection, when known. */
  ttd?: number;
  /** Minutes from start to resolution, when known. */
  ttr?: number;
  contributingFactors: string[];
  category?: string;
  actionItems: Array<{ status: string }>;
}

export const quarterOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;

const quarterIndex = (d: Date) => d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
/** `2025-Q1` → the same index as quarterIndex. */
const indexOfQuarter = (q: string) => Number(q.slice(0, -3)) * 4 + Number(q.slice(-1)) - 1;

/** At most this many quarters are shown: one incident dated centuries away must not make thousands of rows. */
export const MAX_QUARTERS = 40;

/** Every quarter from the first to the last (at most the last `max`), so that quiet quarters show as zero. */
export function quarterRange(dates: Date[], max = MAX_QUARTERS): string[] {
  if (!dates.length) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of dates) {
    const q = quarterIndex(d);
    lo = Math.min(lo, q);
    hi = Math.max(hi, q);
  }
  const out: string[] = [];
  for (let q = Math.max(lo, hi - max + 1); q <= hi; q++) out.push(`${Math.floor(q / 4)}-Q${(q % 4) + 1}`);
  return out;
}

/** The p-th percentile by linear interpolation between closest ranks (p = 50: the median). */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

export interface DurationSummary {
  n: number;
  median?: number;
  p90?: number;
}

const summary = (values: number[]): DurationSummary => ({
  n: values.length,
  median: percentile(values, 50),
  p90: percentile(values, 90),
});

/** Kinds of contributing factor, recognised by words in the factor's text; the first match wins. */
export const factorCategories: Array<{ name: string; words: RegExp }> = [
  {
    name: 'Detection and alerting',
    words: /\b(alert\w*|monitor\w*|detect\w*|dashboard|page[ds]?|noticed|observab\w*)\b/i,
  },
  {
    name: 'Retries, timeouts and capacity',
    words: /\b(retr(y|ies|ied)|timeouts?|backoff|pool|capacity|load|saturat\w*|exhaust\w*|throttl\w*|rate limit)\b/i,
  },
  {
    name: 'Change and release',
    words: /\b(deploy\w*|release\w*|rollout|roll-out|flag|migration|upgrade\w*|refactor\w*|change[ds]?)\b/i,
  },
  { name: 'Configuration', words: /\b(config\w*|setting|default|ttl|connection string)\b/i },
  { name: 'Certificates and secrets', words: /\b(certificate\w*|secret\w*|credential\w*|tls|token|password)\b/i },
  {
    name: 'Third parties and dependencies',
    words: /\b(provider|third[- ]party|vendor|dependenc\w*|upstream|external)\b/i,
  },
  { name: 'Process and ownership', words: /\b(runbook|checklist|process|owner\w*|review\w*|team|handover|knew)\b/i },
];

export function categoryOf(factor: string): string {
  return factorCategories.find((c) => c.words.test(factor))?.name ?? 'Other';
}

export interface IncidentStats {
  /** The quarters shown: the last MAX_QUARTERS up to the latest incident not after today. */
  quarters: string[];
  /** Incidents outside the quarters shown, left out of the per-quarter tables (still in the other tables). */
  omitted: { earlier: number; earlierQuarters: number; later: number };
  severities: string[];
  /** quarter → severity → count. */
  perQuarter: Record<string, Record<string, number>>;
  ttdByQuarter: Record<string, DurationSummary>;
  ttrByQuarter: Record<string, DurationSummary>;
  ttdBySeverity: Record<string, DurationSummary>;
  ttrBySeverity: Record<string, DurationSummary>;
  services: Array<{ service: string; incidents: number }>;
  factorCategories: Array<{ category: string; factors: number }>;
  /** Per quarter of the incidents: done / (all − won't do). */
  completion: Array<{ quarter: string; done: number; total: number; rate?: number }>;
}

const countBy = <T>(items: T[], key: (t: T) => string[]) => {
  const m = new Map<string, number>();
  for (const i of items) for (const k of new Set(key(i))) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

export function incidentStats(
  incidents: StatIncident[],
  options: { today?: Date; maxQuarters?: number } = {},
): IncidentStats {
  // Quarters end at the latest incident not after today, so that a post-mortem dated in 2999 hides nothing real.
  const todayQ = options.today ? quarterIndex(options.today) : Infinity;
  const past = incidents.filter((i) => quarterIndex(i.date) <= todayQ);
  const quarters = quarterRange(
    (past.length ? past : incidents).map((i) => i.date),
    options.maxQuarters,
  );
  const shown = new Set(quarters);
  const firstQ = quarters.length ? indexOfQuarter(quarters[0]!) : 0;
  let earlier = 0;
  let oldest = firstQ;
  for (const i of incidents) {
    const q = quarterIndex(i.date);
    if (q < firstQ) {
      earlier++;
      oldest = Math.min(oldest, q);
    }
  }
  const inShown = incidents.filter((i) => shown.has(quarterOf(i.date))).length;
  const omitted = { earlier, earlierQuarters: firstQ - oldest, later: incidents.length - earlier - inShown };
  const severities = [...new Set(incidents.map((i) => i.severity ?? 'unrated'))].sort((a, b) =>
    a === 'unrated' ? 1 : b === 'unrated' ? -1 : a.localeCompare(b),
  );
  const perQuarter: IncidentStats['perQuarter'] = Object.fromEntries(
    quarters.map((q) => [q, Object.fromEntries(severities.map((s) => [s, 0]))]),
  );
  for (const i of incidents) {
    const row = perQuarter[quarterOf(i.date)];
    if (row) row[i.severity ?? 'unrated']!++;
  }
  const by = (group: (i: StatIncident) => string, groups: string[], pick: (i: StatIncident) => number | undefined) =>
    Object.fromEntries(
      groups.map((g) => [
        g,
        summary(
          incidents
            .filter((i) => group(i) === g)
            .map(pick)
            .filter((v): v is number => v !== undefined),
        ),
      ]),
    );
  const sev = (i: StatIncident) => i.severity ?? 'unrated';
  return {
    quarters,
    omitted,
    severities,
    perQuarter,
    ttdByQuarter: by(
      (i) => quarterOf(i.date),
      quarters,
      (i) => i.ttd,
    ),
    ttrByQuarter: by(
      (i) => quarterOf(i.date),
      quarters,
      (i) => i.ttr,
    ),
    ttdBySeverity: by(sev, severities, (i) => i.ttd),
    ttrBySeverity: by(sev, severities, (i) => i.ttr),
    services: countBy(incidents, (i) => i.services).map(([service, n]) => ({ service, incidents: n })),
    factorCategories: countBy(
      incidents.flatMap((i) => i.contributingFactors.map((f, n) => ({ f, n }))),
      ({ f }) => [categoryOf(f)],
    ).map(([category, factors]) => ({ category, factors })),
    completion: quarters.map((quarter) => {
      const items = incidents
        .filter((i) => quarterOf(i.date) === quarter)
        .flatMap((i) => i.actionItems)
        .filter((a) => a.status !== 'wont-do');
      const done = items.filter((a) => a.status === 'done').length;
      return { quarter, done, total: items.length, rate: items.length ? done / items.length : undefined };
    }),
  };
}
