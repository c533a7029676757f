/**
 * The CPU-heavy part of loading one file: parse and validate it, and for a Markdown document that is to be built,
 * render, sanitise and (katas) fold its body, for the loader to put in the body store. Runs in a worker thread
 * (see parse-pool.ts) or, for small sites and custom Markdown set-ups, on the main thread.
 */
import { foldSpoilers } from '../lib/fold-spoilers.ts';
import { parseDocument, type DocumentInput, type ParsedDocument } from '../lib/parse-document.ts';
import type { Problem } from '../lib/problems.ts';
import { restoreImages } from '../lib/restore-images.ts';
import { sanitizeRendered } from '../lib/sanitize-rendered.ts';
import { levelHeadings, scrollableTables } from '../lib/accessible-body.ts';

export interface PrepareInput extends DocumentInput {
  /** False for MDX, which is compiled by the build instead of rendered here. */
  renderBody: boolean;
}

/** What the loader needs back: the document without its source body, and the rendered, safe body (`html`) when it is to be built. */
export type Prepared =
  | {
      ok: true;
      doc: Omit<ParsedDocument, 'body'>;
      problems: Problem[];
      html?: string;
      renderError?: string;
      publicMdx?: string;
    }
  | { ok: false; problems: Problem[] };

/** How a body becomes HTML: `render` (untrusted output, sanitised next), then `afterSanitising` on the safe HTML (code highlighting). */
export interface RenderMarkdown {
  render(markdown: string): Promise<string>;
  afterSanitising?(safeHtml: string): Promise<string>;
}

export async function prepareDocument(input: PrepareInput, render: RenderMarkdown): Promise<Prepared> {
  const parsed = parseDocument(input);
  if (!parsed.ok) return parsed;
  const { body, ...doc } = parsed.doc;
  const toBuild = !doc.data.draft && doc.visible && input.renderBody;
  // A public MDX page is compiled from its body without internal regions and without its frontmatter, whose
  // internal fields the MDX could otherwise show through `frontmatter`.
  if (!input.renderBody && input.audience === 'public' && doc.visible)
    return { ok: true, doc, problems: parsed.problems, publicMdx: body };
  if (!toBuild) return { ok: true, doc, problems: parsed.problems };
  let safe: string;
  try {
    // Markdown sources are untrusted: keep only safe HTML. (MDX, from trusted sources only, is compiled as code.)
    safe = scrollableTables(levelHeadings(sanitizeRendered(restoreImages(await render.render(body)))));
    if (render.afterSanitising) safe = await render.afterSanitising(safe);
  } catch (error) {
    return { ok: true, doc, problems: parsed.problems, renderError: (error as Error).message };
  }
  return { ok: true, doc, problems: parsed.problems, html: input.kind === 'kata' ? foldSpoilers(safe) : safe };
}
