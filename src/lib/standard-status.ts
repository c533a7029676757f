/**
 * A standard's status as a repository writes it in its body (MADR's and adr-tools' `## Status` section, a
 * `Status: accepted` line): the words mapped onto the site's statuses.
 */
import type { standardStatuses } from '../schemas/standard.ts';

export type StandardStatus = (typeof standardStatuses)[number];

/** The first word or two of a status as written, and what they mean here; checked in order. */
const WORDS: Array<[RegExp, StandardStatus]> = [
  [/^(?:not\s+accepted|rejected|declined|refused|withdrawn|abandoned)\b/i, 'rejected'],
  [/^(?:superseded|superceded|replaced)\b/i, 'superseded'],
  [/^(?:deprecated|obsolete|retired|archived)\b/i, 'deprecated'],
  [/^(?:accepted|approved|adopted|agreed|decided|active|implemented|done|final)\b/i, 'adopted'],
  [/^draft\b/i, 'draft'],
  // Not decided yet, for now or for a while (MADR's own log writes `status: on hold`).
  [
    /^(?:proposed|proposal|in\s+review|under\s+review|in\s+discussion|pending|open|wip|suggested|on\s+hold|deferred|postponed|paused)\b/i,
    'proposed',
  ],
];

/** `Accepted 2019-03-01` → adopted; `Superseded by [5. x](0005-x.md)` → superseded; unknown words → undefined. */
export function statusFromWords(written: string): StandardStatus | undefined {
  // Emphasis, list markers and emoji before the word (`**Accepted**`, `- accepted`, `✅ Accepted`) do not change it.
  const words = written.replace(/^[^\p{L}]+/u, '').slice(0, 100);
  return WORDS.find(([pattern]) => pattern.test(words))?.[1];
}
