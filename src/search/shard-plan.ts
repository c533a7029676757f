/**
 * Which document pages go into which search shard, and the glob that hands exactly those pages to Pagefind.
 *
 * Pagefind reads a folder in parallel, and a glob of a few patterns costs it little; a glob listing thousands of
 * files costs it much (at 50,000 pages, 114 s), and linking each page into a folder of its own costs two slow
 * file-system calls a page (about 6 s at 10,000 pages on a small CI machine). So shards are cut along the site's
 * folders: the pages of one folder (`postmortems/`) are split by the leading characters of their names
 * (`postmortems/2019-*`, `postmortems/2020-*`…), as finely as needed for each piece to fit a shard, and pieces fill
 * shards in order. Each shard is then one glob of a few patterns that match its pages and no other document page.
 *
 * A page whose path is not `<folders>/<name>/index.html` in plain characters (letters, digits, `.`, `_`, `-`)
 * cannot be named safely by a glob: such pages are put in shards of their own, without a glob, and linked into
 * a folder for Pagefind (see build-index.ts).
 */

/** One shard: its document pages (site-relative paths with `/`) and the glob that matches them, if there is one. */
export interface ShardPlan {
  files: string[];
  /** Matches every file of `files` and no other document page (other pages it matches are not indexed). */
  glob?: string;
}

/** The search page merges every shard on its first search: their number stays small, their size grows instead. */
export const MAX_SHARDS = 16;

const PLAIN_PAGE = /^((?:[A-Za-z0-9._-]+\/)*)([A-Za-z0-9._-]+)\/index\.html$/;

interface Piece {
  files: string[];
  pattern: string;
}

/** Splits the page names of one folder by their leading characters until each piece fits in `size`. */
function splitFolder(folder: string, names: string[], prefix: string, size: number, out: Piece[]): void {
  if (names.length <= size) {
    out.push({ files: names.map((n) => `${folder}${n}/index.html`), pattern: `${folder}${prefix}*/index.html` });
    return;
  }
  // A name that is the prefix itself is matched exactly, so that `prefix*` patterns of the longer names stay apart.
  const byNext = Map.groupBy(names, (name) => name.slice(0, prefix.length + 1));
  const exact = byNext.get(prefix);
  byNext.delete(prefix);
  for (const name of exact ?? [])
    out.push({ files: [`${folder}${name}/index.html`], pattern: `${folder}${name}/index.html` });
  for (const key of [...byNext.keys()].sort()) splitFolder(folder, byNext.get(key)!, key, size, out);
}

function pack(pieces: Piece[], size: number): ShardPlan[] {
  const shards: ShardPlan[] = [];
  let files: string[] = [];
  let patterns: string[] = [];
  const close = () => {
    shards.push({ files, glob: patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}` });
    files = [];
    patterns = [];
  };
  for (const piece of pieces) {
    if (files.length && files.length + piece.files.length > size) close();
    for (const f of piece.files) files.push(f);
    patterns.push(piece.pattern);
  }
  if (files.length) close();
  return shards;
}

/**
 * Plans the shards of a site's document pages (paths relative to the site, with `/`). Deterministic: the same
 * pages give the same shards, whatever their order. At most MAX_SHARDS shards: they grow past `pagesPerShard`
 * when there are more pages.
 */
export function planShards(files: string[], pagesPerShard: number): ShardPlan[] {
  const parsed = files.map((file) => ({ file, m: PLAIN_PAGE.exec(file) }));
  const other = parsed
    .filter((p) => !p.m)
    .map((p) => p.file)
    .sort();
  // Folder → its page names, both sorted, so that the plan does not depend on the order of `files`.
  const folders = [
    ...Map.groupBy(
      parsed.filter((p) => p.m),
      (p) => p.m![1]!,
    ),
  ]
    .map(([folder, pages]) => [folder, pages.map((p) => p.m![2]!).sort()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (let size = Math.max(pagesPerShard, Math.ceil(files.length / MAX_SHARDS)); ; size = Math.ceil(size * 1.25)) {
    // Pieces of at most an eighth of a shard: shards fill to at least seven eighths, so there are few of them.
    const pieces: Piece[] = [];
    for (const [folder, names] of folders) splitFolder(folder, names, '', Math.ceil(size / 8), pieces);
    const shards = pack(pieces, size);
    for (let i = 0; i < other.length; i += size) shards.push({ files: other.slice(i, i + size) });
    if (!shards.length) shards.push({ files: [] });
    if (shards.length <= MAX_SHARDS) return shards;
  }
}
