import { describe, expect, it } from 'vitest';
import { applyDistinctTitles, distinctTitles } from '../../src/loaders/distinct-titles.ts';

const day = (d: string) => new Date(`${d}T00:00:00Z`);

describe('titles a source repeats', () => {
  it('tells them apart by id, else by date, and leaves unique titles alone', () => {
    expect(
      distinctTitles([
        { slug: 'a', title: 'All services returning 503', id: 'PM2020-004', date: day('2020-03-01') },
        { slug: 'b', title: 'all services returning 503', id: 'PM2021-002', date: day('2021-05-01') },
        { slug: 'c', title: 'Flux update', date: day('2022-01-01') },
        { slug: 'd', title: 'Flux update', date: day('2023-01-01') },
        { slug: 'e', title: 'Unique' },
        { slug: 'f', title: 'Same day', date: day('2024-01-01') },
        { slug: 'g', title: 'Same day', date: day('2024-01-01') },
      ]),
    ).toEqual([
      'All services returning 503 (PM2020-004)',
      'all services returning 503 (PM2021-002)',
      'Flux update (2022-01-01)',
      'Flux update (2023-01-01)',
      'Unique',
      'Same day',
      'Same day',
    ]);
  });

  it('writes the title into the stored entry with its digest, and takes it back when the twin is gone', () => {
    const entries = new Map<string, { id: string; data: Record<string, unknown>; digest?: string }>([
      ['a', { id: 'a', data: { title: 'Outage' }, digest: 'd1' }],
      ['b', { id: 'b', data: { title: 'Outage' }, digest: 'd2' }],
    ]);
    const store = {
      get: (id: string) => entries.get(id),
      set: (e: { id: string; data: Record<string, unknown>; digest?: string }) => (entries.set(e.id, e), true),
      delete: (id: string) => void entries.delete(id),
    };
    const both = [
      { slug: 'a', title: 'Outage', id: 'PM-1' },
      { slug: 'b', title: 'Outage', id: 'PM-2' },
    ];
    expect([...applyDistinctTitles(store, both)]).toEqual([
      ['a', 'Outage (PM-1)'],
      ['b', 'Outage (PM-2)'],
    ]);
    expect(entries.get('a')).toEqual({ id: 'a', data: { title: 'Outage (PM-1)' }, digest: 'd1' });
    // A rebuild replaying the same outcomes gives the same titles without writing again.
    expect([...applyDistinctTitles(store, both)].length).toBe(2);
    entries.delete('b');
    expect(applyDistinctTitles(store, [both[0]!]).size).toBe(0);
    expect(entries.get('a')!.data.title).toBe('Outage');
  });
});
