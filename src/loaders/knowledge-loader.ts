/**
 * The content loader of one kind. For each file of each source of that kind: skip it when its digest (git blob
 * id + everything else the entry depends on) is unchanged; otherwise parse, validate and render it. Entries
 * whose files vanished are deleted. A broken document is reported and skipped; the others still build.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { buildContextOf } from '../build/build-context.ts';
import { facetValuesOf, siteFacetProblems } from '../lib/facets.ts';
import type { Problem } from '../lib/problems.ts';
import { assignSlugs, hasGenericFileName, slugCollisionProblem, slugify } from '../lib/slugs.ts';
import type { DocumentMeta } from '../schemas/document-meta.ts';
import { kindInfo, type Kind } from '../schemas/index.ts';
import { redactUrl } from '../sources/redact-url.ts';
import {
  mapBounded,
  openSourceReader,
  skippedFileProblems,
  type SyncedFile,
  type SyncedSource,
} from '../sources/sync.ts';
import { addFacts, emptyAdoption, factsOf, unknownKeyProblems, type DocFacts } from './adoption.ts';
import { redirectStubOf, type RedirectStub } from '../lib/redirect-stubs.ts';
import { declaredSitePaths } from '../lib/site-urls.ts';
import { attachFiles, documentPathsByRepo, othersDigest, RepoFiles } from './document-files.ts';
import { bodyDir, hasBody, openBodyWriter, pruneBodies, type BodyWriter } from './body-store.ts';
import { applySummaryChoices } from './boilerplate-summaries.ts';
import { applyDistinctTitles } from './distinct-titles.ts';
import { acquirePool, POOL_MIN_FILES, poolPays, releasePool, type ParsePool } from './parse-pool.ts';
import { createMarkdownRenderer, type MarkdownSettings } from './markdown-renderer.ts';
import type { MetadataTitle } from '../lib/folder-title.ts';
import { filesByPath, folderTitleOf, isDocumentOf, metadataDigest, metadataOf } from './folder-titles.ts';
import { prepareDocument, type Prepared, type PrepareInput, type RenderMarkdown } from './prepare-document.ts';
import type { DocSummary, KindReport } from './registry.ts';
import { TemplateTagReport, type RemovedTags } from './template-tag-report.ts';

/** Bump when parsing or rendering changes, so that every stored entry is parsed again. */
const PARSER_VERSION = '35';

/** What became of one file, kept between builds (in the loader's meta store) so that an unchanged file is not read again. */
interface Outcome {
  digest: string;
  status: 'stored' | 'draft' | 'hidden' | 'refused';
  problems: Problem[];
  summary?: DocSummary;
  /** Text left out for this audience, which must never appear in the output. */
  canaries: string[];
  /** Summaries the body's first paragraphs give, when the summary came from the body (see boilerplate-summaries.ts). */
  summaries?: string[];
  /** For the source's adoption report (documents that were parsed). */
  facts?: DocFacts;
  /** Template tags removed from a stored document (see template-tags.ts), for the per-source report. */
  templateTags?: RemovedTags;
  /** Images of the repository the body shows, copied into the build's files folder (see document-files.ts). */
  files?: string[];
  /** A page that only redirects: links to it go where it redirects (see redirect-stubs.ts). */
  redirect?: RedirectStub;
}

const repoPathOf = (source: SyncedSource, file: SyncedFile) =>
  source.repoPrefix ? `${source.repoPrefix}/${file.path}` : file.path;

function editUrlOf(source: SyncedSource, file: SyncedFile): string | undefined {
  const template = source.config.edit_url;
  if (!template) return undefined;
  return redactUrl(
    template
      .replaceAll('{ref}', source.config.ref ?? source.commit ?? 'HEAD')
      .replaceAll('{commit}', source.commit ?? '')
      .replaceAll('{path}', file.path.split('/').map(encodeURIComponent).join('/')),
  );
}

function summaryOf(kind: Kind, data: Record<string, unknown>, meta: DocumentMeta): DocSummary {
  return {
    kind,
    slug: meta.slug,
    id: typeof data.id === 'string' ? data.id : undefined,
    title: String(data.title),
    source: meta.source,
    path: meta.path,
    repoKey: meta.repo_key,
    repoPath: meta.repo_path,
    related: (data.related as string[] | undefined) ?? [],
    links: meta.links,
    sitePaths: meta.site_paths,
    facets: facetValuesOf({ kind, date: data.date as Date, data }),
    tagSlugs: [...new Set(((data.tags as string[] | undefined) ?? []).map(slugify))],
  };
}

