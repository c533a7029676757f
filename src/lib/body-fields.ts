/**
 * Fields of a standard or a session the body states where the frontmatter has none: a standard's status (and
 * what supersedes it), a session's attendees, recording and decisions. Frontmatter always wins; `derivedFrom`
 * says where each value came from.
 */
import type { Kind } from '../schemas/index.ts';
import { standardStatuses } from '../schemas/standard.ts';
import type { BodyStructure } from './body-structure.ts';
import type { Problem } from './problems.ts';

export function fillFromBody(
  kind: Kind,
  structure: BodyStructure,
  data: Record<string, unknown>,
  derivedFrom: Record<string, string>,
  missing: (field: string) => boolean,
  at: { source: string; path: string },
): Problem[] {
  const problems: Problem[] = [];
  if (kind === 'standard' && structure.status && missing('status')) {
    const { status, written, from, line, supersededBy } = structure.status;
    if (status) {
      data.status = status;
      derivedFrom.status = from;
      if (status === 'superseded' && supersededBy && missing('superseded_by')) {
        data.superseded_by = supersededBy;
        derivedFrom.superseded_by = from;
      }
    } else {
      problems.push({
        ...at,
        severity: 'warning',
        code: 'unknown-status',
        field: 'status',
        line,
        message: `expected a status (${standardStatuses.join(', ')}, or accepted, approved, declined…) in ${from}, found "${written}"; the standard is shown as adopted: write a known status, or set \`status:\` in the frontmatter`,
      });
    }
  }
  if (kind === 'session') {
    if (missing('attendees') && structure.attendees.length) {
      data.attendees = structure.attendees;
      derivedFrom.attendees = 'the "Present" list';
    }
    if (missing('recording') && structure.recording) {
      data.recording = structure.recording;
      derivedFrom.recording = 'a "Recording:" line';
    }
    const decisions = data.decisions;
    if ((missing('decisions') || (Array.isArray(decisions) && !decisions.length)) && structure.decisions.length) {
      data.decisions = structure.decisions;
      derivedFrom.decisions = 'the "Decisions" section';
    }
  }
  return problems;
}
