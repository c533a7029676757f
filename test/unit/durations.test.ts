import { describe, expect, it } from 'vitest';
import { minutesOf } from '../../src/lib/body-structure.ts';
import { addPeriod, formatDate } from '../../src/lib/durations.ts';

const due = (from: string, period: string) => formatDate(addPeriod(new Date(`${from}T00:00:00Z`), period));

describe('review periods at the ends of months', () => {
  it('lands on the last day of a shorter month instead of running into the next', () => {
    expect(due('2025-01-31', '1 month')).toBe('2025-02-28');
    expect(due('2024-01-31', '1 month')).toBe('2024-02-29');
    expect(due('2025-03-31', '6 months')).toBe('2025-09-30');
    expect(due('2024-02-29', '1 year')).toBe('2025-02-28');
    expect(due('2025-01-10', '6 months')).toBe('2025-07-10');
    expect(due('2025-12-31', '2 weeks')).toBe('2026-01-14');
  });
});

describe('durations written in a post-mortem body', () => {
  it('reads units written together with their numbers', () => {
    expect(minutesOf('1h30m')).toBe(90);
    expect(minutesOf('2d3h')).toBe(3060);
    expect(minutesOf('1 h 30 min')).toBe(90);
    expect(minutesOf('19 hours 43 minutes.')).toBe(1183);
  });

  it('does not read a number followed by a word as a duration', () => {
    expect(minutesOf('3 dogs and 2 hamsters')).toBeUndefined();
    expect(minutesOf('4 mice')).toBeUndefined();
  });
});
