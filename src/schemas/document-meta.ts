/**
 * What the loader adds to every document beside its frontmatter: where it came from and what was derived.
 * Stored under `data.meta`; never read from the document itself.
 */
import { z } from 'astro/zod';

export const commitInfoSchema = z.object({
  /** Full commit id. */
  sha: z.string(),
  /** ISO date of the commit. */
  date: z.string(),
  /** The commit's author; left out of a public build (people's names are internal). */
  author: z.string().optional(),
});

export const documentMetaSchema = z.object({
  /** The page slug (unique within the kind). */
  slug: z.string(),
  /** The source's name from sources.yaml. */
  source: z.string(),
  /** Path of the file inside its repository or folder. */
  path: z.string(),
  /** Identifies the repository the file is in (for resolving relative links). */
  repo_key: z.string(),
  /** Path of the file from the repository's root. */
  repo_path: z.string(),
  /** The repository as shown to people, never with credentials. */
  repo: z.string(),
  /** A web view of the repository, when known. */
  web_url: z.string().optional(),
  /** The commit that last changed the file. */
  last_commit: commitInfoSchema.optional(),
  /** Edit link from the source's `edit_url` template. */
  edit_url: z.string().optional(),
  /** Template that turns an action item's ticket key into a link (`{ticket}`), from the source or the site. */
  ticket_url: z.string().optional(),
  /** `md` or `mdx`. */
  format: z.enum(['md', 'mdx']),
  /** Fields that did not come from frontmatter, and where they came from. */
  derived_from: z.record(z.string(), z.string()),
  /** Addresses the frontmatter gives the page on its repository's own site (`permalink`, `redirect_from`, `aliases`). */
  site_paths: z.array(z.string()).optional(),
  /** Links written in the body (URL as written), for backlinks and link checks. */
  links: z.array(z.object({ url: z.string(), text: z.string(), line: z.number() })),
});

export type DocumentMeta = z.infer<typeof documentMetaSchema>;
