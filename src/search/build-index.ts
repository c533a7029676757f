/**
 * Builds the Pagefind index over the built site. Only document pages are indexed (they carry
 * `data-pagefind-body`). Pagefind's Node API returns errors instead of throwing: every response is checked.
 */
import path from 'node:path';
import * as pagefind from 'pagefind';

export interface IndexSummary {
  pages: number;
  outputPath: string;
}

function check(step: string, errors: string[] | undefined): void {
  if (errors && errors.length) throw new Error(`Pagefind failed to ${step}:\n  ${errors.join('\n  ')}`);
}

export async function buildSearchIndex(siteDir: string): Promise<IndexSummary> {
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  check('start', created.errors);
  const index = created.index!;
  try {
    const added = await index.addDirectory({ path: siteDir });
    check(`index ${siteDir}`, added.errors);
    const outputPath = path.join(siteDir, 'pagefind');
    const written = await index.writeFiles({ outputPath });
    check(`write ${outputPath}`, written.errors);
    const files = await index.getFiles();
    check('list its files', files.errors);
    const entry = files.files.find((f) => f.path.endsWith('pagefind-entry.json'));
    const languages = entry ? (JSON.parse(Buffer.from(entry.content).toString('utf8')) as { languages: Record<string, { page_count: number }> }).languages : {};
    return { pages: Object.values(languages).reduce((n, l) => n + l.page_count, 0), outputPath };
  } finally {
    await pagefind.close();
  }
}
