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
  #bySource = new Map<string, RemovedTags & { path: string; documents: number; total: number }>();

  /** Counts one document's removed tags for its source, and into the source's tally when given. */
  add(at: { source: string; path: string }, tags: RemovedTags | undefined, tally?: SourceTally): void {
    if (!tags) return;
    let entry = this.#bySource.get(at.source);
    if (!entry) this.#bySource.set(at.source, (entry = { ...tags, path: at.path, documents: 0, total: 0 }));
    entry.documents++;
    entry.total += tags.removed;
    if (tally) tally.templateTags = { documents: entry.documents, removed: entry.total };
  }

  problems(): Problem[] {
    return [...this.#bySource].map(([source, first]) => {
      const { documents, total: removed } = first;
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
