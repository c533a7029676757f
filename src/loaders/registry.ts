/**
 * Where each kind's loader leaves what it loaded, so that the report loader can check references across
 * kinds (loaders of one sync run concurrently in the same process).
 */
import type { BodyLink } from '../lib/body-structure.ts';
import type { Problem } from '../lib/problems.ts';
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
  /** The document's facet values (slugs) by facet key, for the site-wide limit on facet values. */
  facets?: Record<string, string[]>;
  /** Slugs of its tags, for the site-wide limit on tags. */
  tagSlugs?: string[];
}

export interface SourceTally {
  documents: number;
  drafts: number;
  skipped: number;
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
}

const reports = new Map<Kind, KindReport>();
const waiters = new Map<Kind, Array<(r: KindReport) => void>>();

export function publishKindReport(report: KindReport): void {
  reports.set(report.kind, report);
  for (const w of waiters.get(report.kind) ?? []) w(report);
  waiters.delete(report.kind);
}

export function kindReport(kind: Kind): Promise<KindReport> {
  const ready = reports.get(kind);
  if (ready) return Promise.resolve(ready);
  return new Promise((resolve) => waiters.set(kind, [...(waiters.get(kind) ?? []), resolve]));
}
