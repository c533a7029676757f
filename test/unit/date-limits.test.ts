import { describe, expect, it } from 'vitest';
import { addPeriod, formatDate } from '../../src/lib/durations.ts';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { formatProblem } from '../../src/lib/problems.ts';

const doc = (kind: 'standard' | 'strategy' | 'postmortem' | 'session', text: string) =>
  parseDocument({ kind, source: 'src', path: `${kind}/x.md`, bytes: Buffer.from(text) });
const problems = (r: ReturnType<typeof doc>) => r.problems.map(formatProblem);

describe('dates', () => {
  for (const [date, found] of [
    ['0100-01-01', '"0100-01-01"'],
    ['1899-12-31', '"1899-12-31"'],
    ['3000-01-01', '"3000-01-01"'],
    ['9999-12-31T23:59:00Z', '"9999-12-31T23:59:00Z"'],
  ]) {
    it(`refuses ${date}: only years 1900 to 2999 are read`, () => {
      const r = doc('postmortem', `---\ntitle: T\ndate: ${date}\n---\nBody\n`);
      expect(r.ok).toBe(false);
      expect(problems(r)).toEqual([
        `src:postmortem/x.md:3: date: skipped: expected a date in the years 1900 to 2999, found ${found}`,
      ]);
    });
  }

  it('reads 1900-01-01 and 2999-12-31', () => {
    for (const date of ['1900-01-01', '2999-12-31'])
      expect(doc('postmortem', `---\ntitle: T\ndate: ${date}\n---\nBody\n`).ok, date).toBe(true);
  });

  it('refuses an incident starting in the year 5000', () => {
    const r = doc('postmortem', '---\ntitle: T\ndate: 2025-01-01\nstarted: 5000-01-01T10:00:00Z\n---\nBody\n');
    expect(problems(r)).toEqual([
      'src:postmortem/x.md:4: started: skipped: expected a date in the years 1900 to 2999, found "5000-01-01T10:00:00Z"',
    ]);
  });
});

describe('quarters', () => {
  it('refuses an OKR quarter outside the years 1900 to 2999', () => {
    const r = doc(
      'strategy',
      '---\ntitle: T\ndate: 2025-01-01\nokrs:\n  - quarter: 0100-Q1\n    objective: O\n---\nBody\n',
    );
    expect(problems(r)).toEqual([
      'src:strategy/x.md:5: okrs.0.quarter: skipped: expected a quarter in the years 1900 to 2999, found "0100-Q1"',
    ]);
    expect(
      doc('strategy', '---\ntitle: T\ndate: 2025-01-01\nokrs:\n  - quarter: 2026-Q1\n    objective: O\n---\nBody\n').ok,
    ).toBe(true);
  });
});

describe('review periods', () => {
  for (const [kind, period] of [
    ['standard', '99999999 years'],
    ['strategy', '300000 years'],
    ['standard', '11 years'],
    ['standard', '121 months'],
    ['strategy', '600 weeks'],
    ['standard', '4000 days'],
    ['standard', '1e400 days'],
  ] as const) {
    it(`refuses review_every: "${period}" on a ${kind}`, () => {
      const r = doc(
        kind,
        `---\ntitle: T\ndate: 2025-01-01\nlast_reviewed: 2025-01-01\nreview_every: "${period}"\n---\nBody\n`,
      );
      expect(r.ok).toBe(false);
      const expected = /^\d+\s*\w+$/.test(period)
        ? `src:${kind}/x.md:5: review_every: skipped: expected a period of at most 10 years (such as "6 months" or "1 year"), found "${period}"`
        : `src:${kind}/x.md:5: review_every: skipped: expected a period such as "6 months" or "1 year", found "${period}"`;
      expect(problems(r)).toEqual([expected]);
    });
  }

  it('accepts 10 years, 120 months, 520 weeks and 3652 days', () => {
    for (const period of ['10 years', '120 months', '520 weeks', '3652 days']) {
      expect(doc('standard', `---\ntitle: T\ndate: 2025-01-01\nreview_every: ${period}\n---\nBody\n`).ok, period).toBe(
        true,
      );
    }
  });

  it('gives no date rather than an invalid one for a period too long to add', () => {
    expect(addPeriod(new Date('2025-01-01T00:00:00Z'), '99999999 years')).toBeUndefined();
    expect(addPeriod(new Date('2025-01-01T00:00:00Z'), '6 months')?.toISOString()).toBe('2025-07-01T00:00:00.000Z');
    expect(formatDate(new Date(Number.NaN))).toBe('');
  });
});
