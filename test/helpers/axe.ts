/**
 * axe-core run in Chromium over the pages of a served site, injected from node_modules (no network): every
 * violation as one readable line (page, rule, target), for each colour scheme and screen width asked for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One way of looking at the site: a colour scheme and a viewport width. */
export interface AxeView {
  colorScheme: 'light' | 'dark';
  width: number;
}

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

async function violationsOn(page: Page, url: string): Promise<AxeResult[]> {
  await page.goto(url);
  // The search page is checked with its filters and results drawn.
  await page.waitForFunction(
    () => !document.getElementById('search-form') || document.documentElement.dataset.searchRun !== undefined,
  );
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeResult[] }> } }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/**
 * The violations axe finds on `pages` (URL paths of `siteUrl`) in each view, one line per element:
 * `<view> <path> <rule>: <selector> (<help>)`. Pages run `pool` at a time in one context per view.
 */
export async function axeViolations(
  browser: Browser,
  siteUrl: string,
  pages: string[],
  views: AxeView[],
  pool = 3,
): Promise<string[]> {
  const lines: string[] = [];
  for (const view of views) {
    const context = await browser.newContext({
      viewport: { width: view.width, height: 900 },
      colorScheme: view.colorScheme,
    });
    const queue = [...pages];
    const worker = async () => {
      const page = await context.newPage();
      for (let p = queue.shift(); p !== undefined; p = queue.shift())
        for (const v of await violationsOn(page, `${siteUrl}${p}`))
          for (const n of v.nodes)
            lines.push(`${view.colorScheme}@${view.width} ${p} ${v.id}: ${n.target.join(' ')} (${v.help})`);
      await page.close();
    };
    await Promise.all(Array.from({ length: Math.min(pool, pages.length) }, worker));
    await context.close();
  }
  return lines.sort();
}
