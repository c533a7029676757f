/**
 * Checks documents against the schemas without building the site, for a repository's own CI.
 *
 *   npm run validate -- <folder | git URL> --kind <kind> [--include <glob>]... [--exclude <glob>]...
 *   npm run validate                      (every source of KNOWLEDGE_SOURCES or content/sources.yaml)
 *
 * Prints every problem as `path:line: field: message` and exits with 1 when there is an error
 * (with --strict, also on warnings).
 */
import { addFacts, emptyAdoption, factsOf, unknownKeyProblems } from '../src/loaders/adoption.ts';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from '../src/lib/parse-document.ts';
import { formatProblem, formatProblemForRepo, type Problem } from '../src/lib/problems.ts';
import { assignSlugs, slugCollisionProblem, hasGenericFileName } from '../src/lib/slugs.ts';
import { filesByPath, folderTitleOf, metadataOf } from '../src/loaders/folder-titles.ts';
import { referenceProblems } from '../src/lib/reference-problems.ts';
import { TemplateTagReport } from '../src/loaders/template-tag-report.ts';
import { SiteGraph, type GraphDoc } from '../src/lib/site-graph.ts';
import { redirectStubOf, type RedirectStub } from '../src/lib/redirect-stubs.ts';
import { declaredSitePaths } from '../src/lib/site-urls.ts';
import { checkFiles, documentPathsByRepo, RepoFiles } from '../src/loaders/document-files.ts';
import { kinds, type Kind } from '../src/schemas/index.ts';
import { classifyRepo, loadSourcesConfig, type SitesConfig } from '../src/sources/config.ts';
import {
  openSourceReader,
  skippedFileProblems,
  syncSources,
  type SyncedFile,
  type SyncedSource,
} from '../src/sources/sync.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string' },
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    ref: { type: 'string' },
    strict: { type: 'boolean', default: false },
  },
});

let tempCache: string | undefined;
let config: SitesConfig;
const single = positionals[0];
if (single) {
  if (!values.kind || !(kinds as readonly string[]).includes(values.kind)) {
    console.error(`validate: --kind is required with a folder or URL; one of ${kinds.join(', ')}`);
    process.exit(2);
  }
  tempCache = mkdtempSync(path.join(tmpdir(), 'knowledge-validate-'));
  // A folder on disk is read as it is, uncommitted changes included, even when it is a git work tree.
  const onDisk = existsSync(single) && statSync(single).isDirectory();
  const where = onDisk
    ? { type: 'folder' as const, location: path.resolve(single) }
    : classifyRepo(single, process.cwd());
  config = {
    file: path.resolve('(command line)'),
    cacheDir: tempCache,
    max_file_bytes: 2 * 1024 * 1024,
    site: { title: 'validate', base: '/' },
    sources: [
      {
        name: 'repo',
        repo: single,
        ref: values.ref,
        kind: values.kind as Kind,
        include: values.include ?? ['**/*.md'],
        exclude: values.exclude ?? [],
        trust: 'markdown',
        defaults: {},
        requirements: 'upper-case',
        templates: 'strip',
        fields: {},
        values: {},
        ...where,
      },
    ],
  };
} else {
  config = loadSourcesConfig(process.env.KNOWLEDGE_SOURCES || path.join('content', 'sources.yaml'));
}

