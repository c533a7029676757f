import { describe, expect, it } from 'vitest';
import { searchRecordOf } from '../../src/lib/search-record.ts';

describe('what the search index knows of a document', () => {
  it('a post-mortem: kind, date, id and severity shown; kind, team, service, severity, status, topic and year as filters', () => {
    const r = searchRecordOf({
      kind: 'postmortem',
      date: new Date('2024-03-07T00:00:00Z'),
      data: {
        id: 'PM-2024-007',
        severity: 'SEV2',
        status: 'published',
        teams: ['payments'],
        services: ['payments-api', 'ledger'],
        tags: ['Database'],
      },
    });
    expect(r.meta).toEqual({
      kind: 'Post-mortem',
      date: '2024-03-07',
      id: 'PM-2024-007',
      severity: 'SEV2',
      status: 'published',
      teams: 'payments',
      services: 'payments-api, ledger',
    });
    expect(r.filters).toEqual({
      kind: ['Post-mortems'],
      team: ['payments'],
      service: ['payments-api', 'ledger'],
      severity: ['SEV2'],
      status: ['published'],
      topic: ['database'],
      year: ['2024'],
    });
    expect(r.sort).toEqual({ date: '2024-03-07' });
  });

  it('a kata: level and topics; a standard: its champion group', () => {
    expect(
      searchRecordOf({
        kind: 'kata',
        date: new Date('2025-01-01'),
        data: { level: 'beginner', topics: ['tdd'], tags: ['TDD', 'refactoring'] },
      }).filters,
    ).toEqual({ kind: ['Katas'], level: ['beginner'], topic: ['tdd', 'refactoring'], year: ['2025'] });
    expect(
      searchRecordOf({
        kind: 'standard',
        date: new Date('2025-01-01'),
        data: { champion_group: 'security', status: 'adopted' },
      }).filters,
    ).toMatchObject({ 'champion group': ['security'], status: ['adopted'] });
  });

  it('facts to find apart from the body: filter values, people and languages, each once, without kind or year', () => {
    const r = searchRecordOf({
      kind: 'kata',
      date: new Date('2025-01-01'),
      data: {
        level: 'beginner',
        topics: ['tdd'],
        tags: ['TDD'],
        facilitator: 'Lena Fischer',
        authors: ['Lena Fischer', 'Tom Okafor'],
        languages: ['Go'],
      },
    });
    expect(r.facts).toEqual(['beginner', 'tdd', 'Lena Fischer', 'Tom Okafor', 'Go']);
  });
});
