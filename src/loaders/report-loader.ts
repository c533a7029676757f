/**
 * The build report: waits for every kind's loader, checks references across kinds (related, links, ids), and
 * stores one entry for the health page and one of the facts every page needs of its build (`build`). It also
 * writes the report, the leak guard's canaries and the list of document pages into the build's working folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Loader } from 'astro/loaders';
import { formatProblem, type Problem } from '../lib/problems.ts';
import { referenceProblems } from '../lib/reference-problems.ts';
import { kindInfo } from '../schemas/index.ts';
import { siteTagProblems } from '../lib/tags.ts';
import { pageFileOf, SiteGraph, urlOf, type HiddenDoc } from '../lib/site-graph.ts';
import { kinds } from '../schemas/index.ts';
import { buildContextOf } from '../build/build-context.ts';
import type { SitesConfig } from '../sources/config.ts';
import { emptyAdoption, type Adoption } from './adoption.ts';
import { pruneFiles } from './document-files.ts';
import type { RedirectStub } from '../lib/redirect-stubs.ts';
import { publicRoot } from '../lib/base-path.ts';

/** What the pages need of their build, from its context (see build/build-context.ts). */
export interface PageFacts {
  audience: 'internal' | 'public';
  /** "Today" of this build, `YYYY-MM-DD`. */
  today: string;
  site: SitesConfig['site'];
  /** Where the rendered bodies are (see loaders/body-store.ts). */
  bodyDir: string;
}

export interface BuildReport {
  generatedAt: string;
  audience: 'internal' | 'public';
  sources: Array<{
    name: string;
    kind: string;
    repo: string;
    webUrl?: string;
    ref?: string;
    commit?: string;
    action: string;
    documents: number;
    drafts: number;
    skipped: number;
    /** Where titles, dates and summaries came from; the keys nothing reads. */
    adoption: Adoption;
    /** Documents that held template tags, and how many were removed (see loaders/template-tag-report.ts). */
    templateTags?: { documents: number; removed: number };
    warnings: string[];
  }>;
  problems: Problem[];
  /** Documents this audience may not see, for link resolution only (no titles): never rendered. */
  hidden: HiddenDoc[];
  /** Pages that only redirect (not built), for link resolution. */
  redirects: RedirectStub[];
  totals: { documents: number; parsed: number; reused: number; errors: number; warnings: number };
}

export function reportLoader(): Loader {
  return {
    name: 'knowledge-report',
    async load({ store, logger, generateDigest, config }) {
      const ctx = buildContextOf(config);
      const { result } = await ctx.sync((m) => logger.info(m));
      const reports = await Promise.all(kinds.map((k) => ctx.reports.get(k)));
      const problems = reports.flatMap((r) => r.problems);
      // References are checked against every document, also those this audience does not see: a link from a
      // public write-up to an internal one is not broken, it is left out.
      // With the site's address, as the pages read links: a link to one of its own pages that leads nowhere is reported too.
      const redirects = reports.flatMap((r) => r.redirects);
      const graph = new SiteGraph(
        reports.flatMap((r) => [...r.docs, ...r.hidden]),
        [],
        {
          siteUrl: ctx.sources.site.url && publicRoot(ctx.sources.site.url, ctx.sources.site.base),
          redirects,
        },
      );
      problems.push(...referenceProblems(graph));
      problems.push(...siteTagProblems(reports.flatMap((r) => r.docs)));
      const hidden = reports.flatMap((r) => r.hidden);
      const publicNames = new Set(
        reports
          .flatMap((r) => r.docs.flatMap((d) => [d.title, d.id]))
          .filter((s): s is string => !!s)
          .map((s) => s.toLowerCase()),
      );
      const canaries = {
        urls: hidden.map((d) => urlOf(d)),
        // `postmortems/<slug>` and `postmortem/<slug>`, as a link or reference may write them.
        refs: hidden.flatMap((d) => [`${kindInfo[d.kind].path}/${d.slug}`, `${d.kind}/${d.slug}`]),
        strings: [
          ...new Set(
            [
              ...hidden.flatMap((d) => [d.id, d.title.length >= 12 ? d.title : undefined]),
              ...reports.flatMap((r) => r.canaries),
            ].filter((s): s is string => !!s),
          ),
        ]
          // A hidden document titled like a public one reveals nothing, and must not stop the build.
          .filter((s) => !publicNames.has(s.toLowerCase())),
      };
      await mkdir(ctx.workDir, { recursive: true });
      await writeFile(ctx.files.canaries, JSON.stringify(canaries, null, 2));
      await writeFile(ctx.files.pages, JSON.stringify(reports.flatMap((r) => r.docs.map(pageFileOf))));
      const siteFiles = [...new Set(reports.flatMap((r) => r.files))].sort();
      await writeFile(ctx.files.siteFiles, JSON.stringify(siteFiles));
      pruneFiles(ctx.filesDir, new Set(siteFiles));
      const tallies = Object.assign({}, ...reports.map((r) => r.perSource));
      const report: BuildReport = {
        generatedAt: new Date().toISOString(),
        audience: ctx.audience,
        sources: result.sources.map((s) => ({
          name: s.config.name,
          kind: s.config.kind,
          repo: s.repoDisplay,
          webUrl: s.webUrl,
          ref: s.config.ref,
          commit: s.commit,
          action: s.action,
          ...(tallies[s.config.name] ?? { documents: 0, drafts: 0, skipped: 0, adoption: emptyAdoption() }),
          warnings: s.warnings,
        })),
        problems,
        hidden: hidden.map((d) => ({
          kind: d.kind,
          slug: d.slug,
          id: d.id,
          repoKey: d.repoKey,
          repoPath: d.repoPath,
          sitePaths: d.sitePaths,
        })),
        redirects,
        totals: {
          documents: reports.reduce((n, r) => n + r.docs.length, 0),
          parsed: reports.reduce((n, r) => n + r.parsed, 0),
          reused: reports.reduce((n, r) => n + r.reused, 0),
          errors: problems.filter((p) => p.severity === 'error').length,
          warnings: problems.filter((p) => p.severity === 'warning').length,
        },
      };
      await writeFile(ctx.files.report, JSON.stringify(report, null, 2));
      // Strict mode fails here, before a single page is rendered.
      if (ctx.strict && problems.length) {
        throw new Error(
          `KNOWLEDGE_STRICT is set and the sources have ${problems.length} problem(s):\n  ${problems.map((p) => `${p.severity === 'error' ? 'error  ' : 'warning'} ${formatProblem(p)}`).join('\n  ')}`,
        );
      }
      const facts: PageFacts = {
        audience: ctx.audience,
        today: ctx.today.toISOString().slice(0, 10),
        site: ctx.sources.site,
        bodyDir: ctx.bodyDir,
      };
      // With a digest, an unchanged entry leaves the content store untouched: nothing to write back to disk.
      for (const id of store.keys()) if (id !== 'report' && id !== 'build') store.delete(id);
      store.set({
        id: 'report',
        data: report as unknown as Record<string, unknown>,
        digest: generateDigest(JSON.stringify({ ...report, generatedAt: '' })),
      });
      store.set({
        id: 'build',
        data: facts as unknown as Record<string, unknown>,
        digest: generateDigest(JSON.stringify(facts)),
      });
    },
  };
}
