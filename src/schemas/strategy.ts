/** A tech-strategy pillar: diagnosis, guiding policy, coherent actions, and OKRs to measure them. */
import { z } from 'astro/zod';
import { dateField, MAX_YEAR, MIN_YEAR, text } from './fields.ts';
import { reviewPeriod } from './standard.ts';
import { sharedFields } from './shared.ts';

/** One coherent action of the pillar. */
export const strategyActionSchema = z.object({
  /** What is done. */
  title: text().pipe(z.string().min(1)),
  /** Who leads it. */
  owner: text().optional(),
  /** `planned`, `in-progress`, `done` or `dropped`. */
  status: z.enum(['planned', 'in-progress', 'done', 'dropped']).default('planned'),
});

/** A key result with its target and current value; met or not, and how far from `start` to `target`. */
export const keyResultSchema = z.object({
  /** The measurable result. */
  text: text().pipe(z.string().min(1)),
  /** The value to reach. */
  target: z.coerce.number().optional(),
  /** The value reached so far. */
  current: z.coerce.number().optional(),
  /** The value when the key result was set, from which progress is counted. */
  start: z.coerce.number().optional(),
  /**
   * `increase` (more is better) or `decrease` (less is better, such as pages per on-call week). Without it, a
   * target below `start`, or a target of 0, means `decrease`.
   */
  direction: z.enum(['increase', 'decrease']).optional(),
});

/** An objective for a quarter with its key results. */
export const okrSchema = z.object({
  /** The quarter, e.g. `2026-Q1`. */
  quarter: text().pipe(
    z
      .string()
      .regex(/^\d{4}-Q[1-4]$/, { abort: true, error: 'expected a quarter such as 2026-Q1' })
      .refine((q) => Number(q.slice(0, 4)) >= MIN_YEAR && Number(q.slice(0, 4)) <= MAX_YEAR, {
        error: (iss) => `expected a quarter in the years ${MIN_YEAR} to ${MAX_YEAR}, found "${String(iss.input)}"`,
      }),
  ),
  /** The objective. */
  objective: text().pipe(z.string().min(1)),
  /** Its key results. */
  key_results: z.array(keyResultSchema).default([]),
});

export const strategySchema = z.object({
  ...sharedFields,
  /** Who owns the pillar. */
  owner: text().optional(),
  /** The period it covers (`2026`, `2025-2027`). */
  period: text().optional(),
  /** `active`, `achieved` or `retired`. */
  status: z.enum(['active', 'achieved', 'retired']).default('active'),
  /** The diagnosis: what is going on, the challenge to overcome. */
  diagnosis: text().optional(),
  /** The guiding policy: the approach chosen to deal with it. */
  guiding_policy: text().optional(),
  /** Coherent actions that carry out the policy. */
  actions: z.array(strategyActionSchema).default([]),
  /** Objectives and key results per quarter. */
  okrs: z.array(okrSchema).default([]),
  /** When it was last reviewed. */
  last_reviewed: dateField().optional(),
  /** How often it must be reviewed (`3 months`). */
  review_every: reviewPeriod().optional(),
});

export type Strategy = z.infer<typeof strategySchema>;
