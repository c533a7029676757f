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

/** `2025-01-10` + `6 months` → 2025-07-10. */
export function addPeriod(date: Date, period: string): Date | undefined {
  const m = /^(\d+)\s*(day|week|month|year)s?$/i.exec(period.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const d = new Date(date.getTime());
  const unit = m[2]!.toLowerCase();
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + n);
  if (unit === 'week') d.setUTCDate(d.getUTCDate() + 7 * n);
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + n);
  if (unit === 'year') d.setUTCFullYear(d.getUTCFullYear() + n);
  return d;
}

/** Listings format the same few thousand dates hundreds of thousands of times a build. */
const formattedDays = new Map<number, string>();

export function formatDate(date: Date | undefined): string {
  if (!date) return '';
  const time = date.getTime();
  let day = formattedDays.get(time);
  if (day === undefined) {
    day = date.toISOString().slice(0, 10);
    formattedDays.set(time, day);
  }
  return day;
}

export function formatDateTime(date: Date | undefined): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
}

/** "Today" for overdue checks: KNOWLEDGE_TODAY (YYYY-MM-DD) when set, for reproducible builds and tests. */
export function buildDay(): Date {
  const fixed = process.env.KNOWLEDGE_TODAY;
  return fixed ? new Date(`${fixed}T00:00:00Z`) : new Date();
}
