/**
 * The files of a document's repository that are not documents, as its body refers to them: an image it shows is
 * copied into the site under a content-hashed name (`/_files/<sha256-12>.png`); a link to any other file (a PDF)
 * goes to the file in the source's web view. Both are found as the repository's own docs site would find them:
 * relative to the file, to the page's address on that site, or site-absolute (see lib/site-urls.ts).
 * An image that cannot be found or is refused is shown as its alt text and reported with its line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BodyLink } from '../lib/body-structure.ts';
import { escapeHtml } from '../lib/html.ts';
import { PROBLEMS_PER_DOCUMENT } from '../lib/parse-document.ts';
import type { Problem } from '../lib/problems.ts';
import { fileKeysOf, pageBasesOf, sitePathsOfLink } from '../lib/site-urls.ts';
import { checkUrl } from '../lib/url-policy.ts';
import type { SyncedFile, SyncedSource } from '../sources/sync.ts';

/** Where the copied files are served in the site. */
export const FILES_ROUTE = '/_files/';
/** An image larger than this is not copied. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** A source's images together are copied up to this many bytes; the rest are refused. */
export const MAX_SOURCE_IMAGE_BYTES = 100 * 1024 * 1024;

const IMAGE_TYPES: Record<string, string> = {
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
  gif: 'gif',
  webp: 'webp',
  avif: 'avif',
  svg: 'svg',
};
/** Files a page is rendered from: a link to one that a source builds is a document's, resolved by the site graph. */
const PAGE_FILE = /\.(?:md|mdx|markdown|mdown|mkd|erb|html?)$/i;
const SCHEME = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** The type of an image by its first bytes, or undefined when they are not one of IMAGE_TYPES. */
export function imageTypeOf(bytes: Buffer): string | undefined {
  const at = (offset: number, text: string) => bytes.subarray(offset, offset + text.length).toString('latin1') === text;
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  if (at(4, 'ftypavif') || at(4, 'ftypavis')) return 'avif';
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\ufeff/, '');
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE\s+svg[^>]*>\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

/**
 * Why an SVG is refused, or undefined when it is safe. Opened on its own (not through `<img>`), an SVG runs its
 * scripts on the site's origin, so one that could script, embed HTML or fetch anything is not copied at all.
 */
