/**
 * How rendered pages reach the search stream of this build (stream-index.ts). The middleware is bundled with
 * the pages and the integration is not, but both run in the build's process: they meet on a global symbol.
 */
export interface PageSink {
  add(pathname: string, html: string): void;
}

const SINK = Symbol.for('knowledge-site.search-stream');

export function openSink(sink: PageSink | undefined): void {
  (globalThis as Record<symbol, unknown>)[SINK] = sink;
}

export function currentSink(): PageSink | undefined {
  return (globalThis as Record<symbol, unknown>)[SINK] as PageSink | undefined;
}
