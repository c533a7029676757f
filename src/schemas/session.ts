/** Notes of a tribe session: the tech-wide show-and-tell. */
import { z } from 'astro/zod';
import { stringList, text, urlField } from './fields.ts';
import { sharedFields } from './shared.ts';

export const presentationTypes = ['demo', 'decision', 'new-service', 'tool', 'research'] as const;

/** One talk or demo of the session. */
export const presentationSchema = z.object({
  /** What was presented. */
  title: text().pipe(z.string().min(1)),
  /** The presenting team. */
  team: text().optional(),
  /** Who presented. */
  presenters: stringList(),
  /** `demo`, `decision`, `new-service`, `tool` or `research`. */
  type: z.enum(presentationTypes).optional(),
  /** Links to slides, repositories, docs. */
  links: z.array(urlField()).default([]),
});

export const sessionSchema = z.object({
  ...sharedFields,
  /** Who hosted the session. */
  host: text().optional(),
  /** The talks and demos, in order. */
  presentations: z.array(presentationSchema).default([]),
  /** Who attended. Internal-only in public builds (people). Fallback: the list under a `## Present`, `## Attendees` or `## Participants` heading, names without `(@handle)`. */
  attendees: stringList(),
  /** Decisions announced or taken. Fallback: the list under a `## Decisions` heading. */
  decisions: stringList(),
  /** Link to the recording. Fallback: a `Recording: <url>` line or list item of the body. */
  recording: urlField().optional(),
  /** Link to the slides. */
  slides: urlField().optional(),
});

export type Session = z.infer<typeof sessionSchema>;
