/** The public allow-list holds for every kind: a field it does not list is in no part of the parsed data. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/lib/parse-document.ts';
import type { Kind } from '../../src/schemas/index.ts';

const dir = path.resolve(import.meta.dirname, '../fixtures/hostile/public');
const cases: Array<[Kind, string, string[]]> = [
  [
    'postmortem',
    'postmortems/2024-05-01-public-outage.md',
    ['SECRET-PM-AUTHOR', 'SECRET-PM-OWNER', 'SECRET-PM-TICKET'],
  ],
  ['standard', 'standards/public-standard.md', ['SECRET-STD-OWNER', 'SECRET-STD-AUTHOR']],
  ['strategy', 'strategy/public-pillar.md', ['SECRET-STRAT-OWNER', 'SECRET-STRAT-AUTHOR', 'SECRET-STRAT-ACTION-OWNER']],
  [
    'session',
    'sessions/public-session.md',
    [
      'SECRET-SESSION-HOST',
      'SECRET-SESSION-AUTHOR',
      'SECRET-SESSION-RECORDING',
      'SECRET-SESSION-SLIDES',
      'SECRET-SESSION-PRESENTER',
      'SECRET-SESSION-LINK',
    ],
  ],
  ['kata', 'katas/public-kata.md', ['SECRET-KATA-FACILITATOR', 'SECRET-KATA-AUTHOR']],
];

describe('fields a public build shows, per kind', () => {
  for (const [kind, file, secrets] of cases) {
    it(`${kind}: leaves out every people and internal-system field, and keeps the rest`, () => {
      const r = parseDocument({
        kind,
        source: 's',
        path: file,
        bytes: readFileSync(path.join(dir, file)),
        audience: 'public',
      });
      expect(r.ok, JSON.stringify(r.problems)).toBe(true);
      if (!r.ok) return;
      const shown = JSON.stringify(r.doc.data);
      for (const s of secrets) {
        expect(shown, s).not.toContain(s);
        expect(
          r.doc.canaries.some((c) => c.includes(s)),
          `${s} is a canary`,
        ).toBe(true);
      }
      expect(shown).toContain('Public');
      expect(r.doc.data.title).toMatch(/^Public/);
    });
  }
});
