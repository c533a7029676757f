import { describe, expect, it } from 'vitest';
import { MAX_CHART_WIDTH, stackedBarChartSvg } from '../../src/lib/bar-chart-svg.ts';
import { incidentStats, MAX_QUARTERS, quarterRange, type StatIncident } from '../../src/lib/incident-stats.ts';

const at = (day: string, severity = 'SEV2'): StatIncident => ({
  date: new Date(`${day}T00:00:00Z`),
  severity,
  services: [],
  contributingFactors: [],
  actionItems: [{ status: 'done' }],
});
const chartOf = (s: ReturnType<typeof incidentStats>) =>
  stackedBarChartSvg({
    title: 'Incidents',
    categories: s.quarters,
    series: s.severities.map((sev) => ({ name: sev, values: s.quarters.map((q) => s.perQuarter[q]![sev]!) })),
  });
const widthOf = (svg: string) => Number(/ width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);

describe('incident statistics stay bounded whatever the dates', () => {
  it('shows the last 40 quarters up to today, and counts what it leaves out', () => {
    const s = incidentStats(
      [{ ...at('1900-01-01'), ttr: 30 }, at('2025-02-01'), at('2024-07-09', 'SEV1'), at('2999-12-31')],
      { today: new Date('2026-11-23T00:00:00Z') },
    );
    expect(s.quarters).toHaveLength(MAX_QUARTERS);
    expect(s.quarters[0]).toBe('2015-Q2');
    expect(s.quarters.at(-1)).toBe('2025-Q1');
    expect(s.omitted).toEqual({ earlier: 1, earlierQuarters: 4 * (2015 - 1900) + 1, later: 1 });
    expect(s.perQuarter['2024-Q3']).toEqual({ SEV1: 1, SEV2: 0 });
    expect(s.completion).toHaveLength(MAX_QUARTERS);
    // The tables by severity still count every incident.
    expect(s.ttrBySeverity.SEV2).toEqual({ n: 1, median: 30, p90: 30 });
    expect(s.severities).toEqual(['SEV1', 'SEV2']);
  });

  it('draws at most 2000 px of chart for the quarters from 0100 to 2999', () => {
    const s = incidentStats([at('0100-01-01'), at('2999-12-31')]);
    expect(s.quarters).toHaveLength(MAX_QUARTERS);
    expect(s.quarters.at(-1)).toBe('2999-Q4');
    const svg = chartOf(s);
    expect(widthOf(svg)).toBeLessThanOrEqual(MAX_CHART_WIDTH);
    expect(svg.length).toBeLessThan(50_000);
    expect(
      widthOf(
        stackedBarChartSvg({ title: 'x', categories: Array.from({ length: 5000 }, (_, i) => `q${i}`), series: [] }),
      ),
    ).toBeLessThanOrEqual(MAX_CHART_WIDTH);
  });

  it('keeps every quarter of a short range, quiet ones included', () => {
    expect(quarterRange([new Date('2024-12-31'), new Date('2025-07-01')])).toEqual([
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
    ]);
    expect(incidentStats([at('2025-01-01')], { today: new Date('2026-01-01') }).omitted).toEqual({
      earlier: 0,
      earlierQuarters: 0,
      later: 0,
    });
  });
});
