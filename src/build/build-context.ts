/**
 * One build's context: everything a stage needs to know about the build it belongs to, made once when the
 * build starts and handed to every stage (the integration's hooks, the loaders, the pages) explicitly. Nothing
 * a stage needs travels through an environment variable, a global or a file shared with other builds: each
 * build's working files live under a folder of its own.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AstroConfig } from 'astro';
import type { Audience } from '../lib/audience.ts';
import { audienceFromEnv } from '../lib/audience.ts';
import type { SitesConfig } from '../sources/config.ts';
import type { SyncResult } from '../sources/sync.ts';
import { KindReports } from '../loaders/registry.ts';

/** What a person sets for a build (through the environment of `npm run build`), read in one place. */
export interface BuildInputs {
  /** The project folder: working files and default paths are relative to it. */
  root: string;
  /** The sources file. */
  sourcesFile: string;
  audience: Audience;
  /** The folder the site is published from. */
  outDir: string;
  /** Astro's cache folder (content store, incremental build output, rendered bodies, search shards). */
  astroCacheDir: string;
  /** "Today" for overdue checks and review dates: a fixed day for reproducible builds, else the day the build starts. */
  today: Date;
  /** Fail as soon as the sources have any problem. */
  strict: boolean;
  /** Keep unchanged pages from the last build (Astro's incremental build). */
  incremental: boolean;
  /** Start indexing search shards while pages are still being rendered. */
  earlyIndex: boolean;
}

const truthy = (v: string | undefined) => /^(1|true|yes)$/i.test(v ?? '');

/** The inputs of a build from its environment: KNOWLEDGE_SOURCES, KNOWLEDGE_AUDIENCE, KNOWLEDGE_OUT_DIR, … */
export function buildInputsFromEnv(env: NodeJS.ProcessEnv, root: string): BuildInputs {
  const at = (p: string) => path.resolve(root, p);
  const fixedDay = env.KNOWLEDGE_TODAY?.trim();
  if (fixedDay && !/^\d{4}-\d{2}-\d{2}$/.test(fixedDay))
    throw new Error(`KNOWLEDGE_TODAY must be a day such as 2026-11-23, found "${fixedDay}"`);
  return {
    root,
    sourcesFile: at(env.KNOWLEDGE_SOURCES || path.join('content', 'sources.yaml')),
    audience: audienceFromEnv(env),
    outDir: at(env.KNOWLEDGE_OUT_DIR || 'dist'),
    astroCacheDir: at(env.KNOWLEDGE_ASTRO_CACHE || path.join('node_modules', '.astro')),
    today: fixedDay
      ? new Date(`${fixedDay}T00:00:00Z`)
      : new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`),
    strict: truthy(env.KNOWLEDGE_STRICT),
    incremental: env.KNOWLEDGE_INCREMENTAL !== '0',
    earlyIndex: env.KNOWLEDGE_EARLY_INDEX !== '0',
  };
}

/** The sources file and the sync of every source, done once per build and shared by every loader. */
export interface SiteSync {
  config: SitesConfig;
  result: SyncResult;
}

export interface BuildContext extends BuildInputs {
  /** Unique to this build run. */
  id: string;
  /** The sources file, read and validated once. */
  sources: SitesConfig;
  /**
   * The folder of this build's working files, `.cache/builds/<output>-<hash>/` in the project: one per output
   * folder and audience, so two builds into different folders never share a file.
   */
  workDir: string;
  /** Where Astro writes this run's site; moved into `outDir` only when the whole build has passed. */
  stagingDir: string;
  /** Files the build's stages write for one another and for the command line. */
  files: {
    /** The build report (sources, problems, totals), also kept for the command line and the tests. */
    report: string;
    /** What must never appear in a public build; read by the leak guard. */
    canaries: string;
    /** The document pages this build writes, for the early search index. */
    pages: string;
    /** The names of the repository files (images) this build's pages show, to copy into the site from `filesDir`. */
    siteFiles: string;
  };
  /** Rendered bodies (see loaders/body-store.ts), beside the content store that refers to them. */
  bodyDir: string;
  /** Compiled MDX of trusted sources, beside the content store whose entries point at it. */
  mdxDir: string;
  /** Images copied from the repositories under content-hashed names, beside the content store; served at `/_files/`. */
  filesDir: string;
  /** What each kind's loader found, for the report loader. */
  reports: KindReports;
  /** The sync of the sources: started once, early (see integration.ts), taken by every loader. */
  sync(log: (message: string) => void): Promise<SiteSync>;
}

/** The working folder of the builds of one output folder and audience. */
export function workDirOf(root: string, outDir: string, audience: Audience): string {
  const hash = createHash('sha256')
    .update(`${path.resolve(outDir)}\0${audience}`)
    .digest('hex')
    .slice(0, 12);
  const name =
    path
      .basename(outDir)
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 40) || 'site';
  return path.join(root, '.cache', 'builds', `${name}-${audience}-${hash}`);
}

export function createBuildContext(
  inputs: BuildInputs,
  sources: SitesConfig,
  startSync: (ctx: BuildContext, log: (m: string) => void) => Promise<SiteSync>,
): BuildContext {
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const workDir = workDirOf(inputs.root, inputs.outDir, inputs.audience);
  let pending: Promise<SiteSync> | undefined;
  const ctx: BuildContext = {
    ...inputs,
    id,
    sources,
    workDir,
    stagingDir: path.join(workDir, `staging-${id}`),
    files: {
      report: path.join(workDir, 'build-report.json'),
      canaries: path.join(workDir, `leak-canaries-${id}.json`),
      pages: path.join(workDir, `document-pages-${id}.json`),
      siteFiles: path.join(workDir, `site-files-${id}.json`),
    },
    bodyDir: path.join(inputs.astroCacheDir, 'knowledge-bodies'),
    mdxDir: path.join(inputs.astroCacheDir, 'knowledge-mdx'),
    filesDir: path.join(inputs.astroCacheDir, 'knowledge-files'),
    reports: new KindReports(),
    sync(log) {
      if (!pending) {
        pending = startSync(ctx, log);
        // A failure is reported by the loader that takes the sync, not as an unhandled rejection.
        pending.catch(() => {});
      }
      return pending;
    },
  };
  return ctx;
}

/** The name our integration goes by in Astro's config, where the loaders find this build's context. */
export const INTEGRATION_NAME = 'knowledge-site';
/** The entry of our integration's hooks that returns the build's context (Astro keeps hooks it does not know). */
export const CONTEXT_HOOK = 'knowledge-site:context';

/**
 * The context of the build a loader runs in. Astro hands each loader the resolved config, whose integrations
 * include ours, whose hooks carry the context.
 */
export function buildContextOf(config: AstroConfig): BuildContext {
  const hooks = config.integrations.find((i) => i.name === INTEGRATION_NAME)?.hooks as
    Record<string, unknown> | undefined;
  const context = hooks?.[CONTEXT_HOOK];
  const ctx = typeof context === 'function' ? (context as () => BuildContext | undefined)() : undefined;
  if (!ctx)
    throw new Error(
      'No build context: the knowledgeSite() integration must be listed in astro.config.ts, and the content synced by `astro build` (or `astro sync`)',
    );
  return ctx;
}
