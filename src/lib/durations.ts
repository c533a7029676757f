/** Incident durations and review dates, formatted for people. */

/** Minutes between two moments, or undefined. */
export function minutesBetween(from?: Date, to?: Date): number | undefined {
  if (!from || !to) return undefined;
  return Math.round((to.getTime() - from.getTime()) / 60_000);
}

/** 95 → `1 h 35 min`; 3000 → `2 d 2 h`. */
export function formatMinutes(minutes: number | undefined): string | undefined {
  if (minutes === undefined) return undefined;
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return `${days} d${hours ? ` ${hours} h` : ''}`;
  return `${hours} h${mins ? ` ${mins} min` : ''}`;
}

/** The longest review period read: longer ones are refused, so that every due date stays a real date. */
export const MAX_PERIOD_DAYS = 3653;
const DAYS_IN: Record<string, number> = { day: 1, week: 7, month: 30.44, year: 365.25 };

/** `6 months` → { n: 6, unit: 'month' }; undefined for anything else. */
export function parsePeriod(period: string): { n: number; unit: 'day' | 'week' | 'month' | 'year' } | undefined {
  const m = /^(\d+)\s*(day|week|month|year)s?$/i.exec(period.trim());
  return m ? { n: Number(m[1]), unit: m[2]!.toLowerCase() as 'day' } : undefined;
}

/** True for a period of at most about 10 years (`10 years`, `120 months`, `521 weeks`, `3653 days`). */
export function periodWithinLimit(period: string): boolean {
  const p = parsePeriod(period);
  return p !== undefined && p.n * DAYS_IN[p.unit]! <= MAX_PERIOD_DAYS;
}

/** `2025-01-10` + `6 months` → 2025-07-10; undefined for a period over the limit or a date that cannot be shown. */
export function addPeriod(date: Date, period: string): Date | undefined {
  const p = parsePeriod(period);
  if (!p || !periodWithinLimit(period)) return undefined;
  const { n, unit } = p;
  const d = new Date(date.getTime());
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + n);
  if (unit === 'week') d.setUTCDate(d.getUTCDate() + 7 * n);
  if (unit === 'month') addMonths(d, n);
  if (unit === 'year') addMonths(d, 12 * n);
  return Number.isFinite(d.getTime()) ? d : undefined;
}

/** Moves `d` by whole months; a day the target month lacks becomes its last (31 January + 1 month → 28 February). */
function addMonths(d: Date, n: number): void {
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
}

/** Listings format the same few thousand dates hundreds of thousands of times a build. */
const formattedDays = new Map<number, string>();

export function formatDate(date: Date | undefined): string {
  if (!date) return '';
  const time = date.getTime();
  if (!Number.isFinite(time)) return '';
  let day = formattedDays.get(time);
  if (day === undefined) {
    day = date.toISOString().slice(0, 10);
    formattedDays.set(time, day);
  }
  return day;
}

export function formatDateTime(date: Date | undefined): string {
  return date && Number.isFinite(date.getTime()) ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
}
