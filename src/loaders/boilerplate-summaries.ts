/**
 * A summary repeated across many documents of one source ("Extracted from … labeled issues and pull requests …
 * prior to the meeting.") says nothing about any of them: such a document takes its next paragraph instead, or
 * no summary. Decided over all the documents of a build, so that a cached rebuild decides the same.
 */

/** A text is boilerplate when at least this many documents of a source share it… */
export const BOILERPLATE_MIN_DOCUMENTS = 3;
/** …and at least this share of the source's documents. */
export const BOILERPLATE_MIN_SHARE = 0.2;

export interface SummaryChoiceInput {
  source: string;
  /** The summaries the body's first paragraphs give, in order; undefined when the frontmatter gives the summary. */
  candidates?: string[];
}

/**
 * For each document, the summary to show: its first candidate that is not boilerplate of its source, or undefined
 * when all are; a document without candidates keeps its own (undefined here, not consulted).
 */
export function chooseSummaries(docs: SummaryChoiceInput[]): Array<string | undefined> {
  const perSource = new Map<string, { documents: number; texts: Map<string, number> }>();
  for (const d of docs) {
    let s = perSource.get(d.source);
    if (!s) perSource.set(d.source, (s = { documents: 0, texts: new Map() }));
    s.documents++;
    const keys = new Set((d.candidates ?? []).flatMap((t) => [t, templateKey(t)]));
    for (const k of keys) if (k !== undefined) s.texts.set(k, (s.texts.get(k) ?? 0) + 1);
  }
  return docs.map((d) => {
    const s = perSource.get(d.source)!;
    const shared = (k: string | undefined) => {
      const n = k === undefined ? 0 : (s.texts.get(k) ?? 0);
      return n >= BOILERPLATE_MIN_DOCUMENTS && n >= BOILERPLATE_MIN_SHARE * s.documents;
    };
    return d.candidates?.find((t) => !shared(t) && !shared(templateKey(t)));
  });
}

/**
 * The fixed ends of a sentence a template fills in (`Extracted from <label> labeled issues … from the <org> org
 * prior to the meeting.`): its first two and last four words. Undefined for a text too short to have a middle.
 */
export function templateKey(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < 10) return undefined;
  return `${words.slice(0, 2).join(' ')} … ${words.slice(-4).join(' ')}`;
}

interface EntryStore {
  get(id: string): { id: string; data: Record<string, unknown>; digest?: string | number } | undefined;
  set(entry: { id: string; data: Record<string, unknown>; digest?: string | number }): boolean;
  delete(id: string): void;
}

/** Where a summary chosen past boilerplate came from, for "Derived from". */
export const LATER_PARAGRAPH = 'a later paragraph, past text repeated across the source';

/**
 * Sets each stored entry's summary to its choice (see chooseSummaries); only entries whose summary changes are
 * written again, with their digest, so that the next build replays them as they are. Returns how many changed,
 * and the entries left with no summary (every candidate of theirs is boilerplate).
 */
export function applySummaryChoices(
  store: EntryStore,
  docs: Array<SummaryChoiceInput & { slug: string }>,
): { changed: number; unsummarised: Set<string> } {
  const choices = chooseSummaries(docs);
  let changed = 0;
  const unsummarised = new Set<string>();
  docs.forEach((d, i) => {
    if (!d.candidates?.length) return;
    const entry = store.get(d.slug);
    if (!entry) return;
    const chosen = choices[i];
    if (chosen === undefined) unsummarised.add(d.slug);
    if (entry.data.summary === chosen) return;
    const { summary: _old, ...rest } = entry.data;
    const meta = (rest.meta ?? {}) as { derived_from?: Record<string, string> };
    const { summary: _from, ...derived } = meta.derived_from ?? {};
    if (chosen !== undefined) derived.summary = chosen === d.candidates[0] ? 'the first paragraph' : LATER_PARAGRAPH;
    const data = {
      ...rest,
      ...(chosen === undefined ? {} : { summary: chosen }),
      meta: { ...meta, derived_from: derived },
    };
    // The store keeps an entry whose digest is unchanged: it is deleted first, and set again with the same digest.
    store.delete(d.slug);
    store.set({ ...entry, data });
    changed++;
  });
  return { changed, unsummarised };
}
