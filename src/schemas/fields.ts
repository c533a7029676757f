/**
 * Field types shared by every kind's schema. Frontmatter is read with YAML's core schema, so dates arrive
 * as the strings the author wrote; these fields check them strictly (2024-02-30 is an error, not 1 March).
 */
import { z } from 'astro/zod';
import { checkUrl } from '../lib/url-policy.ts';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Years a document may be dated in: enough for any real record, and every date in them is representable. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;
const YEARS = `expected a date in the years ${MIN_YEAR} to ${MAX_YEAR}`;
const yearIn = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;
/** A value written as a date whose year is outside the range (`0100-01-01`, `+275760-09-13`, `10000-01-01`). */
const yearOutOfRange = (v: unknown) => {
  const m = typeof v === 'string' ? /^\s*[+-]?(\d{4,})-\d\d-\d\d/.exec(v) : null;
  return m !== null && !yearIn(Number(m[1]));
};

function realCalendarDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Parses `YYYY-MM-DD` (or a full date-time) into a Date, refusing days that do not exist. */
export function parseStrictDate(value: unknown): Date | string {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) && yearIn(value.getUTCFullYear())
      ? value
      : Number.isFinite(t)
        ? value.toISOString()
        : 'an invalid date';
  }
  if (typeof value !== 'string') return String(value);
  const text = value.trim();
  const only = DATE_ONLY.exec(text);
  if (only) {
    const [y, m, d] = [Number(only[1]), Number(only[2]), Number(only[3])];
    return yearIn(y) && realCalendarDay(y, m, d) ? new Date(Date.UTC(y, m - 1, d)) : text;
  }
  const full = DATE_TIME.exec(text);
  if (full) {
    const [y, m, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(full[i] ?? 0));
    if (!yearIn(y) || !realCalendarDay(y, m, d) || hh > 23 || mm > 59 || ss > 59) return text;
    const parsed = new Date(full[7] ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
    return Number.isNaN(parsed.getTime()) ? text : parsed;
  }
  return text;
}

/** A calendar date, written `YYYY-MM-DD`. */
export const dateField = () =>
  z.preprocess(
    parseStrictDate,
    z.date({ error: (iss) => (yearOutOfRange(iss.input) ? YEARS : 'expected a real date written YYYY-MM-DD') }),
  );

/** A moment, written as ISO 8601 date-time (`2025-03-04T09:12:00Z`); without a zone it is read as UTC. */
export const dateTimeField = () =>
  z.preprocess(
    parseStrictDate,
    z.date({
      error: (iss) => (yearOutOfRange(iss.input) ? YEARS : 'expected a date-time such as 2025-03-04T09:12:00Z'),
    }),
  );

/** A list of short strings; a single string is accepted as a list of one. */
export const stringList = () =>
  z
    .preprocess(
      (v) => (v === null || v === undefined ? [] : typeof v === 'string' ? [v] : v),
      z.array(z.preprocess((x) => (typeof x === 'number' ? String(x) : x), z.string().trim().min(1))),
    )
    .default([]);

/**
 * A list of short names (tags, teams, services, owners); a single string is a list of one, or of several when
 * commas separate them (`tags: weekly, triage`).
 */
export const nameList = () =>
  z
    .preprocess(
      (v) =>
        typeof v === 'string' && v.includes(',')
          ? v
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : v,
      stringList(),
    )
    .default([]);

/** Free text; numbers are accepted and kept as written (`version: 1.2`). */
export const text = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim());

/** An http(s) URL, as the site's URL policy allows (see url-policy.ts). */
export const urlField = () =>
  z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .refine((u) => checkUrl(u).ok, 'expected an http(s) URL');
