/**
 * Rendered bodies live in files beside Astro's content store, not in the store itself. At 10,000 documents the
 * store is a single JavaScript module that every build compiles and parses whole (seconds, and hundreds of MB of
 * heap, more when one character is outside Latin-1); bodies kept out of it are read only for the pages that are
 * rendered, and never for pages reused from the previous build.
 *
 * They are packed, not kept one file per body: a file per body cost every cold build thousands of files created
 * and opened again (10,000 at 10,000 documents), and creating files is among the slowest things a build does on
 * a small CI machine. Each build appends the bodies it rendered to one new pack per kind
 * (`knowledge-bodies/<kind>/<n>.pack`); `index.json` beside it maps each entry digest to its pack, offset and
 * length, and is replaced (written whole, then renamed) only once the pack is complete. A pack without an index
 * entry is never read; an index entry whose pack is gone counts as a missing body, so the loader parses that
 * document again. Pruning forgets the bodies the store no longer holds, deletes packs left with none, and
 * rewrites the live bodies into one pack when less than half of the packs' bytes are still used or when there
 * are more than 16 packs.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { Kind } from '../schemas/index.ts';

/** The folder of one kind's bodies: `<root>/<kind>/`, root being `knowledge-bodies/` in Astro's cache folder. */
export function bodyDir(root: string, kind: Kind): string {
  return path.join(root, kind);
}

/** Where one body is: its pack (a file name in the kind's folder), byte offset and byte length. */
type Location = [pack: string, offset: number, length: number];

interface PackIndex {
  /** The number of the next pack. */
  next: number;
  bodies: Record<string, Location>;
}

const INDEX = 'index.json';
/** More packs than this (many small rebuilds) are compacted into one, however much of them is alive. */
const MAX_PACKS = 16;

interface Loaded {
  index: PackIndex;
  packs: Map<string, { fd?: number; exists: boolean }>;
}

/**
 * The index of each kind, read once. Only the loader writes it, and forgets its copy when it does; a copy held
 * elsewhere (the pages', in `astro dev`) is read again when it lacks a body (see readBody).
 */
const loaded = new Map<string, Loaded>();

function forget(dir: string): void {
  const was = loaded.get(dir);
  for (const pack of was?.packs.values() ?? []) if (pack.fd !== undefined) closeSync(pack.fd);
  loaded.delete(dir);
}

function load(dir: string, fresh = false): Loaded {
  const was = loaded.get(dir);
  if (was && !fresh) return was;
  forget(dir);
  let index: PackIndex = { next: 1, bodies: {} };
  try {
    const read = JSON.parse(readFileSync(path.join(dir, INDEX), 'utf8')) as PackIndex;
    if (read && typeof read.next === 'number' && read.bodies && typeof read.bodies === 'object') index = read;
  } catch {
    // No index yet, or a damaged one: every body counts as missing, and the loader renders them again.
  }
  const now: Loaded = { index, packs: new Map() };
  loaded.set(dir, now);
  return now;
}

function pack(state: Loaded, dir: string, name: string) {
  let p = state.packs.get(name);
  if (!p) {
    p = { exists: existsSync(path.join(dir, name)) };
    state.packs.set(name, p);
  }
  return p;
}

/** One body's bytes, read through its pack's open file; undefined when the pack is shorter than the index says. */
function readAt(state: Loaded, dir: string, [name, offset, length]: Location): Buffer | undefined {
  const p = pack(state, dir, name);
  p.fd ??= openSync(path.join(dir, name), 'r');
  const bytes = Buffer.allocUnsafe(length);
  return readSync(p.fd, bytes, 0, length, offset) === length ? bytes : undefined;
}

