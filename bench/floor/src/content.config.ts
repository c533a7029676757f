import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

export const collections = {
  docs: defineCollection({ loader: glob({ pattern: '**/*.md', base: process.env.FLOOR_CONTENT ?? './content' }) }),
};