const problems: Problem[] = [];
const docs: GraphDoc[] = [];
// Template tags removed, reported once per source as the build does.
const templateTags = new TemplateTagReport();
const redirects: RedirectStub[] = [];
try {
  const result = await syncSources(config);
  const documentPaths = documentPathsByRepo(result.sources);
  for (const f of result.failures)
    problems.push({ severity: 'error', code: 'sync', source: f.source, message: f.message });
  for (const kind of kinds) {
    const sources = result.sources.filter((s) => s.config.kind === kind);
    const files = sources.flatMap((s) =>
      s.files.map((file) => ({ source: s.config.name, path: file.path, added: file.history?.firstAdded, file, s })),
    );
    const readers = new Map(sources.map((s) => [s.config.name, openSourceReader(s)]));
    const indexes = new Map<SyncedSource, Map<string, SyncedFile>>();
    const byPath = (s: SyncedSource) => indexes.get(s) ?? indexes.set(s, filesByPath(s)).get(s)!;
    // Images and links to other files of the repository, checked as a build finds them, nothing written.
    const repoFiles = new Map(
      sources.map((s) => [
        s.config.name,
        new RepoFiles(s, (f) => readers.get(s.config.name)!.read(f), '', documentPaths.get(s.repoKey)),
      ]),
    );
    for (const s of sources) problems.push(...skippedFileProblems(s));
    const adoption = new Map(sources.map((s) => [s.config.name, emptyAdoption()]));
    for (const { item, slug, collidedWith } of assignSlugs(files)) {
      const { s, file } = item;
      if (collidedWith) problems.push(slugCollisionProblem(kind, s.config.name, file.path, slug, collidedWith));
      if (/\.mdx$/i.test(file.path) && s.config.trust !== 'mdx') {
        problems.push({
          severity: 'error',
          code: 'mdx-refused',
          source: s.config.name,
          path: file.path,
          message: 'MDX is refused from sources not marked `trust: mdx`',
        });
        continue;
      }
      const read = (f: SyncedFile) => readers.get(s.config.name)!.read(f);
      const bytes = await read(file);
      const named = hasGenericFileName(file.path)
        ? await folderTitleOf(s.config.name, file.path, metadataOf(file.path, byPath(s)), read)
        : undefined;
      problems.push(...(named?.problems ?? []));
      const r = parseDocument({
        kind,
        source: s.config.name,
        path: file.path,
        bytes,
        defaults: s.config.defaults,
        requirements: s.config.requirements,
        templates: s.config.templates,
        mapping: { fields: s.config.fields, values: s.config.values },
        firstAdded: file.history?.firstAdded,
        firstAddedInImport: file.history?.firstAddedInImport || undefined,
        folderTitle: named?.folderTitle,
      });
      problems.push(...r.problems);
      if (r.ok) templateTags.add({ source: s.config.name, path: file.path }, r.doc.templateTags);
      if (r.ok) addFacts(kind, adoption.get(s.config.name)!, factsOf(r.doc), file.path);
      // A redirect-only page is not a document, but links to it lead somewhere.
      const stub = r.problems.some((p) => p.code === 'redirect-stub')
        ? redirectStubOf(
            bytes,
            { repoKey: s.repoKey, repoPath: s.repoPrefix ? `${s.repoPrefix}/${file.path}` : file.path },
            'internal',
          )
        : undefined;
      if (stub) redirects.push(stub);
      if (r.ok) {
        const repoPath = s.repoPrefix ? `${s.repoPrefix}/${file.path}` : file.path;
        const sitePaths = declaredSitePaths(r.doc.data);
        const checked = await checkFiles({ ...r.doc, repoPath, sitePaths }, repoFiles.get(s.config.name)!, {
          source: s.config.name,
          path: file.path,
        });
        problems.push(...checked.problems);
        docs.push({
          kind,
          slug,
          id: typeof r.doc.data.id === 'string' ? r.doc.data.id : undefined,
          title: r.doc.data.title,
          source: s.config.name,
          path: file.path,
          repoKey: s.repoKey,
          repoPath,
          related: r.doc.data.related,
          links: checked.links,
          sitePaths,
        });
      }
    }
    for (const reader of readers.values()) reader.close();
    for (const [name, a] of adoption) problems.push(...unknownKeyProblems(kind, name, a));
  }
  // Validating one repository, references to other kinds live elsewhere and cannot be checked here.
  const elsewhere = (target: string) =>
    single !== undefined &&
    /^(postmortem|session|standard|kata|strategy)\//.test(target) &&
    !target.startsWith(`${values.kind}/`);
  problems.push(...referenceProblems(new SiteGraph(docs, [], { redirects }), elsewhere));
  problems.push(...templateTags.problems());
} finally {
  if (tempCache) rmSync(tempCache, { recursive: true, force: true });
}

for (const p of problems)
  console.log(`${single ? formatProblemForRepo(p) : formatProblem(p)}${p.severity === 'warning' ? ' (warning)' : ''}`);
const errors = problems.filter((p) => p.severity === 'error').length;
console.error(`${docs.length} valid document(s), ${errors} error(s), ${problems.length - errors} warning(s)`);
process.exit(errors > 0 || (values.strict && problems.length > 0) ? 1 : 0);
