/**
 * A stacked bar chart as an SVG string, drawn at build time: no client JavaScript. Colours come from CSS classes
 * (`series-0`…), so the chart follows dark mode and prints in black and white with patterns of its own labels.
 */
import { escapeHtml } from './html.ts';

export interface BarChartInput {
  /** Labels along the x axis (quarters). */
  categories: string[];
  /** Stacked series, bottom first (severities). */
  series: Array<{ name: string; values: number[] }>;
  /** What the chart shows, for screen readers and as the SVG title. */
  title: string;
}

/** The widest the chart gets, however many categories: bars narrow instead. */
export const MAX_CHART_WIDTH = 2000;

export function stackedBarChartSvg({ categories, series, title }: BarChartInput): string {
  const width = Math.min(MAX_CHART_WIDTH, Math.max(360, 60 + categories.length * 48));
  const height = 240;
  const left = 36;
  const bottom = 40;
  const top = 16;
  const totals = categories.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = max <= 5 ? 1 : Math.ceil(max / 5);
  const yMax = Math.ceil(max / step) * step;
  const plotH = height - top - bottom;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const band = (width - left - 8) / Math.max(1, categories.length);
  const barW = Math.min(32, band * 0.7);
  const parts: string[] = [];
  for (let v = 0; v <= yMax; v += step) {
    parts.push(
      `<line class="grid" x1="${left}" x2="${width - 8}" y1="${y(v)}" y2="${y(v)}"/><text class="axis" x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    );
  }
  categories.forEach((cat, i) => {
    const x = left + i * band + (band - barW) / 2;
    let acc = 0;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (!v) return;
      parts.push(
        `<rect class="series-${k}" x="${x.toFixed(1)}" y="${y(acc + v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(acc) - y(acc + v)).toFixed(1)}"><title>${escapeHtml(cat)}: ${v} ${escapeHtml(s.name)}</title></rect>`,
      );
      acc += v;
    });
    parts.push(
      `<text class="axis" x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(cat.replace(/^\d{2}/, "'"))}</text>`,
    );
  });
  const legend = series
    .map(
      (s, k) =>
        `<rect class="series-${k}" x="${left + k * 80}" y="${height - 14}" width="10" height="10"/><text class="axis" x="${left + k * 80 + 14}" y="${height - 5}">${escapeHtml(s.name)}</text>`,
    )
    .join('');
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" style="min-width:${Math.round(width * 0.8)}px" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${parts.join('')}${legend}</svg>`;
}
