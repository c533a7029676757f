/**
 * Template tags removed from a kind's documents (see template-tags.ts), counted per source into its tally and
 * reported once per source, at the first file that held any: one warning, not one per file.
 */
import type { Problem } from '../lib/problems.ts';
import type { SourceTally } from './registry.ts';

export interface RemovedTags {
  removed: number;
  example: string;
  line: number;
}

export class TemplateTagReport {
  #first = new Map<string, RemovedTags & { path: string; tally: SourceTally }>();

  /** Counts one stored document's removed tags into its source's tally. */
  add(tally: SourceTally, at: { source: string; path: string }, tags: RemovedTags | undefined): void {
    if (!tags) return;
    const t = (tally.templateTags ??= { documents: 0, removed: 0 });
    t.documents++;
    t.removed += tags.removed;
    if (!this.#first.has(at.source)) this.#first.set(at.source, { ...tags, path: at.path, tally });
  }

  problems(): Problem[] {
    return [...this.#first].map(([source, first]) => {
      const { documents, removed } = first.tally.templateTags!;
      return {
        source,
        path: first.path,
        line: first.line,
        severity: 'warning',
        code: 'template-tags',
        message: `${removed.toLocaleString('en-US')} template tag(s) (ERB, Liquid, Jinja or Hugo) removed from ${documents.toLocaleString('en-US')} document(s); first${first.example ? `: "${first.example}"` : ''} in ${first.path}:${first.line}; they are not shown, as this site does not run the source's site generator (a heading made only of tags is dropped, a Hugo ref or relref keeps its link target): write what readers must see as text, or put a tag meant as an example in a code span`,
      };
    });
  }
}
