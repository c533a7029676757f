/** The five kinds of knowledge, their schemas and their URLs. */
import { kataSchema } from './kata.ts';
import { postmortemSchema } from './postmortem.ts';
import { sessionSchema } from './session.ts';
import { standardSchema } from './standard.ts';
import { strategySchema } from './strategy.ts';

export const kinds = ['postmortem', 'session', 'standard', 'kata', 'strategy'] as const;
export type Kind = (typeof kinds)[number];

export const kindSchemas = {
  postmortem: postmortemSchema,
  session: sessionSchema,
  standard: standardSchema,
  kata: kataSchema,
  strategy: strategySchema,
} as const;

/** How each kind is named and where its pages live. */
export const kindInfo: Record<Kind, { label: string; plural: string; path: string }> = {
  postmortem: { label: 'Post-mortem', plural: 'Post-mortems', path: 'postmortems' },
  session: { label: 'Tribe session', plural: 'Tribe sessions', path: 'sessions' },
  standard: { label: 'Standard', plural: 'Standards', path: 'standards' },
  kata: { label: 'Kata', plural: 'Katas', path: 'katas' },
  strategy: { label: 'Strategy pillar', plural: 'Strategy', path: 'strategy' },
};
