/**
 * Hands each document page (one with `data-pagefind-body`) to the search stream as it is rendered, when the
 * build streams its index (a cold build: see stream-index.ts). Otherwise, and outside builds, it does nothing.
 */
import { defineMiddleware } from 'astro:middleware';
import { currentSink } from './stream-sink.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  const sink = currentSink();
  if (!sink || !(response.headers.get('content-type') ?? '').includes('text/html')) return response;
  const html = await response.text();
  if (html.includes('data-pagefind-body')) sink.add(context.url.pathname, html);
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
});
