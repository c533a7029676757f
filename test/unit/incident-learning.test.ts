import { describe, expect, it } from 'vitest';
import { actionRows, actionsByTeam, actionFacets, ticketHref, type IncidentRef } from '../../src/lib/action-items.ts';
import { facetValues } from '../../src/lib/facets.ts';
import { stackedBarChartSvg } from '../../src/lib/bar-chart-svg.ts';
import { categoryOf, incidentStats, percentile, quarterRange } from '../../src/lib/incident-stats.ts';
import { readBodyStructure } from '../../src/lib/body-structure.ts';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const today = d('2025-06-01');
const incidents: IncidentRef[] = [
  {
    slug: 'a',
    title: 'A',
    id: 'PM-1',
    date: d('2025-01-10'),
    teams: ['payments'],
    services: ['api'],
    ticketUrl: 'https://jira.example.org/browse/{ticket}',
    items: [
      { title: 'overdue one', owner: 'Ana', type: 'prevent', status: 'open', due: d('2025-03-01'), ticket: 'OPS-1' },
      { title: 'done one', type: 'mitigate', status: 'done', due: d('2025-02-01') },
    ],
  },
  {
    slug: 'b',
    title: 'B',
    date: d('2025-05-01'),
    teams: ['search', 'payments'],
    services: ['api', 'db'],
    items: [
      {
        title: 'open later',
        owner: 'Bo',
        type: 'process',
        status: 'in-progress',
        due: d('2025-09-01'),
        ticket: 'https://t.example.org/9',
      },
      { title: 'not doing', type: 'other', status: 'wont-do' },
    ],
  },
];

describe('action items', () => {
  const rows = actionRows(incidents, today);

  it("puts overdue first, then open, then done, then won't do", () => {
    expect(rows.map((r) => [r.title, r.overdue])).toEqual([
      ['overdue one', true],
      ['open later', false],
      ['done one', false],
      ['not doing', false],
    ]);
  });

  it('links ticket keys through the template and keeps ticket URLs', () => {
    expect(rows[0]!.ticketHref).toBe('https://jira.example.org/browse/OPS-1');
    expect(rows[1]!.ticketHref).toBe('https://t.example.org/9');
    expect(ticketHref('not a key', 'https://x/{ticket}')).toBeUndefined();
  });

  it('counts per team: open, overdue, done, and the age of the oldest open item', () => {
    expect(actionsByTeam(rows)).toEqual([
      { team: 'payments', open: 2, overdue: 1, done: 1, oldestOpenDays: 142 },
      { team: 'search', open: 1, overdue: 0, done: 0, oldestOpenDays: 31 },
    ]);
  });

  it('groups by status with overdue as a value of its own', () => {
    const status = actionFacets.find((f) => f.key === 'status')!;
    expect(Object.fromEntries(facetValues(status, rows).map((v) => [v.value, v.items.length]))).toEqual({
      open: 1,
      overdue: 1,
      'in-progress': 1,
      done: 1,
      'wont-do': 1,
    });
  });

  it('reads owner, due date and ticket out of a task list item, leaving a clean title', () => {
    const s = readBodyStructure(
      '## Action items\n\n- [ ] Alert on checkout conversion drop, owner: Checkout team, due 2025-06-30 (CHK-870)\n',
    );
    expect(s.actionItems[0]).toMatchObject({
      title: 'Alert on checkout conversion drop',
      owner: 'Checkout team',
      due: '2025-06-30',
      ticket: 'CHK-870',
      status: 'open',
    });
  });

  it('reads a hostile item of 60,000 "owner:" in linear time (it was quadratic: the build stalled)', () => {
    const s = readBodyStructure(`## Action items\n\n- ${'owner: '.repeat(60_000)}(\n- [ ] Real item, owner: Ana\n`);
    expect(s.actionItems).toHaveLength(2);
    expect(s.actionItems[0]!.title.length).toBeLessThanOrEqual(1001);
    expect(s.actionItems[1]).toMatchObject({ title: 'Real item', owner: 'Ana' });
  });
});

describe('incident statistics', () => {
  const stats = incidentStats([
    {
      date: d('2025-01-10'),
      severity: 'SEV1',
      services: ['api'],
      ttd: 5,
      ttr: 60,
      contributingFactors: ['No alert on consumer lag', 'Retries without backoff'],
      actionItems: [{ status: 'done' }, { status: 'open' }],
    },
    {
      date: d('2025-02-10'),
      severity: 'SEV2',
      services: ['api', 'db'],
      ttd: 30,
      ttr: 600,
      contributingFactors: ['A deploy changed the cache keys'],
      actionItems: [{ status: 'done' }, { status: 'wont-do' }],
    },
    {
      date: d('2025-08-01'),
      severity: 'SEV2',
      services: ['db'],
      ttd: 10,
      ttr: 120,
      contributingFactors: ['The runbook was out of date'],
      actionItems: [],
    },
    {
      date: d('2025-08-20'),
      severity: 'SEV1',
      services: ['api'],
      ttr: 30,
      contributingFactors: [],
      actionItems: [{ status: 'open' }],
    },
  ]);

  it('counts incidents per quarter by severity, quiet quarters included', () => {
    expect(stats.quarters).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
    expect(stats.perQuarter).toEqual({
      '2025-Q1': { SEV1: 1, SEV2: 1 },
      '2025-Q2': { SEV1: 0, SEV2: 0 },
      '2025-Q3': { SEV1: 1, SEV2: 1 },
    });
  });

  it('gives medians and 90th percentiles, by quarter and by severity', () => {
    expect(stats.ttdByQuarter['2025-Q1']).toEqual({ n: 2, median: 17.5, p90: 27.5 });
    expect(stats.ttrBySeverity.SEV1).toEqual({ n: 2, median: 45, p90: 57 });
    expect(stats.ttdByQuarter['2025-Q2']).toEqual({ n: 0, median: undefined, p90: undefined });
    expect(percentile([1, 2, 3, 4, 100], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 100], 90)).toBeCloseTo(61.6);
  });

  it('ranks services and kinds of contributing factor, and the completion of action items', () => {
    expect(stats.services).toEqual([
      { service: 'api', incidents: 3 },
      { service: 'db', incidents: 2 },
    ]);
    expect(stats.factorCategories).toEqual([
      { category: 'Change and release', factors: 1 },
      { category: 'Detection and alerting', factors: 1 },
      { category: 'Process and ownership', factors: 1 },
      { category: 'Retries, timeouts and capacity', factors: 1 },
    ]);
    expect(stats.completion).toEqual([
      { quarter: '2025-Q1', done: 2, total: 3, rate: 2 / 3 },
      { quarter: '2025-Q2', done: 0, total: 0, rate: undefined },
      { quarter: '2025-Q3', done: 0, total: 1, rate: 0 },
    ]);
    expect(categoryOf('Something unusual')).toBe('Other');
    expect(quarterRange([d('2024-12-31'), d('2025-01-01')])).toEqual(['2024-Q4', '2025-Q1']);
  });

  it('draws the chart as SVG with one bar segment per non-zero count, titled for screen readers', () => {
    const svg = stackedBarChartSvg({
      title: 'Incidents',
      categories: stats.quarters,
      series: stats.severities.map((s) => ({ name: s, values: stats.quarters.map((q) => stats.perQuarter[q]![s]!) })),
    });
    expect(svg).toMatch(/^<svg class="chart" role="img" aria-label="Incidents"/);
    expect(svg.match(/<rect class="series-\d" x=/g)).toHaveLength(4 + 2);
    expect(svg).toContain('<title>2025-Q3: 1 SEV2</title>');
  });
});