export function unsafeSvg(text: string): string | undefined {
  // Character references and the tabs and newlines a URL parser drops are read as the browser reads them, so
  // that `jav&#x61;script:` or `java<TAB>script:` is seen; an element is found under any namespace prefix.
  const decoded = text
    .replace(/&#x0*([0-9a-f]{1,6});?/gi, (_, h: string) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
    .replace(/&#0*([0-9]{1,7});?/g, (_, d: string) => String.fromCodePoint(Math.min(parseInt(d, 10), 0x10ffff)))
    .replace(
      /&(?:colon|tab|newline);/gi,
      (e) => ({ '&colon;': ':', '&tab;': '\t', '&newline;': '\n' })[e.toLowerCase()]!,
    );
  const compact = decoded.replace(/[\u0000-\u0020\u007f]+/g, '');
  if (/<(?:[\w.-]+:)?script/i.test(text)) return 'it holds a <script>';
  if (/<(?:[\w.-]+:)?foreignObject/i.test(text)) return 'it holds a <foreignObject>';
  if (/www\.w3\.org\/1999\/xhtml/i.test(compact)) return 'it embeds HTML (the XHTML namespace)';
  if (/<\?xml-stylesheet/i.test(text)) return 'it has a stylesheet processing instruction';
  if (/<!ENTITY/i.test(text)) return 'it declares XML entities';
  if (/[\s"'/]on[a-z]+\s*=/i.test(text)) return 'it has an event handler attribute (on…=)';
  if (/(?:java|vb)script:|data:(?:text\/html|[^"'<>]*xml)/i.test(compact)) return 'it holds a javascript: address';
  if (/(?:href|src)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(decoded)) return 'it refers to an outside address';
  // CSS escapes (`url(\2f\2fx)`) and `image-set("//x")` load an address the patterns above cannot read.
  if (/@import|image-set\(|url\(["']?(?:[a-z][a-z0-9+.-]*:|\/\/|[^)]*\\)/i.test(compact))
    return 'its style loads an outside address';
  return undefined;
}

/** The non-document files of one source's repository, indexed once, and the images copied from them. */
export class RepoFiles {
  private byPath = new Map<string, SyncedFile>();
  private byKey = new Map<string, SyncedFile>();
  private copied = new Map<string, Promise<{ name: string } | { refused: string }>>();
  private bytes = 0;

  readonly source: SyncedSource;
  private read: (file: SyncedFile) => Promise<Buffer>;
  private filesDir: string;
  private documents: Set<string> | undefined;

  /** `documents`: the repository paths every source of this repository builds (see documentPathsByRepo). */
  constructor(
    source: SyncedSource,
    read: (file: SyncedFile) => Promise<Buffer>,
    filesDir: string,
    documents?: Set<string>,
  ) {
    this.source = source;
    this.read = read;
    this.filesDir = filesDir;
    this.documents = documents;
    for (const f of source.others) {
      const repoPath = this.repoPathOf(f);
      this.byPath.set(repoPath, f);
      for (const key of fileKeysOf(repoPath)) if (!this.byKey.has(key)) this.byKey.set(key, f);
    }
  }

  private repoPathOf(f: SyncedFile): string {
    return this.source.repoPrefix ? `${this.source.repoPrefix}/${f.path}` : f.path;
  }

  /** True for a file a source may build as a document (a link to it is the site graph's to resolve). */
  isDocument(f: SyncedFile): boolean {
    return PAGE_FILE.test(f.path) && (!this.documents || this.documents.has(this.repoPathOf(f)));
  }

  /** The file `url` (as written in the document at `repoPath`) names, when it is one of the repository's other files. */
  find(url: string, doc: { repoPath: string; sitePaths?: string[] }): SyncedFile | undefined {
    if (!url || url.startsWith('#') || SCHEME.test(url)) return undefined;
    const clean = url.replace(/[?#].*$/s, '');
    if (!clean) return undefined;
    let decoded = clean;
    try {
      decoded = decodeURIComponent(clean);
    } catch {
      /* keep as written */
    }
    if (!decoded.startsWith('/')) {
      const hit = this.byPath.get(path.posix.normalize(path.posix.join(path.posix.dirname(doc.repoPath), decoded)));
      if (hit) return hit;
    }
    for (const p of sitePathsOfLink(clean, pageBasesOf(doc.repoPath, doc.sitePaths))) {
      const hit = this.byKey.get(p) ?? this.byKey.get(p.replace(/\/+$/, ''));
      if (hit) return hit;
    }
    return undefined;
  }

  /**
   * The file in the source's web view, or undefined when none is known: `<web_url>/blob/<commit>/<path>` (GitHub,
   * Gitea, Forgejo), `/-/blob/` on GitLab, `/src/` on Bitbucket.
   */
  webUrlOf(file: SyncedFile): string | undefined {
    const web = this.source.webUrl?.replace(/\/+$/, '');
    if (!web || !/^https?:\/\//i.test(web)) return undefined;
    const at = this.source.commit ?? this.source.config.ref ?? 'HEAD';
    let host: string;
    try {
      host = new URL(web).hostname;
    } catch {
      return undefined;
    }
    const blob = /gitlab/i.test(host) ? '/-/blob/' : /bitbucket/i.test(host) ? '/src/' : '/blob/';
    const url = `${web}${blob}${encodeURIComponent(at)}/${this.repoPathOf(file).split('/').map(encodeURIComponent).join('/')}`;
    return checkUrl(url).ok ? url : undefined;
  }

  /** Copies an image into the files folder once (by content hash): its name there, or why it was refused. */
  copyImage(file: SyncedFile): Promise<{ name: string } | { refused: string }> {
    let done = this.copied.get(file.path);
    if (!done) {
      done = this.copyOnce(file);
      this.copied.set(file.path, done);
    }
    return done;
  }

  private async copyOnce(file: SyncedFile): Promise<{ name: string } | { refused: string }> {
    const ext = /\.([a-z0-9]+)$/i.exec(file.path)?.[1]?.toLowerCase() ?? '';
    const type = IMAGE_TYPES[ext];
    if (!type) return { refused: `"${ext || 'no extension'}" is not an image type (png, jpg, gif, webp, avif, svg)` };
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    if (file.size > MAX_IMAGE_BYTES)
      return { refused: `it is ${mb(file.size)}, over the limit of ${mb(MAX_IMAGE_BYTES)} per image; make it smaller` };
    if (this.bytes + file.size > MAX_SOURCE_IMAGE_BYTES)
      return { refused: `the source's images are over the limit of ${mb(MAX_SOURCE_IMAGE_BYTES)} together` };
    this.bytes += file.size;
    let bytes: Buffer;
    try {
      bytes = await this.read(file);
    } catch (error) {
      return { refused: `it cannot be read: ${(error as Error).message.split('\n')[0]}` };
    }
    if (bytes.length > MAX_IMAGE_BYTES) return { refused: `it is over the limit of ${mb(MAX_IMAGE_BYTES)} per image` };
    const found = imageTypeOf(bytes);
    if (found !== type)
      return { refused: `its content is ${found ? `a ${found} image` : 'not an image'}, not ${type}` };
    if (type === 'svg') {
      const why = unsafeSvg(bytes.toString('utf8'));
      if (why) return { refused: `an SVG that could run code or load other content: ${why}` };
    }
    const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${type}`;
    const out = path.join(this.filesDir, name);
    // Without a files folder (checking a repository, not building it), nothing is written.
    if (this.filesDir && !existsSync(out)) {
      await mkdir(this.filesDir, { recursive: true });
      const temp = `${out}.${process.pid}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, out);
    }
    return { name };
  }
}

const attributeOf = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decodeHtml(m[1]!) : undefined;
};
const decodeHtml = (s: string) =>
  s.replace(/&(amp|quot|#39|lt|gt);/g, (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[e]!);
const sameUrl = (a: string, b: string) => {
  const norm = (s: string) => {
    try {
      return decodeURI(s);
    } catch {
      return s;
    }
  };
  return norm(a) === norm(b);
};

export interface AttachedFiles {
  html: string;
  /** The body's links without those that went to a file of the repository. */
  links: BodyLink[];
  /** Names of the copied images in the files folder. */
  files: string[];
  problems: Problem[];
}

/** Points a rendered body's images and file links at their copies and web views (see the module's comment). */
export async function attachFiles(
  html: string,
  doc: { repoPath: string; sitePaths?: string[]; links: BodyLink[]; images: BodyLink[] },
  files: RepoFiles | undefined,
  at: { source: string; path: string },
): Promise<AttachedFiles> {
  const problems: Problem[] = [];
  const names = new Set<string>();
  const unused = [...doc.images];
  const lineOf = (src: string) => {
    const i = unused.findIndex((img) => sameUrl(img.url, src));
    return i < 0 ? undefined : unused.splice(i, 1)[0]!.line;
  };
  const tags = [...html.matchAll(/<img\b[^>]*>/g)];
  const replaced = new Map<number, string>();
  for (const m of tags) {
    const tag = m[0];
    const src = attributeOf(tag, 'src') ?? '';
    // A web address stays as the URL policy left it.
    if (/^https?:/i.test(src)) continue;
    const alt = attributeOf(tag, 'alt') ?? '';
    const file = src ? files?.find(src, doc) : undefined;
    const copied = file ? await files!.copyImage(file) : undefined;
    if (copied && 'name' in copied) {
      names.add(copied.name);
      replaced.set(
        m.index,
        tag.replace(/\s(?:src|srcset)="[^"]*"/g, '').replace(/^<img/, `<img src="${FILES_ROUTE}${copied.name}"`),
      );
      continue;
    }
    // Marked as a missing image, so that its alt text does not read as prose.
    replaced.set(
      m.index,
      `<span class="missing-image" title="This image is missing">${escapeHtml(alt || 'image missing')}</span>`,
    );
    const shown = src.length > 80 ? `${src.slice(0, 80)}…` : src;
    problems.push({
      ...at,
      severity: 'warning',
      code: 'missing-image',
      line: lineOf(src),
      message: !src
        ? `an image without a usable source (expected a repository file or an http(s) address, found none); its alt text "${alt.slice(0, 60)}" is shown instead`
        : copied && 'refused' in copied
          ? `the image "${shown}" is not copied: ${copied.refused}; its alt text is shown instead`
          : `the image "${shown}" is not in the repository (looked relative to the file and to its page's address on the repository's own site); its alt text is shown instead: correct the path or add the file`,
    });
  }
  if (problems.length > PROBLEMS_PER_DOCUMENT) {
    const more = problems.length - PROBLEMS_PER_DOCUMENT;
    problems.splice(PROBLEMS_PER_DOCUMENT, more, {
      ...at,
      severity: 'warning',
      code: 'more-problems',
      message: `${more.toLocaleString('en-US')} more image${more === 1 ? '' : 's'} not found or refused in this file, not listed: fix the ones above and build again`,
    });
  }
  let out = html;
  if (replaced.size) {
    let rebuilt = '';
    let last = 0;
    for (const m of tags) {
      const r = replaced.get(m.index);
      if (r === undefined) continue;
      rebuilt += out.slice(last, m.index) + r;
      last = m.index + m[0].length;
    }
    out = rebuilt + out.slice(last);
  }
  // Links to a file that is not a document go to its web view; without one they stay for the site graph to report.
  const fileLink = (url: string) => {
    const f = files?.find(url, doc);
    return f && !files!.isDocument(f) ? files!.webUrlOf(f) : undefined;
  };
  out = out.replace(/<a\b([^>]*?)\shref="([^"]*)"([^>]*)>/g, (whole, before: string, href: string, after: string) => {
    const url = decodeHtml(href);
    const target = fileLink(url);
    if (!target) return whole;
    const hash = url.includes('#') ? url.slice(url.indexOf('#')) : '';
    return `<a${before} href="${escapeHtml(target + hash)}" rel="noopener noreferrer"${after.replace(/\srel="[^"]*"/, '')}>`;
  });
  return { html: out, links: doc.links.filter((l) => !fileLink(l.url)), files: [...names], problems };
}

/**
 * What `attachFiles` finds, without a rendered body (the command-line check of a repository): the images that are
 * missing or refused, and the links left for the site graph (a link to a file of the repository is fine, with a
 * web view or not). `files` is made without a files folder.
 */
export async function checkFiles(
  doc: { repoPath: string; sitePaths?: string[]; links: BodyLink[]; images: BodyLink[] },
  files: RepoFiles,
  at: { source: string; path: string },
): Promise<{ links: BodyLink[]; problems: Problem[] }> {
  const html = doc.images.map((i) => `<img src="${escapeHtml(i.url)}" alt="${escapeHtml(i.text)}">`).join('');
  const { problems } = await attachFiles(html, doc, files, at);
  const links = doc.links.filter((l) => {
    const f = files.find(l.url, doc);
    return !f || files.isDocument(f);
  });
  return { links, problems };
}

/** The repository paths each repository's sources build, by repository: what a link to a Markdown file may be. */
export function documentPathsByRepo(sources: SyncedSource[]): Map<string, Set<string>> {
  const byRepo = new Map<string, Set<string>>();
  for (const s of sources) {
    const set = byRepo.get(s.repoKey) ?? new Set<string>();
    for (const f of s.files) set.add(s.repoPrefix ? `${s.repoPrefix}/${f.path}` : f.path);
    byRepo.set(s.repoKey, set);
  }
  return byRepo;
}

const othersDigests = new WeakMap<SyncedSource, string>();

/**
 * A digest of what a source's documents can show of its other files, for the digest of each: which files that are
 * not documents exist, and the content of each image. A document whose image changed, appeared or vanished is
 * rendered again; a change to another source's documents or to a file's content that is not an image is not a
 * change. Made once per source and build.
 */
export function othersDigest(source: SyncedSource, documents?: Set<string>): string {
  let digest = othersDigests.get(source);
  if (digest === undefined) {
    const hash = createHash('sha256');
    for (const f of source.others) {
      const repoPath = source.repoPrefix ? `${source.repoPrefix}/${f.path}` : f.path;
      if (PAGE_FILE.test(f.path) && (!documents || documents.has(repoPath))) continue;
      const image = IMAGE_TYPES[/\.([a-z0-9]+)$/i.exec(f.path)?.[1]?.toLowerCase() ?? ''] !== undefined;
      hash.update(image ? `${f.path}\0${f.blob}\0${f.size}\n` : `${f.path}\n`);
    }
    digest = hash.digest('base64url');
    othersDigests.set(source, digest);
  }
  return digest;
}

/** The names the files folder may hold: what `copyImage` writes. */
export const FILE_NAME = /^[0-9a-f]{12}\.(?:png|jpg|gif|webp|avif|svg)$/;

/** Deletes the files of the files folder that no document of this build shows (a replayed one finds it gone and copies again). */
export function pruneFiles(filesDir: string, keep: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(filesDir);
  } catch {
    return;
  }
  for (const name of names) if (!keep.has(name)) rmSync(path.join(filesDir, name), { force: true });
}

/** Copies the files this build's pages show into the site's `/_files/`; returns how many. */
export async function copySiteFiles(filesDir: string, names: string[], siteDir: string): Promise<number> {
  const out = path.join(siteDir, FILES_ROUTE);
  await mkdir(out, { recursive: true });
  let copied = 0;
  for (const name of names) {
    if (!FILE_NAME.test(name)) continue;
    const to = path.join(out, name);
    // Named by its content: one already there (linked from the last output) is the same file.
    if (existsSync(to)) continue;
    try {
      await copyFile(path.join(filesDir, name), to);
    } catch (error) {
      // Only another build sharing this cache folder deletes its files; the next build copies them again.
      throw new Error(
        `the image ${name} cannot be copied from ${filesDir} (${(error as Error).message}); give each build its own KNOWLEDGE_ASTRO_CACHE and build again`,
      );
    }
    copied++;
  }
  return copied;
}
