/** A standard published by a champion group (security, monitoring, testing…) for every team. */
import { z } from 'astro/zod';
import { periodWithinLimit } from '../lib/durations.ts';
import { dateField, nameList, text } from './fields.ts';
import { sharedFields } from './shared.ts';
import { statusFromWords } from '../lib/standard-status.ts';

/** A status as written in frontmatter: ours in any case, else a word MADR or adr-tools write (`Accepted` → adopted). */
function statusOfValue(written: string): string {
  const own = written.trim().toLowerCase();
  return (standardStatuses as readonly string[]).includes(own) ? own : (statusFromWords(written) ?? written);
}

export const requirementLevels = ['MUST', 'SHOULD', 'MAY'] as const;
export const standardStatuses = ['draft', 'proposed', 'adopted', 'rejected', 'deprecated', 'superseded'] as const;

/** One requirement, with its RFC 2119 level. */
export const requirementSchema = z.object({
  /** A stable id such as `SEC-003-R2`; numbered automatically when read from the body. */
  id: text().optional(),
  /** `MUST`, `SHOULD` or `MAY` (RFC 2119). `MUST NOT`/`SHALL` count as MUST, `SHOULD NOT`/`RECOMMENDED` as SHOULD. */
  level: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(requirementLevels)),
  /** The requirement as written. */
  text: text().pipe(z.string().min(1)),
});

/** A review period such as `6 months`, `1 year`, `12 weeks`, of at most 10 years (a due date must be a real date). */
export const reviewPeriod = () =>
  text().pipe(
    z
      .string()
      .regex(/^\d+\s*(day|week|month|year)s?$/i, {
        abort: true,
        error: 'expected a period such as "6 months" or "1 year"',
      })
      .refine(periodWithinLimit, {
        error: (iss) =>
          `expected a period of at most 10 years (such as "6 months" or "1 year"), found "${String(iss.input)}"`,
      }),
  );

export const standardSchema = z.object({
  ...sharedFields,
  /** The standard's id, e.g. `SEC-003`; `related` may refer to it. */
  id: text().optional(),
  /** The champion group that owns it (`security`, `monitoring`, `testing`…). */
  champion_group: text().optional(),
  /** People or teams who maintain it. */
  owners: nameList(),
  /**
   * `draft`, `proposed`, `adopted`, `rejected`, `deprecated` or `superseded`. Fallback: a `## Status` section or a
   * `Status: accepted` line of the body (MADR, adr-tools); here and in the frontmatter, their words are mapped
   * (accepted → adopted, declined → rejected…). Else `adopted`.
   */
  status: z
    .preprocess((v) => (typeof v === 'string' ? statusOfValue(v) : v), z.enum(standardStatuses))
    .default('adopted'),
  /** The standard that replaces this one (a reference: `standard/slug` or an id). Fallback: the link of a "Superseded by" status. */
  superseded_by: text().optional(),
  /** Version as written (`1.2`). */
  version: text().optional(),
  /** When it was last reviewed. */
  last_reviewed: dateField().optional(),
  /** How often it must be reviewed (`6 months`); with `last_reviewed` this gives the review due date. */
  review_every: reviewPeriod().optional(),
  /**
   * Requirements. Fallback: body list items containing MUST / SHOULD / MAY, upper-case unless the source sets
   * `requirements: any-case`.
   */
  requirements: z.array(requirementSchema).default([]),
});

export type Standard = z.infer<typeof standardSchema>;
export type Requirement = z.infer<typeof requirementSchema>;
