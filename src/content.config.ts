/** One collection per kind, each filled by our loader from the synced sources, and the build report. */
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { knowledgeLoader } from './loaders/knowledge-loader.ts';
import { reportLoader } from './loaders/report-loader.ts';
import { documentMetaSchema } from './schemas/document-meta.ts';
import { kataSchema } from './schemas/kata.ts';
import { postmortemSchema } from './schemas/postmortem.ts';
import { sessionSchema } from './schemas/session.ts';
import { standardSchema } from './schemas/standard.ts';
import { strategySchema } from './schemas/strategy.ts';

const withMeta = { meta: documentMetaSchema };

export const collections = {
  postmortem: defineCollection({
    loader: knowledgeLoader('postmortem'),
    schema: postmortemSchema.safeExtend(withMeta),
  }),
  session: defineCollection({ loader: knowledgeLoader('session'), schema: sessionSchema.safeExtend(withMeta) }),
  standard: defineCollection({ loader: knowledgeLoader('standard'), schema: standardSchema.safeExtend(withMeta) }),
  kata: defineCollection({ loader: knowledgeLoader('kata'), schema: kataSchema.safeExtend(withMeta) }),
  strategy: defineCollection({ loader: knowledgeLoader('strategy'), schema: strategySchema.safeExtend(withMeta) }),
  report: defineCollection({ loader: reportLoader(), schema: z.looseObject({}) }),
};
