/**
 * Reads and validates the sources file (`content/sources.yaml`, or the file named by KNOWLEDGE_SOURCES).
 * An invalid file stops the build with a message naming the file, the source, the key and what is allowed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'astro/zod';
import { enumValues, itemFieldsOf, shapeOf } from '../lib/field-mapping.ts';
import { checkUrl } from '../lib/url-policy.ts';
import { BASE_PATTERN } from '../lib/base-path.ts';
import { kindInfo, kinds, kindSchemas, type Kind } from '../schemas/index.ts';
import { repoCacheName } from './git-sync.ts';
import { redactText, redactUrl, SCP_LIKE } from './redact-url.ts';

/** An absolute http(s) URL, or a template of one whose `{placeholders}` are filled in when it is used. */
const httpUrl = (example: string) =>
  z.string().superRefine((value, ctx) => {
    let ok = checkUrl(value).ok && !/[\u0000-\u0020\u007f]/.test(value);
    try {
      ok &&= /^https?:$/.test(new URL(value.replace(/\{[a-z]+\}/g, 'x')).protocol);
    } catch {
      ok = false;
    }
    const shown = JSON.stringify(redactText(value.length > 80 ? `${value.slice(0, 80)}…` : value));
    if (!ok || /["'<>\\^`|]/.test(value))
      ctx.addIssue({ code: 'custom', message: `expected an http(s) URL such as ${example}, found ${shown}` });
    // Readers see this URL on every page: a user name, password or token in it would be published.
    else if (redactText(value) !== value)
      ctx.addIssue({
        code: 'custom',
        message: `a URL shown to readers must not carry credentials (a user name and password, or a token parameter), found ${shown}; remove them`,
      });
  });
const ticketTemplate = () =>
  httpUrl('"https://tracker.example.org/browse/{ticket}"').pipe(
    z.string().includes('{ticket}', { message: 'must contain {ticket}' }),
  );

/** One entry of `sources:`. */
const sourceSchema = z
  .object({
    /** Unique name: lowercase letters, digits and `-`. Shown on pages and used to prefix colliding slugs. */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and "-" ([a-z0-9-]), e.g. "incident-reviews"'),
    /** A git URL (https, ssh, file://), a local path to a git repository or bundle, or a plain folder. */
    repo: z.string().min(1),
    /** Branch, tag or commit; default: the remote's default branch. */
    ref: z.string().min(1).optional(),
    /** Globs inside the repository; default `["**\/*.md"]`. */
    include: z.array(z.string().min(1)).min(1).default(['**/*.md']),
    /** Globs to leave out. */
    exclude: z.array(z.string().min(1)).default([]),
    /** Which kind of document the files are. */
    kind: z.enum(kinds),
    /** `markdown` (default) or `mdx`: MDX runs code at build time, so only trusted sources may use it. */
    trust: z.enum(['markdown', 'mdx']).default('markdown'),
    /** Frontmatter defaults for every document of this source. */
    defaults: z.record(z.string(), z.unknown()).default({}),
    /**
     * How a standard's body list items are read as requirements when its frontmatter lists none: `upper-case`
     * (default: MUST, SHOULD, MAY as RFC 2119 writes them) or `any-case`, for repositories that write "You must …".
     */
    requirements: z.enum(['upper-case', 'any-case']).default('upper-case'),
    /** `strip` (default): other tools' template tags are taken out; `keep`: `{{ }}`, `{% %}`, `<% %>` are the text. */
    templates: z.enum(['strip', 'keep']).default('strip'),
    /** Edit link template with `{ref}` (the commit) and `{path}`. */
    edit_url: httpUrl('"https://git.example.org/team/repo/-/edit/{ref}/{path}"').optional(),
    /** Web view of the repository, shown in the provenance footer; defaults to `repo` when that is http(s). */
    web_url: httpUrl('"https://git.example.org/team/repo"').optional(),
    /** Link for ticket keys of action items, with `{ticket}` (`https://jira.example.org/browse/{ticket}`); overrides the site's. */
    ticket_url: ticketTemplate().optional(),
    /** The source's own names for fields: our field → the key its files use (`{ started: start_time }`). */
    fields: z.record(z.string(), z.string().min(1)).default({}),
    /** Values read as others, per field (`{ status: { Accepted: adopted } }`); `action_items.status` for list items. */
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .strict()
  .superRefine((source, ctx) => checkMapping(source.kind, source.fields, source.values, ctx));

/** `fields:` and `values:` name fields of the source's kind, and map to values that field allows. */
function checkMapping(
  kind: Kind,
  fields: Record<string, string>,
  values: Record<string, Record<string, string>>,
  ctx: z.RefinementCtx,
): void {
  const shape = shapeOf(kindSchemas[kind]) ?? {};
  const label = kindInfo[kind].label.toLowerCase();
  const known = Object.keys(shape).filter((f) => f !== 'timeline');
  const list = (xs: readonly string[]) => xs.join(', ');
  for (const [field, key] of Object.entries(fields)) {
    if (!Object.hasOwn(shape, field))
      ctx.addIssue({
        code: 'custom',
        path: ['fields', field],
        message: `"${field}" is not a field of a ${label}; the keys of \`fields:\` are ours (one of ${list(known)}), the values the files' own names, e.g. \`fields: { ${known.includes('started') ? 'started' : 'title'}: ${key} }\``,
      });
  }
  for (const [field, map] of Object.entries(values)) {
    const [top, item] = field.split('.', 2) as [string, string | undefined];
    let schema: z.ZodType | undefined = Object.hasOwn(shape, top) ? shape[top] : undefined;
    if (schema && item !== undefined) {
      const items = itemFieldsOf(schema);
      schema = items && Object.hasOwn(items, item) ? items[item] : undefined;
    }
    if (!schema) {
      ctx.addIssue({
        code: 'custom',
        path: ['values', field],
        message: `"${field}" is not a field of a ${label} (one of ${list(known)})`,
      });
      continue;
    }
    const allowed = enumValues(schema);
    if (!allowed) continue;
    for (const [from, to] of Object.entries(map))
      if (!allowed.includes(to))
        ctx.addIssue({
          code: 'custom',
          path: ['values', field, from],
          message: `expected one of ${list(allowed)}, found "${to}"`,
        });
  }
}

const fileSchema = z
  .object({
    site: z
      .object({
        /** Shown in the header. */
        title: z.string().min(1).default('Engineering knowledge'),
        /** Public URL of the site, for canonical links and feeds. */
        url: httpUrl('"https://engineering.example.org"').optional(),
        /**
         * The path the site is served under, starting and ending with `/`: `/` (default) at a domain's root,
         * `/handbook/` for a project page (GitHub or GitLab Pages serve a repository's site under `/<repo>/`).
         * Every link, feed, sitemap entry and search result carries it; `url` stays the host's address.
         */
        base: z
          .string()
          .superRefine((base, ctx) => {
            if (!BASE_PATTERN.test(base) || base.split('/').some((part) => part === '.' || part === '..'))
              ctx.addIssue({
                code: 'custom',
                message: `expected a path that starts and ends with "/", of letters, digits and ".-_~" between the slashes, such as "/handbook/" ("/" for the domain's root), found ${JSON.stringify(base.length > 80 ? `${base.slice(0, 80)}…` : base)}`,
              });
          })
          .default('/'),
        /** One line under the title on the home page. */
        description: z.string().optional(),
        /** Link for ticket keys of action items, with `{ticket}`; a source's own `ticket_url` wins. */
        ticket_url: ticketTemplate().optional(),
      })
      .strict()
      .default({ title: 'Engineering knowledge', base: '/' }),
    /** Where synced repositories are kept; default `.cache/sources` under the project. */
    cache_dir: z.string().optional(),
    /** Files larger than this are skipped with a warning. */
    max_file_bytes: z
      .number()
      .int()
      .positive()
      .default(2 * 1024 * 1024),
    sources: z.array(sourceSchema).min(1, 'list at least one source'),
  })
  .strict();

export type SourceConfig = z.infer<typeof sourceSchema> & {
  /** `git` when `repo` is cloned; `folder` when it is read in place. */
  type: 'git' | 'folder';
  /** For git: the URL or absolute path handed to git. For folders: the absolute folder. */
  location: string;
};
export type SitesConfig = Omit<z.infer<typeof fileSchema>, 'sources'> & {
  file: string;
  sources: SourceConfig[];
  cacheDir: string;
};

export class SourcesConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourcesConfigError';
  }
}

/**
 * Git URLs and scp-like `[user[:password]@]host:path` go to git (as git itself reads them: a `:` before any `/`);
 * anything else is a path relative to the sources file. Messages never repeat a credential.
 */
export function classifyRepo(
  repo: string,
  baseDir: string,
  cacheDir?: string,
): { type: 'git' | 'folder'; location: string } {
  if (repo.startsWith('-')) {
    throw new SourcesConfigError(`repo "${redactText(repo)}" starts with "-", which git would read as an option`);
  }
  if (/^ext::/i.test(repo) || /^[a-z0-9+.-]+::/i.test(repo)) {
    throw new SourcesConfigError(
      `repo "${redactText(repo)}" uses a git remote helper transport ("…::"), which can run commands; use https, ssh or file://`,
    );
  }
  if (/^(https?|ssh|git|file|git\+ssh|ssh\+git):\/\//i.test(repo)) {
    return { type: 'git', location: repo };
  }
  // With a user it is an address whatever exists on disk; a bare `host:path` only when no such folder exists.
  const scp = SCP_LIKE.exec(repo);
  if (scp && (scp[1] !== undefined || !existsSync(path.resolve(baseDir, repo)))) {
    return { type: 'git', location: repo };
  }
  const abs = path.resolve(baseDir, repo);
  // The type comes from the configuration and the cache, not from what is on disk right now: a repository or bundle
  // that was moved away must still be read as one, so that the build falls back to its cached clone.
  if (/\.bundle$/i.test(abs)) return { type: 'git', location: abs };
  if (cacheDir && cachedAsGit(abs, cacheDir)) return { type: 'git', location: abs };
  // Nothing there and nothing cached: the sync reports it for this source (see syncSources), the others go on.
  if (!existsSync(abs)) return { type: 'folder', location: abs };
  if (statSync(abs).isFile()) return { type: 'git', location: abs }; // a git bundle
  if (existsSync(path.join(abs, '.git'))) return { type: 'git', location: abs };
  // A bare repository, unless it sits in a checkout: there a pull request could have committed HEAD and objects/
  // to have another repository read (and its config used) in place of the files it changed.
  if (existsSync(path.join(abs, 'HEAD')) && existsSync(path.join(abs, 'objects')) && !insideCheckout(abs)) {
    return { type: 'git', location: abs };
  }
  return { type: 'folder', location: abs };
}

/** True when an earlier sync cloned `abs` into the cache: its state file names it as the remote. */
function cachedAsGit(abs: string, cacheDir: string): boolean {
  try {
    const state = JSON.parse(readFileSync(path.join(cacheDir, `${repoCacheName(abs)}.json`), 'utf8')) as {
      url?: unknown;
    };
    return state.url === redactUrl(abs);
  } catch {
    return false;
  }
}

function insideCheckout(folder: string): boolean {
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

function describeIssue(file: string, raw: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  const p = issue.path;
  let where = '';
  let keyPath = p.map(String).join('.');
  if (p[0] === 'sources' && typeof p[1] === 'number') {
    const src = (raw.sources as Array<Record<string, unknown>> | undefined)?.[p[1]];
    const name = typeof src?.name === 'string' ? `"${src.name}"` : `#${p[1] + 1}`;
    where = ` source ${name}:`;
    keyPath = p.slice(2).map(String).join('.');
  }
  let what = issue.message;
  if (issue.code === 'unrecognized_keys') {
    what = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  } else if (issue.code === 'invalid_value' && 'values' in issue) {
    const found = p.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      raw,
    );
    what = `expected one of ${issue.values.map(String).join(', ')}, found ${JSON.stringify(found)}`;
  }
  return `${file}:${where} ${keyPath ? `${keyPath}: ` : ''}${what}`;
}

/** Reads the sources file; throws SourcesConfigError with every problem listed. */
export function loadSourcesConfig(file: string, projectRoot = process.cwd()): SitesConfig {
  const abs = path.resolve(projectRoot, file);
  if (!existsSync(abs)) {
    throw new SourcesConfigError(`${file}: the sources file does not exist (set KNOWLEDGE_SOURCES to its path)`);
  }
  let raw: unknown;
  try {
    raw = yaml.load(readFileSync(abs, 'utf8'), { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    const e = error as yaml.YAMLException;
    throw new SourcesConfigError(`${file}:${(e.mark?.line ?? 0) + 1}: not valid YAML: ${e.reason ?? e.message}`);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => describeIssue(file, (raw ?? {}) as Record<string, unknown>, i));
    throw new SourcesConfigError(`Invalid sources file ${file}:\n  ${lines.join('\n  ')}`);
  }
  const baseDir = path.dirname(abs);
  const cacheDir = path.resolve(
    projectRoot,
    process.env.KNOWLEDGE_CACHE_DIR || parsed.data.cache_dir || '.cache/sources',
  );
  const seen = new Set<string>();
  const sources: SourceConfig[] = [];
  const problems: string[] = [];
  for (const s of parsed.data.sources) {
    if (seen.has(s.name)) problems.push(`${file}: source "${s.name}": name: used twice; names must be unique`);
    seen.add(s.name);
    for (const glob of [...s.include, ...s.exclude]) {
      if (path.isAbsolute(glob) || glob.split('/').includes('..')) {
        problems.push(
          `${file}: source "${s.name}": include/exclude: "${glob}" leaves the repository; globs are relative to its root and cannot contain ".."`,
        );
      }
    }
    try {
      sources.push({ ...s, ...classifyRepo(s.repo, baseDir, cacheDir) });
    } catch (error) {
      problems.push(`${file}: source "${s.name}": repo: ${(error as Error).message}`);
    }
  }
  if (problems.length) throw new SourcesConfigError(`Invalid sources file ${file}:\n  ${problems.join('\n  ')}`);
  return { ...parsed.data, file: abs, sources, cacheDir };
}
