/** A post-mortem: what happened in an incident, why, and what is done so that it does not happen again. */
import { z } from 'astro/zod';
import { dateField, dateTimeField, nameList, stringList, text } from './fields.ts';
import { sharedFields } from './shared.ts';

export const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const actionItemTypes = ['mitigate', 'prevent', 'process', 'other'] as const;
export const actionItemStatuses = ['open', 'in-progress', 'done', 'wont-do', 'unknown'] as const;

/** One follow-up action of an incident. */
export const actionItemSchema = z.object({
  /** What is to be done. */
  title: text().pipe(z.string().min(1)),
  /** Who is accountable for it (a person or a team). Internal-only in public builds. */
  owner: text().optional(),
  /** `mitigate` (reduce impact next time), `prevent` (remove the cause), `process`, or `other`. */
  type: z.enum(actionItemTypes).default('other'),
  /** `open`, `in-progress`, `done`, `wont-do`, or `unknown`: read from a plain list of the body, which does not say. */
  status: z.enum(actionItemStatuses).default('open'),
  /** When it is due (`YYYY-MM-DD`); past due and not done means overdue. */
  due: dateField().optional(),
  /** The tracking ticket: a key such as `OPS-123` or a URL. Internal-only in public builds. */
  ticket: text().optional(),
});

/** One row of a timeline table under a "Timeline" heading (read from the body, never from frontmatter). */
export const timelineEntrySchema = z.object({
  /** The time as written in the table. */
  time: z.string(),
  /** What happened. */
  event: z.string(),
});

export const postmortemSchema = z
  .object({
    ...sharedFields,
    /** The incident's id, e.g. `PM-2024-012`; `related` may refer to it. Fallback: an id at the start of the file name. */
    id: text().optional(),
    /** `SEV1` (worst) to `SEV4`. */
    severity: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(severities)).optional(),
    /** Review status of the write-up: `draft`, `in-review` or `published`. */
    status: z.enum(['draft', 'in-review', 'published']).default('published'),
    /** Services affected, as short names (`payments-api`). */
    services: nameList(),
    /** When the incident began. */
    started: dateTimeField().optional(),
    /** When it was detected; the page shows time to detect = detected − started. */
    detected: dateTimeField().optional(),
    /** When customer impact was mitigated; time to mitigate = mitigated − started. */
    mitigated: dateTimeField().optional(),
    /** When it was fully resolved; time to resolve = resolved − started. */
    resolved: dateTimeField().optional(),
    /** Who was affected and how, in plain words. */
    customer_impact: text().optional(),
    /** What set it off. */
    trigger: text().optional(),
    /** How it was detected (alert, customer report…). */
    detection: text().optional(),
    /** Causes and conditions that contributed. */
    contributing_factors: stringList(),
    /** Follow-up actions. Fallback: the list or task list under an "Action items" heading of the body. */
    action_items: z.array(actionItemSchema).default([]),
    /** Category of the incident (e.g. `Kubernetes`); read from a `- Category:` line of a "Stats" section if absent. */
    category: text().optional(),
    /** Minutes from start to detection when only that is known (a "Stats" section's `Time to detection`). */
    time_to_detect_minutes: z.number().nonnegative().optional(),
    /** The timeline table read from the body's "Timeline" section. */
    timeline: z.array(timelineEntrySchema).default([]),
  })
  .superRefine((pm, ctx) => {
    const order = ['started', 'detected', 'mitigated', 'resolved'] as const;
    let previous: (typeof order)[number] | undefined;
    for (const key of order) {
      const at = pm[key];
      if (!at) continue;
      const before = previous && pm[previous];
      if (before && at < before) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} (${at.toISOString()}) is before ${previous} (${before.toISOString()})`,
        });
      }
      previous = key;
    }
  });

export type Postmortem = z.infer<typeof postmortemSchema>;
export type ActionItem = z.infer<typeof actionItemSchema>;
