/**
 * Fields every kind of document shares. Field names are snake_case, as authors write them.
 * Source `defaults` from sources.yaml are applied first; the document's own frontmatter wins.
 */
import { z } from 'astro/zod';
import { dateField, nameList, stringList, text, urlField } from './fields.ts';

/**
 * `related` as authors write it: a list of references (`kind/slug`, an id such as `PM-2024-012`, or a site path),
 * or the nested `{ sections: [{ items: [{ text, href }] }] }` shape some standards repositories use.
 * Either way it becomes a flat list of reference strings.
 */
export const relatedField = () =>
  z
    .preprocess(
      (value) => {
        if (value === null || value === undefined) return [];
        if (typeof value === 'string') return [value];
        if (!Array.isArray(value) && typeof value === 'object' && 'sections' in value) {
          const sections = (value as { sections?: unknown }).sections;
          if (!Array.isArray(sections)) return value;
          return sections.flatMap((s) =>
            Array.isArray((s as { items?: unknown })?.items)
              ? (s as { items: unknown[] }).items.map((i) => (i as { href?: unknown })?.href ?? i)
              : [],
          );
        }
        return value;
      },
      z.array(z.string().trim().min(1, 'a reference cannot be empty')),
    )
    .default([]);

export const sharedFields = {
  /** The document's title. Fallback: the first `#` heading of the body, else the file name. */
  title: text().pipe(z.string().min(1, 'the title cannot be empty')),
  /** One or two sentences shown in listings and search results. Fallback: the body's first paragraph. */
  summary: text().optional(),
  /**
   * The date the document is about (incident day, session day, publication).
   * Fallback: a date in the file name (`2024-03-07-…`), else the date of the commit that first added the file.
   */
  date: dateField(),
  /** Teams the document concerns, as short names (`payments`, `sre`); a string may list several, comma-separated. */
  teams: nameList(),
  /** People who wrote the document. Internal-only in public builds. */
  authors: stringList(),
  /** Free topics; each gets a tag page. A string may list several, comma-separated (`tags: weekly, triage`). */
  tags: nameList(),
  /** `public` documents may be published outside the organisation; nothing is public by omission. */
  visibility: z.enum(['internal', 'public']).default('internal'),
  /** References to other documents: `kind/slug`, an id such as `PM-2024-012`, or a site path. */
  related: relatedField(),
  /** When the document was last changed, as its author states it (Hugo's `lastmod`, Jekyll's `last_modified_at`). */
  updated: dateField().optional(),
  /** Where the document was first published (the original write-up); its page links to it. */
  source_url: urlField().optional(),
  /** Where the document now lives (Jekyll's `redirect_to`): its page says so; without a body it is not built. */
  redirect_to: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), urlField().optional()),
  /** The URL path the source's own site gave the document (Jekyll's `permalink`): links to it resolve. */
  permalink: text().optional(),
  /** Old URL paths of the document (Jekyll's `redirect_from`): links to them resolve. */
  redirect_from: stringList(),
  /** Old URL paths of the document (Hugo's `aliases`): links to them resolve. */
  aliases: stringList(),
  /** Drafts are read and validated but not built. */
  draft: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).default(false),
};
