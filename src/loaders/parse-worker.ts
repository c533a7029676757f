/**
 * A worker thread of the parse pool: prepares documents (parse, validate, render, sanitise) with the same
 * Markdown processor as the build, Astro's default (Sätteri), created here from the build's Markdown settings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { satteri } from '@astrojs/markdown-satteri';
import { prepareDocument, type PrepareInput } from './prepare-document.ts';

const renderer = await satteri().createRenderer(workerData.markdown);
const render = async (markdown: string) => (await renderer.render(markdown, { frontmatter: {} })).code;

parentPort!.on('message', async (job: { id: number; input: PrepareInput }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: await prepareDocument(job.input, render) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).stack ?? String(error) });
  }
});
