/** Serves a built site on localhost the way a static host would (dir/ → dir/index.html), for tests and scripts. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGzip } from 'node:zlib';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};
/** What a host compresses when the browser accepts it (Pagefind's own files come compressed already). */
const compressed = new Set(['.html', '.css', '.js', '.json', '.svg', '.xml']);

export interface StaticServerOptions {
  /** `/handbook/`: the site is served under that path only, as a project page is; any other address is not found. */
  base?: string;
  /** Compress text with gzip, as static hosts do. */
  gzip?: boolean;
  /** Told, for every response, its path and the bytes sent for it: status line, headers and body as written. */
  sent?: (pathname: string, bytes: number) => void;
}

/** `url` is the server's origin. */
export async function serveStatic(
  root: string,
  options: StaticServerOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const { base = '/', gzip = false, sent } = options;
  const server: Server = createServer((req, res) => {
    const requested = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (sent) countSent(res, (bytes) => sent(requested, bytes));
    if (!requested.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    const pathname = `/${requested.slice(base.length)}`;
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    const ext = path.extname(file);
    const zip = gzip && compressed.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding']));
    res.writeHead(200, {
      'content-type': types[ext] ?? 'application/octet-stream',
      ...(zip ? { 'content-encoding': 'gzip' } : {}),
    });
    const body = createReadStream(file);
    (zip ? body.pipe(createGzip()) : body).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    // A browser keeps its connections open: close them, or the server never stops.
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Counts what a response writes, and reports it with its status line and headers when it is finished. */
function countSent(res: import('node:http').ServerResponse, report: (bytes: number) => void): void {
  let bytes = 0;
  const write = res.write.bind(res);
  res.write = ((chunk: unknown, ...rest: never[]) => {
    if (chunk) bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
    return write(chunk as Buffer, ...rest);
  }) as typeof res.write;
  res.on('finish', () => {
    const headers = Object.entries(res.getHeaders()).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
    report(bytes + headers + `HTTP/1.1 ${res.statusCode} OK\r\n\r\n`.length);
  });
}