export function knowledgeLoader(kind: Kind): Loader {
  return {
    name: `knowledge-${kind}`,
    async load(context: LoaderContext) {
      const { store, meta: metaStore, logger, generateDigest, renderMarkdown } = context;
      const ctx = buildContextOf(context.config);
      const { audience } = ctx;
      const bodiesAt = bodyDir(ctx.bodyDir, kind);
      const started = Date.now();
      const { result, config: sites } = await ctx.sync((m) => logger.info(m));
      const sources = result.sources.filter((s) => s.config.kind === kind);
      const problems: Problem[] = [];
      const docs: DocSummary[] = [];
      const hidden: DocSummary[] = [];
      const canaries: string[] = [];
      const perSource: KindReport['perSource'] = {};
      let parsed: number;
      let reused = 0;
      const untouched = new Set(store.keys());

      const files = sources.flatMap((source) =>
        source.files.map((file) => ({
          source: source.config.name,
          path: file.path,
          added: file.history?.firstAdded,
          file,
          synced: source,
        })),
      );
      const slugs = assignSlugs(files);
      for (const s of sources) {
        perSource[s.config.name] = { documents: 0, drafts: 0, skipped: s.skipped.length, adoption: emptyAdoption() };
        problems.push(...skippedFileProblems(s));
      }
      const readers = new Map(sources.map((s) => [s.config.name, openSourceReader(s)]));
      const metadataTitles = new Map(sources.map((s) => [s.config.name, new Map<string, Promise<MetadataTitle>>()]));
      const seen = new Set<string>();
      const templateTags = new TemplateTagReport();
      // Repository files (images, links to files): one index per source, made when a document needs it.
      const siteFiles = new Set<string>();
      const redirects: RedirectStub[] = [];
      const repoFiles = new Map<string, RepoFiles>();
      const documentPaths = documentPathsByRepo(result.sources);
      const repoFilesOf = (s: SyncedSource) => {
        if (!repoFiles.has(s.config.name)) {
          const read = (f: SyncedFile) => readers.get(s.config.name)!.read(f);
          repoFiles.set(s.config.name, new RepoFiles(s, read, ctx.filesDir, documentPaths.get(s.repoKey)));
        }
        return repoFiles.get(s.config.name)!;
      };
      /** Counts an outcome, new or replayed, into this build's report. */
      const apply = (o: Outcome, slug: string, tally: KindReport['perSource'][string], path: string) => {
        problems.push(...o.problems);
        canaries.push(...o.canaries);
        if (o.facts && (o.status === 'stored' || o.status === 'hidden')) addFacts(kind, tally.adoption, o.facts, path);
        for (const f of o.files ?? []) siteFiles.add(f);
        if (o.redirect) redirects.push(o.redirect);
        if (o.status === 'stored') {
          untouched.delete(slug);
          tally.documents++;
          docs.push(o.summary!);
          templateTags.add(o.summary!, o.templateTags, tally);
        } else if (o.status === 'draft') tally.drafts++;
        else if (o.status === 'hidden') hidden.push(o.summary!);
      };

      /** Reads one file and prepares it (parse, validate, render: in a worker when there are many); stores it when it is to be built. */
      const processFile = async (
        slug: string,
        synced: SyncedSource,
        file: SyncedFile,
        digest: string,
        prepare: (input: PrepareInput) => Promise<Prepared>,
        bodies: BodyWriter,
        metas: SyncedFile[],
      ): Promise<Outcome> => {
        const at = { source: synced.config.name, path: file.path };
        let facts: DocFacts | undefined = undefined;
        const outcome = (
          status: Outcome['status'],
          found: Problem[],
          summary?: DocSummary,
          removed: string[] = [],
        ): Outcome => ({ digest, status, problems: found, summary, canaries: removed, facts });
        const isMdx = /\.mdx$/i.test(file.path);
        if (isMdx && synced.config.trust !== 'mdx') {
          return outcome('refused', [
            {
              ...at,
              severity: 'error',
              code: 'mdx-refused',
              message: `skipped: MDX runs code at build time, and source "${synced.config.name}" is not trusted for it; rename the file to .md, or set \`trust: mdx\` on the source in sources.yaml if its authors are trusted`,
            },
          ]);
        }
        let bytes: Buffer;
        try {
          bytes = await readers.get(synced.config.name)!.read(file);
        } catch (error) {
          return outcome('refused', [
            {
              ...at,
              severity: 'error',
              code: 'read',
              message: `skipped: cannot read the file: ${(error as Error).message}`,
            },
          ]);
        }
        const read = (f: SyncedFile) => readers.get(synced.config.name)!.read(f);
        const named = hasGenericFileName(file.path)
          ? await folderTitleOf(at.source, file.path, metas, read, metadataTitles.get(at.source), {
              publicOnly: audience === 'public',
              defaultVisibility: (synced.config.defaults as Record<string, unknown> | undefined)?.visibility,
              ownDocument: (f) => isDocumentOf(synced, f),
            })
          : undefined;
        let prepared: Prepared;
        try {
          prepared = await prepare({
            kind,
            source: synced.config.name,
            path: file.path,
            bytes,
            defaults: synced.config.defaults,
            requirements: synced.config.requirements,
            templates: synced.config.templates,
            mapping: { fields: synced.config.fields, values: synced.config.values },
            firstAdded: file.history?.firstAdded,
            firstAddedInImport: file.history?.firstAddedInImport || undefined,
            folderTitle: named?.folderTitle,
            audience,
            renderBody: !isMdx,
          });
        } catch (error) {
          // A bug of ours or of a parser, met on this file: the file is named and skipped, the others still build.
          return outcome('refused', [
            {
              ...at,
              severity: 'error',
              code: 'internal',
              message: `skipped: the file could not be processed: ${(error as Error).message.split('\n')[0]}`,
            },
          ]);
        }
        if (named?.problems.length) prepared.problems.unshift(...named.problems);
        if (!prepared.ok) {
          // A redirect-only page: links to it go where it redirects.
          const stub = prepared.problems.some((p) => p.code === 'redirect-stub')
            ? redirectStubOf(bytes, { repoKey: synced.repoKey, repoPath: repoPathOf(synced, file) }, audience)
            : undefined;
          return { ...outcome('refused', prepared.problems), ...(stub ? { redirect: stub } : {}) };
        }
        const { doc } = prepared;
        facts = factsOf(doc);
        const stored = (found: Problem[], summary: DocSummary, removed: string[]): Outcome => ({
          ...outcome('stored', found, summary, removed),
          ...(doc.templateTags && { templateTags: doc.templateTags }),
          summaries: doc.summaryCandidates,
        });
        // An internal draft in a public build is hidden, not counted: the public health page counts public documents only.
        if (doc.data.draft && doc.visible) return outcome('draft', prepared.problems);
        // Repository files: images copied, links to files pointed at the web view (see document-files.ts).
        const repoPath = repoPathOf(synced, file);
        const sitePaths = declaredSitePaths(doc.data);
        const attached =
          prepared.html === undefined
            ? undefined
            : await attachFiles(prepared.html, { ...doc, repoPath, sitePaths }, repoFilesOf(synced), at);
        if (attached) prepared.problems.push(...attached.problems);
        const meta: DocumentMeta = {
          slug,
          source: synced.config.name,
          path: file.path,
          repo: synced.repoDisplay,
          repo_key: synced.repoKey,
          repo_path: repoPath,
          web_url: synced.webUrl,
          // A commit author is a person's name: internal, like `authors`.
          last_commit:
            file.history?.last &&
            (audience === 'public' ? { sha: file.history.last.sha, date: file.history.last.date } : file.history.last),
          edit_url: editUrlOf(synced, file),
          // Tickets are internal (see public-fields.ts): a public build does not name the tracker either.
          ticket_url: audience === 'public' ? undefined : (synced.config.ticket_url ?? sites.site.ticket_url),
          format: isMdx ? 'mdx' : 'md',
          derived_from: doc.derivedFrom,
          links: attached?.links ?? doc.links,
          site_paths: sitePaths.length ? sitePaths : undefined,
        };
        const data = { ...doc.data, meta };
        const summary = summaryOf(kind, data, meta);
        if (!doc.visible) return outcome('hidden', prepared.problems, summary);
        // The commit author as a canary too, unless it is a common word (`root`, `jenkins`) that public text may hold.
        const commitAuthor = audience === 'public' ? file.history?.last.author.trim() : undefined;
        const removed =
          commitAuthor && commitAuthor.length >= 6 && !/^[a-z]+$/.test(commitAuthor)
            ? [...doc.canaries, commitAuthor]
            : doc.canaries;
        if (isMdx) {
          // MDX is compiled by Vite from a real file: write it where the build can import it.
          const out = path.join(ctx.mdxDir, synced.config.name, file.path);
          try {
            await mkdir(path.dirname(out), { recursive: true });
            await writeFile(out, prepared.publicMdx ?? bytes);
          } catch (error) {
            return outcome('refused', [
              ...prepared.problems,
              {
                ...at,
                severity: 'error',
                code: 'write',
                message: `skipped: the MDX file cannot be written to ${out} for the build: ${(error as Error).message}`,
              },
            ]);
          }
          store.set({
            id: slug,
            data,
            filePath: path.relative(ctx.root, out).split(path.sep).join('/'),
            digest,
            deferredRender: true,
          });
          return stored(prepared.problems, summary, removed);
        }
        if (prepared.renderError !== undefined || prepared.html === undefined) {
          return outcome('refused', [
            ...prepared.problems,
            {
              ...at,
              severity: 'error',
              code: 'render',
              message: `skipped: the Markdown could not be rendered: ${prepared.renderError ?? 'no HTML came back'}`,
            },
          ]);
        }
        // Neither the raw nor the rendered body goes into the store (see body-store.ts): the page reads it from its pack.
        bodies.write(digest, attached?.html ?? prepared.html);
        store.set({ id: slug, data, digest });
        return { ...stored(prepared.problems, summary, removed), files: attached?.files };
      };

      // First pass, in order: what is unchanged is replayed; the rest is prepared below, several files at once.
      const steps: Array<{
        slug: string;
        path: string;
        tally: KindReport['perSource'][string];
        before: Problem[];
        outcome?: Outcome;
      }> = [];
      const jobs: Array<{
        step: (typeof steps)[number];
        synced: SyncedSource;
        file: SyncedFile;
        digest: string;
        metas: SyncedFile[];
      }> = [];
      // Metadata beside generically named documents gives their titles (see folder-titles.ts).
      const pathIndex = new Map<string, Map<string, SyncedFile>>();
      const metadataFor = (synced: SyncedSource, file: SyncedFile) => {
        if (!hasGenericFileName(file.path)) return [];
        let index = pathIndex.get(synced.config.name);
        if (!index) pathIndex.set(synced.config.name, (index = filesByPath(synced)));
        return metadataOf(file.path, index);
      };
      let pool: ParsePool | undefined;
      const bodies = openBodyWriter(bodiesAt);
      try {
        for (const { item, slug, collidedWith } of slugs) {
          const { synced, file } = item;
          const step: (typeof steps)[number] = {
            slug,
            path: file.path,
            tally: perSource[synced.config.name]!,
            before: [],
          };
          steps.push(step);
          if (collidedWith)
            step.before.push(slugCollisionProblem(kind, synced.config.name, file.path, slug, collidedWith));
          const metas = metadataFor(synced, file);
          const digest = generateDigest({
            v: PARSER_VERSION,
            audience,
            blob: file.blob,
            slug,
            last: file.history?.last.sha ?? '',
            added: file.history?.firstAdded ?? '',
            imported: file.history?.firstAddedInImport ?? 0,
            metadata: metas.length ? await metadataDigest(metas, (f) => readers.get(synced.config.name)!.read(f)) : [],
            source: {
              defaults: synced.config.defaults,
              requirements: synced.config.requirements,
              templates: synced.config.templates,
              fields: synced.config.fields,
              values: synced.config.values,
              trust: synced.config.trust,
              edit: synced.config.edit_url ?? '',
              web: synced.webUrl ?? '',
              repo: synced.repoDisplay,
              tickets: synced.config.ticket_url ?? sites.site.ticket_url ?? '',
              others: othersDigest(synced, documentPaths.get(synced.repoKey)),
            },
          });
          // Nothing changed: replay what the last build found (entry, problems, draft or hidden) without parsing.
          const previous = JSON.parse(metaStore.get(`outcome:${slug}`) ?? 'null') as Outcome | null;
          const stored = store.get(slug);
          const intact =
            previous?.status !== 'stored' ||
            (stored?.digest === digest &&
              (stored.filePath !== undefined || hasBody(bodiesAt, digest)) &&
              (previous.files ?? []).every((f) => existsSync(path.join(ctx.filesDir, f))));
          if (previous && previous.digest === digest && intact) {
            reused++;
            step.outcome = previous;
            continue;
          }
          jobs.push({ step, synced, file, digest, metas });
        }
        parsed = jobs.length;
        // Astro's own Markdown processor, without plugins: our renderer of it (see markdown-renderer.ts), and,
        // with many files to prepare, spread over worker threads. Anything else: Astro's renderMarkdown.
        const markdown = context.config.markdown;
        const options = (markdown.processor?.options ?? {}) as { mdastPlugins?: unknown[]; hastPlugins?: unknown[] };
        const settings: MarkdownSettings = {
          image: context.config.image,
          syntaxHighlight: markdown.syntaxHighlight,
          shikiConfig: markdown.shikiConfig,
          gfm: markdown.gfm,
          smartypants: markdown.smartypants,
        };
        const plainSatteri =
          markdown.processor?.name === 'satteri' &&
          !options.mdastPlugins?.length &&
          !options.hastPlugins?.length &&
          !markdown.shikiConfig?.transformers?.length;
        const siteFiles = result.sources.reduce((n, source) => n + source.files.length, 0);
        if (plainSatteri && poolPays(jobs.length, siteFiles)) {
          pool = acquirePool(settings);
          logger.info(`${kindInfo[kind].plural}: preparing ${jobs.length} file(s) in ${pool.size} worker thread(s)`);
        } else if (jobs.length >= POOL_MIN_FILES) {
          logger.info(`${kindInfo[kind].plural}: preparing ${jobs.length} file(s)`);
        }
        const renderer: RenderMarkdown =
          plainSatteri && jobs.length && !pool
            ? await createMarkdownRenderer(settings)
            : { render: async (md) => (await renderMarkdown(md)).html };
        const inline = (input: PrepareInput) => prepareDocument(input, renderer);
        const prepare = pool ? (input: PrepareInput) => pool!.prepare(input) : inline;
        await mapBounded(jobs, pool ? 32 : 1, async ({ step, synced, file, digest, metas }) => {
          step.outcome = await processFile(step.slug, synced, file, digest, prepare, bodies, metas);
          // A failure of ours or of a renderer may come from the state of the process, not the file: try it again next build.
          const retry = step.outcome.problems.some((p) => p.code === 'internal' || p.code === 'render');
          if (retry) metaStore.delete(`outcome:${step.slug}`);
          else metaStore.set(`outcome:${step.slug}`, JSON.stringify(step.outcome));
        });
        bodies.commit();
        // a summary repeated across a source gives way to the next paragraph, new and replayed alike.
        const { unsummarised } = applySummaryChoices(
          store,
          steps.flatMap(({ slug, outcome: o }) =>
            o?.status === 'stored' ? [{ slug, source: o.summary!.source, candidates: o.summaries }] : [],
          ),
        );
        // Documents that share a title are told apart by their ids or dates.
        const titles = applyDistinctTitles(
          store,
          steps.flatMap(({ slug, outcome: o }) => {
            if (o?.status !== 'stored') return [];
            const date = store.get(slug)?.data.date;
            return [
              { slug, title: o.summary!.title, id: o.summary!.id, date: date instanceof Date ? date : undefined },
            ];
          }),
        );
        // Second pass, in order, so that the report does not depend on which file finished first.
        for (const step of steps) {
          problems.push(...step.before);
          seen.add(step.slug);
          const told = titles.get(step.slug);
          const o = told ? { ...step.outcome!, summary: { ...step.outcome!.summary!, title: told } } : step.outcome!;
          const facts = o.facts && unsummarised.has(step.slug) ? { ...o.facts, summary: 'none' as const } : o.facts;
          apply({ ...o, facts }, step.slug, step.tally, step.path);
        }
        for (const [name, tally] of Object.entries(perSource))
          problems.push(...unknownKeyProblems(kind, name, tally.adoption));
      } finally {
        // Only a build that failed half-way leaves a pack to delete; after commit this does nothing.
        bodies.abandon();
        for (const r of readers.values()) r.close();
        if (pool) await releasePool();
      }
      for (const id of untouched) store.delete(id);
      pruneBodies(bodiesAt, new Set(store.values().map((e) => String(e.digest ?? ''))));
      // Forget the outcomes of files that vanished.
      for (const slug of JSON.parse(metaStore.get('slugs') ?? '[]') as string[])
        if (!seen.has(slug)) metaStore.delete(`outcome:${slug}`);
      const slugList = JSON.stringify([...seen]);
      if (metaStore.get('slugs') !== slugList) metaStore.set('slugs', slugList);

      problems.push(...templateTags.problems());
      problems.push(...siteFacetProblems(kind, docs));
      const errors = problems.filter((p) => p.severity === 'error').length;
      logger.info(
        `${kindInfo[kind].plural}: ${docs.length} document(s) (${parsed} parsed, ${reused} unchanged)${hidden.length ? `, ${hidden.length} internal left out of this ${audience} build` : ''}, ${errors} skipped with errors, in ${Date.now() - started} ms`,
      );
      ctx.reports.publish({
        kind,
        docs,
        hidden,
        canaries,
        problems,
        perSource,
        parsed,
        reused,
        files: [...siteFiles],
        redirects,
      });
    },
  };
}
