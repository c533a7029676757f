/**
 * The search index of a cold build, made while the pages render. Rendering runs on one core; Pagefind runs in a
 * process of its own. So instead of waiting for the last page and then reading every page back from disk, each
 * document page goes to Pagefind as it is rendered (stream-middleware.ts), into its source's shard, and a shard's
 * index is written as soon as every page of its sources has been seen (document pages render in the order of
 * their sources: see [slug].astro). Pages of a source cut into pieces wait for the source's last page, which
 * decides the pieces.
 *
 * Nothing here is trusted blindly: at the end of the build, build-index.ts takes a shard made here only when its
 * digest equals that of the same shard's pages on disk (same paths, same bytes); any other shard is indexed from
 * disk as usual. Streaming is for cold builds only: an incremental build reuses pages it does not render, so it
 * would never see them.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { PageSink } from './stream-sink.ts';
import { inPieceOrder, pageDigest, shardDigest, shardFolder, shardLayout, sourceOfPage, type Piece, type StreamedShards } from './build-index.ts';

interface StreamedPage {
  file: string;
  source: string;
  html: string;
}

/** A shard being indexed: its Pagefind index, the adds under way, and the digests of the pages it has. */
interface OpenShard {
  index: Promise<pagefind.PagefindIndex>;
  adds: Array<Promise<unknown>>;
  digests: string[];
  failed?: string;
}

/** The page file a path is written to (`/postmortems/pm-1/` → `postmortems/pm-1/index.html`). */
export function fileOfPathname(pathname: string): string {
  const parts = decodeURIComponent(pathname).split('/').filter(Boolean);
  return pathname.endsWith('/') || parts.length === 0 ? path.join(...parts, 'index.html') : path.join(...parts);
}

export class SearchStream implements PageSink {
  private readonly countsOf: () => Map<string, number>;
  private readonly pagesPerShard: number;
  private readonly stagingDir: string;
  private counts: Map<string, number> | undefined;
  private layout: Piece[][] | undefined;
  /** For a source that is one whole piece: its shard, so that its pages go to Pagefind as they come. */
  private shardOfSource = new Map<string, number>();
  /** Pages seen, by source; the pages themselves are kept only for sources cut into pieces (known at their end). */
  private readonly seen = new Map<string, number>();
  private readonly held = new Map<string, StreamedPage[]>();
  private readonly open = new Map<number, OpenShard>();
  private readonly finished = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  private broken: string | undefined;
  private readonly errors: string[] = [];
  readonly shards: StreamedShards = new Map();

  /**
   * @param countsOf how many document pages each source has (from the build report, written before any page
   *   renders), asked when the first page arrives
   * @param pagesPerShard the shard size of build-index.ts
   * @param stagingDir where shard indexes are written until the build's end checks them
   */
  constructor(countsOf: () => Map<string, number>, pagesPerShard: number, stagingDir: string) {
    this.countsOf = countsOf;
    this.pagesPerShard = pagesPerShard;
    this.stagingDir = stagingDir;
  }

  /** A rendered document page. */
  add(pathname: string, html: string): void {
    if (this.broken) return;
    if (!this.layout) {
      try {
        this.counts = this.countsOf();
      } catch (error) {
        this.stop(`no page counts: ${(error as Error).message}`);
        return;
      }
      this.layout = shardLayout(this.counts, this.pagesPerShard);
      this.layout.forEach((pieces, i) => {
        for (const p of pieces) if (p.from === 0 && p.to === this.counts!.get(p.source)) this.shardOfSource.set(p.source, i);
      });
    }
    const source = sourceOfPage(html);
    const file = fileOfPathname(pathname);
    const n = (this.seen.get(source) ?? 0) + 1;
    this.seen.set(source, n);
    const expected = this.counts!.get(source);
    if (expected === undefined || n > expected) {
      // The report does not match the pages: stop here; the end of the build indexes from disk.
      this.stop(`a page of source "${source}" that the build report does not count (${pathname})`);
      return;
    }
    const shard = this.shardOfSource.get(source);
    if (shard !== undefined) this.addTo(shard, file, html);
    else this.held.set(source, [...(this.held.get(source) ?? []), { file, source, html }]);
    if (n === expected) this.completeShards();
  }

  private stop(reason: string): void {
    this.broken = reason;
    this.held.clear();
  }

  private addTo(i: number, file: string, html: string): void {
    let shard = this.open.get(i);
    if (!shard) {
      const index = pagefind.createIndex({ forceLanguage: 'en' }).then((created) => {
        if (created.errors.length) throw new Error(created.errors.join('; '));
        return created.index!;
      });
      shard = { index, adds: [], digests: [] };
      this.open.set(i, shard);
    }
    const open = shard;
    open.digests.push(pageDigest(file, html));
    open.adds.push(open.index
      .then((index) => index.addHTMLFile({ sourcePath: file.split(path.sep).join('/'), content: html }))
      .then((added) => { if (added.errors.length) open.failed ??= added.errors.join('; '); })
      .catch((error) => { open.failed ??= String((error as Error).message ?? error); }));
  }

  /** Shards whose sources have all their pages: the held pages of cut sources go in, and the index is written. */
  private completeShards(): void {
    const complete = (source: string) => this.seen.get(source) === this.counts!.get(source);
    this.layout!.forEach((pieces, i) => {
      if (this.finished.has(i) || !pieces.every((p) => complete(p.source))) return;
      this.finished.add(i);
      for (const piece of pieces) {
        if (this.shardOfSource.has(piece.source)) continue;
        for (const page of inPieceOrder(this.held.get(piece.source) ?? []).slice(piece.from, piece.to)) this.addTo(i, page.file, page.html);
      }
      // Written one shard at a time, in the order they complete.
      this.queue = this.queue.then(() => this.writeShard(i)).catch((error) => { this.errors.push(`shard ${i}: ${(error as Error).message ?? error}`); });
      for (const source of [...this.held.keys()]) {
        if (this.layout!.every((ps, k) => this.finished.has(k) || !ps.some((p) => p.source === source))) this.held.delete(source);
      }
    });
  }

  private async writeShard(i: number): Promise<void> {
    const shard = this.open.get(i);
    if (!shard) return;
    this.open.delete(i);
    const index = await shard.index;
    try {
      await Promise.all(shard.adds);
      if (shard.failed) throw new Error(shard.failed);
      const folder = path.join(this.stagingDir, shardFolder(i));
      await rm(folder, { recursive: true, force: true });
      const written = await index.writeFiles({ outputPath: folder });
      if (written.errors.length) throw new Error(written.errors.join('; '));
      this.shards.set(i, { digest: shardDigest(this.layout!.length, i, shard.digests), folder });
    } finally {
      await index.deleteIndex();
    }
  }

  /** Waits for the shards under way. Returns what was indexed, and why the rest was not. */
  async finish(): Promise<{ shards: StreamedShards; notes: string[] }> {
    await this.queue;
    // Shards that never had all their pages: let go of their indexes.
    for (const [, shard] of this.open) await shard.index.then((index) => index.deleteIndex()).catch(() => undefined);
    this.open.clear();
    const notes = [...this.errors];
    if (this.broken) notes.push(`stopped: ${this.broken}`);
    const total = this.layout?.length ?? 0;
    if (!this.broken && this.finished.size < total) notes.push(`${total - this.finished.size} shard(s) never had all their pages`);
    // Pages the counts did not know: the layout itself may be wrong, so nothing streamed is offered.
    return { shards: this.broken ? new Map() : this.shards, notes };
  }

  async discard(): Promise<void> {
    await rm(this.stagingDir, { recursive: true, force: true });
  }
}
