/**
 * What each kind's loader hands the report loader, which checks references across kinds (the loaders of one
 * sync run concurrently in the same process); the build context holds one `KindReports` per build.
 */
import type { BodyLink } from '../lib/body-structure.ts';
import type { Adoption } from './adoption.ts';
import type { Problem } from '../lib/problems.ts';
import type { RedirectStub } from '../lib/redirect-stubs.ts';
import type { Kind } from '../schemas/index.ts';

export interface DocSummary {
  kind: Kind;
  slug: string;
  id?: string;
  title: string;
  source: string;
  path: string;
  repoKey: string;
  repoPath: string;
  related: string[];
  links: BodyLink[];
  /** Addresses the frontmatter gives the page on its repository's own site (see lib/site-urls.ts). */
  sitePaths?: string[];
  /** The document's facet values (slugs) by facet key, for the site-wide limit on facet values. */
  facets?: Record<string, string[]>;
  /** Slugs of its tags, for the site-wide limit on tags. */
  tagSlugs?: string[];
}

export interface SourceTally {
  documents: number;
  drafts: number;
  skipped: number;
  /** Where titles, dates and summaries came from, and the keys nothing reads. */
  adoption: Adoption;
  /** Documents that held template tags (ERB, Liquid, Jinja, Hugo), and how many tags were removed from them. */
  templateTags?: { documents: number; removed: number };
}

export interface KindReport {
  kind: Kind;
  docs: DocSummary[];
  /** Documents this build's audience may not see (internal documents in a public build). */
  hidden: DocSummary[];
  /** Text removed from visible documents for this audience, which must never appear in the output. */
  canaries: string[];
  problems: Problem[];
  perSource: Record<string, SourceTally>;
  parsed: number;
  reused: number;
  /** Names of the repository images its documents show, in the build's files folder. */
  files: string[];
  /** Pages that only redirect, not built: links to them go where they redirect. */
  redirects: RedirectStub[];
}

/** Where one build's loaders leave their kind's report, and the report loader waits for them. */
export class KindReports {
  #reports = new Map<Kind, KindReport>();
  #waiters = new Map<Kind, Array<(r: KindReport) => void>>();

  publish(report: KindReport): void {
    this.#reports.set(report.kind, report);
    for (const w of this.#waiters.get(report.kind) ?? []) w(report);
    this.#waiters.delete(report.kind);
  }

  get(kind: Kind): Promise<KindReport> {
    const ready = this.#reports.get(kind);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.set(kind, [...(this.#waiters.get(kind) ?? []), resolve]));
  }
}
