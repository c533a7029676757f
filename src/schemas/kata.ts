/** A kata: a hands-on exercise for a workshop. */
import { z } from 'astro/zod';
import { stringList, text, urlField } from './fields.ts';
import { sharedFields } from './shared.ts';

export const kataLevels = ['beginner', 'intermediate', 'advanced'] as const;

export const kataSchema = z.object({
  ...sharedFields,
  /** Who runs the workshop. */
  facilitator: text().optional(),
  /** `beginner`, `intermediate` or `advanced`. */
  level: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(kataLevels)).optional(),
  /** How long the exercise takes, in minutes. */
  duration_minutes: z.coerce.number({ error: 'expected a number of minutes' }).int().positive().optional(),
  /** Topics practised (`tdd`, `refactoring`…); each is a facet of the kata index. */
  topics: stringList(),
  /** Programming languages the starter code exists in. */
  languages: stringList(),
  /** What a participant needs before starting. */
  prerequisites: stringList(),
  /** Repository with the starter code. */
  starter_repo: urlField().optional(),
  /** What participants should be able to do afterwards. */
  learning_goals: stringList(),
});

export type Kata = z.infer<typeof kataSchema>;
