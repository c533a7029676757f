/**
 * Finds and reads the metadata beside generically named documents (`exercises/bowling/metadata.toml` for
 * `exercises/bowling/description.md`), for their titles and for their digests: editing the metadata rebuilds them.
 */
import {
  folderNameTitle,
  MAX_METADATA_BYTES,
  metadataPathsFor,
  metadataSource,
  qualifiedTitle,
  titleFromMetadata,
  type FolderTitle,
  type MetadataTitle,
} from '../lib/folder-title.ts';
import type { Problem } from '../lib/problems.ts';
import { blobId, type SyncedFile, type SyncedSource } from '../sources/sync.ts';

type Read = (file: SyncedFile) => Promise<Buffer>;

const documentsOf = new WeakMap<SyncedSource, Set<SyncedFile>>();

/** True for a file `source` builds as a document. */
export function isDocumentOf(source: SyncedSource, f: SyncedFile): boolean {
  let set = documentsOf.get(source);
  if (!set) documentsOf.set(source, (set = new Set(source.files)));
  return set.has(f);
}

/** Every file of a source by path, documents and others, to look metadata up in. */
export function filesByPath(source: SyncedSource): Map<string, SyncedFile> {
  return new Map([...source.others, ...source.files].map((f) => [f.path, f]));
}

/** The metadata files that exist for `docPath`, best first (none for a file that is not generically named). */
export function metadataOf(docPath: string, byPath: Map<string, SyncedFile>): SyncedFile[] {
  return metadataPathsFor(docPath).flatMap((p) => byPath.get(p) ?? []);
}

/** What identifies the metadata's content, for a document's digest: blob ids, read from disk for a plain folder. */
export async function metadataDigest(metas: SyncedFile[], read: Read): Promise<string[]> {
  return Promise.all(
    metas.map(async (m) => {
      if (m.blob || m.size > MAX_METADATA_BYTES) return `${m.path}@${m.blob || `size ${m.size}`}`;
      try {
        return `${m.path}@${blobId(await read(m))}`;
      } catch {
        return `${m.path}@unreadable`;
      }
    }),
  );
}

/** The title a generically named document takes when its heading is generic too; problems name the metadata file. */
export async function folderTitleOf(
  source: string,
  docPath: string,
  metas: SyncedFile[],
  read: Read,
  /** Metadata read in this build, by path: one file beside many documents is read and parsed once. */
  memo: Map<string, Promise<MetadataTitle>> = new Map(),
  /**
   * A public build: an internal folder index gives no title (see titleFromMetadata). The source's default
   * visibility counts only for an index this source builds (`ownDocument`): another source's may be internal.
   */
  audience: { publicOnly?: boolean; defaultVisibility?: unknown; ownDocument?: (f: SyncedFile) => boolean } = {},
): Promise<{ folderTitle?: FolderTitle; problems: Problem[] }> {
  const problems: Problem[] = [];
  for (const meta of metas) {
    const ignored = (reason: string) =>
      problems.push({
        source,
        path: meta.path,
        severity: 'warning',
        code: 'metadata',
        message: `ignored as a title for ${docPath}: ${reason}; keep the metadata file under ${MAX_METADATA_BYTES / 1024} KB, valid and flat, or give the document a \`title:\``,
      });
    if (meta.size > MAX_METADATA_BYTES) {
      ignored(`it is ${meta.size.toLocaleString('en-US')} bytes, over the ${MAX_METADATA_BYTES / 1024} KB read`);
      continue;
    }
    if (!memo.has(meta.path))
      memo.set(
        meta.path,
        read(meta).then(
          (bytes) =>
            titleFromMetadata(meta.path, bytes, {
              publicOnly: audience.publicOnly,
              defaultVisibility: audience.ownDocument?.(meta) ? audience.defaultVisibility : undefined,
            }),
          (error: Error) => ({ ok: false, reason: `it cannot be read: ${error.message}` }),
        ),
      );
    const found = await memo.get(meta.path)!;
    if (!found.ok) ignored(found.reason);
    else if (found.title)
      return {
        folderTitle: { title: qualifiedTitle(docPath, found.title), from: metadataSource(docPath, meta.path) },
        problems,
      };
  }
  return { folderTitle: folderNameTitle(docPath), problems };
}
