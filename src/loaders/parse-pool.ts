/**
 * Worker threads that prepare documents in parallel (parsing, validation, Markdown rendering and sanitising are
 * CPU-bound, and a cold build of 10,000 documents spends most of its time there). One pool serves the loaders of
 * every kind; it starts when the first loader asks for it and stops when the last one is done.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MarkdownSettings } from './markdown-renderer.ts';
import type { Prepared, PrepareInput } from './prepare-document.ts';

interface Slot {
  worker: Worker;
  pending: number;
}

class ParsePool {
  private slots: Slot[];
  private jobs = new Map<number, { resolve: (p: Prepared) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failed: Error | undefined;

  constructor(size: number, markdown: MarkdownSettings) {
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { workerData: { markdown } });
      const slot = { worker, pending: 0 };
      worker.on('message', (m: { id: number; result?: Prepared; error?: string }) => {
        slot.pending--;
        const job = this.jobs.get(m.id);
        this.jobs.delete(m.id);
        if (m.error !== undefined) job?.reject(new Error(m.error));
        else job?.resolve(m.result!);
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a parse worker stopped with exit code ${code}`));
      });
      return slot;
    });
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
  }

  get size(): number {
    return this.slots.length;
  }

  prepare(input: PrepareInput): Promise<Prepared> {
    if (this.failed) return Promise.reject(this.failed);
    const slot = this.slots.reduce((a, b) => (b.pending < a.pending ? b : a));
    const id = this.next++;
    slot.pending++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      slot.worker.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

let pool: ParsePool | undefined;
let users = 0;

/** How many workers: one per core, at most four; `KNOWLEDGE_PARSE_WORKERS=0` parses on the main thread. */
function poolSize(): number {
  const set = process.env.KNOWLEDGE_PARSE_WORKERS;
  if (set !== undefined && set !== '') return Math.max(0, Math.floor(Number(set)) || 0);
  return Math.min(4, availableParallelism());
}

/**
 * When a kind's documents are prepared in worker threads (unless KNOWLEDGE_PARSE_WORKERS is set): when it has
 * at least POOL_MIN_FILES files to prepare, in a site of at least POOL_MIN_SITE files. A worker starts in about
 * 0.7 s and keeps a Markdown renderer and Shiki of its own. Measured in alternating pairs on 2 cores, first
 * builds: at 1,000 and 2,000 documents the workers saved no time and, at 1,000, cost 85-150 MiB of peak memory;
 * at 3,000 they saved about 3 s of the content phase's 11-14 s.
 */
export const POOL_MIN_FILES = 64;
const POOL_MIN_SITE = 2000;

/** Whether worker threads should prepare `filesToPrepare` files of one kind, in a site of `siteFiles` files. */
export function poolPays(filesToPrepare: number, siteFiles: number): boolean {
  if (poolSize() === 0 || filesToPrepare === 0) return false;
  if (process.env.KNOWLEDGE_PARSE_WORKERS) return true;
  return filesToPrepare >= POOL_MIN_FILES && siteFiles >= POOL_MIN_SITE;
}

export function acquirePool(markdown: MarkdownSettings): ParsePool {
  users++;
  pool ??= new ParsePool(Math.max(1, poolSize()), markdown);
  return pool;
}

export async function releasePool(): Promise<void> {
  users--;
  if (users > 0 || !pool) return;
  const closing = pool;
  pool = undefined;
  await closing.close();
}

export type { ParsePool };