function saveIndex(dir: string, index: PackIndex): void {
  const tmp = path.join(dir, `${INDEX}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(index));
  renameSync(tmp, path.join(dir, INDEX));
  forget(dir);
}

export function hasBody(dir: string, digest: string): boolean {
  const state = load(dir);
  const at = state.index.bodies[digest];
  return at !== undefined && pack(state, dir, at[0]).exists;
}

/**
 * The rendered body of an entry; throws, naming the file and the way out, when the cache lost it. A packed body
 * never changes, so the index is read again only when it lacks the digest or names a pack that is gone (a
 * rebuild in `astro dev` wrote a newer one), not on every read.
 */
export function readBody(dir: string, digest: string, label: string): string {
  let state = load(dir);
  for (let attempt = 0; ; attempt++) {
    const at = state.index.bodies[digest];
    const file = at ? path.join(dir, at[0]) : path.join(dir, INDEX);
    try {
      if (!at) throw new Error('not in the index');
      const bytes = readAt(state, dir, at);
      if (!bytes) throw new Error('the pack is shorter than its index says');
      return bytes.toString('utf8');
    } catch {
      if (attempt === 0) {
        state = load(dir, true);
        continue;
      }
      throw new Error(
        `The rendered body of ${label} is missing (${file}): the content store and the body files of Astro's cache folder are out of step. Delete Astro's cache folder (it holds ${path.dirname(path.dirname(file))}) and build again.`,
      );
    }
  }
}

/** Writes the bodies one build renders for one kind into a new pack; `commit` makes them readable. */
export interface BodyWriter {
  write(digest: string, html: string): void;
  /** Closes the pack and records its bodies in the index. Nothing was written: no pack is left behind. */
  commit(): void;
  /** Unless committed: closes and deletes the pack, leaving the index as it was (a build that failed half-way). */
  abandon(): void;
}

export function openBodyWriter(dir: string): BodyWriter {
  const start = load(dir).index;
  const name = `${start.next}.pack`;
  const file = path.join(dir, name);
  const written: Record<string, Location> = {};
  let fd: number | undefined;
  let offset = 0;
  let committed = false;
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    write(digest, html) {
      if (fd === undefined) {
        mkdirSync(dir, { recursive: true });
        fd = openSync(file, 'w');
      }
      const bytes = Buffer.from(html, 'utf8');
      writeSync(fd, bytes, 0, bytes.length, offset);
      written[digest] = [name, offset, bytes.length];
      offset += bytes.length;
    },
    commit() {
      committed = true;
      const opened = fd !== undefined;
      close();
      if (!opened) return;
      // Read again: the index may have changed since the writer opened (it does not, within one build).
      const index = load(dir).index;
      saveIndex(dir, { next: Math.max(index.next, start.next) + 1, bodies: { ...index.bodies, ...written } });
    },
    abandon() {
      if (committed) return;
      close();
      rmSync(file, { force: true });
    },
  };
}

/**
 * Forgets the bodies of a kind whose entry is gone or changed (what the store keeps is all there is), deletes
 * packs no body is read from and any other file in the folder, and compacts when less than half of the packs'
 * bytes are alive. Returns how many bodies were forgotten.
 */
export function pruneBodies(dir: string, keep: Set<string>): number {
  if (!existsSync(dir)) return 0;
  const state = load(dir);
  const bodies: Record<string, Location> = {};
  let pruned = 0;
  for (const [digest, at] of Object.entries(state.index.bodies)) {
    if (keep.has(digest) && pack(state, dir, at[0]).exists) bodies[digest] = at;
    else pruned++;
  }
  const live = new Map<string, number>();
  for (const at of Object.values(bodies)) live.set(at[0], (live.get(at[0]) ?? 0) + at[2]);
  let total = 0;
  for (const name of live.keys()) total += statSync(path.join(dir, name)).size;
  const used = [...live.values()].reduce((a, b) => a + b, 0);
  const { bodies: result, next } =
    used < total / 2 || live.size > MAX_PACKS ? compact(state, dir, bodies) : { bodies, next: state.index.next };
  if (pruned || result !== bodies) saveIndex(dir, { next, bodies: result });
  const packs = new Set(Object.values(result).map((at) => at[0]));
  for (const name of readdirSync(dir))
    if (name !== INDEX && !packs.has(name)) rmSync(path.join(dir, name), { force: true, recursive: true });
  return pruned;
}

/**
 * Writes the live bodies into one new pack, in the order of their old packs and offsets. The old packs are read
 * through the kind's open files, which saving the new index closes.
 */
function compact(
  state: Loaded,
  dir: string,
  bodies: Record<string, Location>,
): { bodies: Record<string, Location>; next: number } {
  const next = state.index.next;
  const name = `${next}.pack`;
  const out = openSync(path.join(dir, name), 'w');
  const moved: Record<string, Location> = {};
  try {
    let offset = 0;
    const order = Object.entries(bodies).sort(([, a], [, b]) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    // Every pack named here exists: pruneBodies keeps only bodies whose pack does.
    for (const [digest, at] of order) {
      const bytes = readAt(state, dir, at);
      // A pack shorter than its index says: that body is left out (its document is parsed again next build).
      if (!bytes) continue;
      writeSync(out, bytes, 0, bytes.length, offset);
      moved[digest] = [name, offset, bytes.length];
      offset += bytes.length;
    }
  } finally {
    closeSync(out);
  }
  return { bodies: moved, next: next + 1 };
}
