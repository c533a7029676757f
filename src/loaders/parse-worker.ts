/**
 * A worker thread of the parse pool: prepares documents (parse, validate, render, sanitise, highlight) with the
 * same Markdown processor as the build, Astro's default (Sätteri), created here from the build's Markdown settings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createMarkdownRenderer } from './markdown-renderer.ts';
import { prepareDocument, type PrepareInput } from './prepare-document.ts';

const renderer = await createMarkdownRenderer(workerData.markdown);

parentPort!.on('message', async (job: { id: number; input: PrepareInput }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: await prepareDocument(job.input, renderer) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).stack ?? String(error) });
  }
});
