/**
 * The search page's script: Pagefind's API with our own UI. Query, filters and sort live in the URL, so a search
 * can be shared as a link. Filters show with counts before anything is typed; values of one filter combine with OR.
 */
import { filterPanel, type FilterPanel } from './filter-panel.ts';
import { searchFilters, urlKeyOf } from './filter-order.ts';

interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  sub_results?: Array<{ title: string; url: string; excerpt: string }>;
}
interface Search {
  results: Array<{ id: string; data(): Promise<ResultData> }>;
  filters: Record<string, Record<string, number>>;
  totalFilters: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  mergeIndex(url: string, o?: Record<string, unknown>): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  search(q: string | null, o: Record<string, unknown>): Promise<Search | null>;
}

/** Results shown at once: each costs its fragment's download. */
const PAGE = 10;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('search-form');
const input = $<HTMLInputElement>('q');
const sortSelect = $<HTMLSelectElement>('sort');
const filtersBox = $<HTMLDivElement>('search-filters');
const list = $<HTMLOListElement>('results');
const status = $<HTMLParagraphElement>('search-status');
const more = $<HTMLButtonElement>('more');

const state = { q: '', sort: 'relevance', selected: new Map<string, Set<string>>() };
let pagefind: Pagefind;
let allFilters: Record<string, Record<string, number>> = {};
let panel: FilterPanel;
let ordered: ResultData[] = [];
let pending: Search['results'] = [];
let run = 0;

function readUrl(): void {
  const p = new URLSearchParams(location.search);
  state.q = p.get('q') ?? '';
  state.sort = p.get('sort') === 'newest' ? 'newest' : 'relevance';
  state.selected.clear();
  for (const f of searchFilters) {
    const values = p.getAll(urlKeyOf(f));
    if (values.length) state.selected.set(f, new Set(values));
  }
}

function writeUrl(): void {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const f of searchFilters) for (const v of state.selected.get(f) ?? []) p.append(urlKeyOf(f), v);
  if (state.sort === 'newest') p.set('sort', 'newest');
  const qs = p.toString();
  history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function renderResult(r: ResultData): HTMLLIElement {
  const li = document.createElement('li');
  const m = r.meta;
  const badges = [
    m.severity && `<span class="badge sev-${escapeHtml(m.severity)}">${escapeHtml(m.severity)}</span>`,
    m.status && `<span class="badge neutral">${escapeHtml(m.status)}</span>`,
    m.level && `<span class="badge neutral">${escapeHtml(m.level)}</span>`,
    m.champion_group && `<span class="badge neutral">${escapeHtml(m.champion_group)}</span>`,
  ]
    .filter(Boolean)
    .join('');
  const sub = r.sub_results?.find((s) => s.url.includes('#') && s.url !== r.url);
  li.innerHTML = `<div class="doc-meta"><span class="kind-label">${escapeHtml(m.kind ?? '')}</span>${m.id ? `<span>${escapeHtml(m.id)}</span>` : ''}<time>${escapeHtml(m.date ?? '')}</time>${badges}${m.teams ? `<span>${escapeHtml(m.teams)}</span>` : ''}${m.services ? `<span>${escapeHtml(m.services)}</span>` : ''}</div>
<h3><a href="${escapeHtml(r.url)}">${escapeHtml(m.title ?? r.url)}</a></h3>
<p></p>${sub ? `<p class="small">In section <a href="${escapeHtml(sub.url)}">${escapeHtml(sub.title)}</a></p>` : ''}`;
  li.querySelector('p:not(.small)')!.replaceWith(excerptOf(r.excerpt));
  return li;
}

const inert = new DOMParser();

/**
 * Pagefind's excerpt is escaped text with <mark> around the matches. It becomes text nodes and <mark> elements,
 * never markup: each piece is unescaped once by an inert parser (which runs nothing) and inserted as text.
 */
function excerptOf(excerpt: string): HTMLParagraphElement {
  const p = document.createElement('p');
  let marked = false;
  for (const piece of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>' || piece === '</mark>') {
      marked = piece === '<mark>';
      continue;
    }
    if (!piece) continue;
    // Inside a <p>: the parser would drop the space that starts a piece after a match ("</mark> game").
    const text = document.createTextNode(inert.parseFromString(`<p>${piece}`, 'text/html').body.textContent ?? '');
    if (marked) {
      const m = document.createElement('mark');
      m.append(text);
      p.append(m);
    } else p.append(text);
  }
  return p;
}

async function showMore(): Promise<void> {
  const next = pending.splice(0, PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  ordered.push(...data);
  for (const d of data) list.append(renderResult(d));
  more.hidden = pending.length === 0;
}

/** Pagefind's filter files, loaded once, when counts within a query or a selection are first needed. */
let filtersLoaded: Promise<unknown> | undefined;

/**
 * Counts for each filter value within the current search. Values of one filter combine with OR, so the counts of
 * a filter with a choice are those of the same search without that filter's own choice (one more search each).
 */
async function facetCounts(
  query: string | null,
  filters: Record<string, { any: string[] }>,
): Promise<Search['filters']> {
  await (filtersLoaded ??= pagefind.filters());
  const counts = { ...(await pagefind.search(query, { filters }))?.filters };
  await Promise.all(
    Object.keys(filters).map(async (f) => {
      const others = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== f));
      const without = await pagefind.search(query, { filters: others });
      if (without) counts[f] = without.filters[f] ?? {};
    }),
  );
  return counts;
}

/** An exact id or an exact title goes first, whatever the ranking says. */
function exactFirst(q: string, data: ResultData[]): ResultData[] {
  const want = q.trim().toLowerCase();
  if (!want) return data;
  const exact = (d: ResultData) => d.meta.id?.toLowerCase() === want || d.meta.title?.toLowerCase() === want;
  return [...data.filter(exact), ...data.filter((d) => !exact(d))];
}

/** When the reader last typed in the box: the status waits for a pause in typing. */
let lastTyped = -Infinity;
let announceTimer: ReturnType<typeof setTimeout> | undefined;
const TYPING_PAUSE_MS = 500;

/**
 * Writes the live status region once the reader has stopped typing for TYPING_PAUSE_MS (a screen reader then
 * reads one count, not one per letter); at once after a filter, a sort or the page's first search.
 */
function announce(text: string): void {
  clearTimeout(announceTimer);
  const write = () => {
    if (status.textContent !== text) status.textContent = text;
  };
  const wait = lastTyped + TYPING_PAUSE_MS - performance.now();
  if (wait <= 0) write();
  else announceTimer = setTimeout(write, wait);
}

const chosenCount = document.querySelector<HTMLElement>('.search-fold .facets-count');

async function search(): Promise<void> {
  const mine = ++run;
  const started = performance.now();
  writeUrl();
  let chosen = 0;
  for (const values of state.selected.values()) chosen += values.size;
  if (chosenCount) chosenCount.textContent = chosen ? ` (${chosen})` : '';
  const filters: Record<string, { any: string[] }> = {};
  for (const [f, values] of state.selected) filters[f] = { any: [...values] };
  const hasQuery = state.q.trim() !== '';
  const options = { filters, sort: state.sort === 'newest' || !hasQuery ? { date: 'desc' } : undefined };
  const query = hasQuery ? state.q : null;
  const result = await pagefind.search(query, options);
  if (mine !== run || !result) return;
  // Only the first page's fragments: each is a download. An exact id or title among them goes first.
  const data = exactFirst(state.q, await Promise.all(result.results.slice(0, PAGE).map((r) => r.data())));
  if (mine !== run) return;
  ordered = [...data];
  list.replaceChildren(...data.map(renderResult));
  pending = result.results.slice(PAGE);
  more.hidden = pending.length === 0;
  const n = result.results.length;
  const what = hasQuery ? ` for “${state.q.trim()}”` : state.selected.size ? ' with these filters' : ', newest first';
  announce(`${n} result${n === 1 ? '' : 's'}${what}`);
  document.documentElement.dataset.searchMs = String(Math.round(performance.now() - started));
  document.documentElement.dataset.searchRun = String(mine);
  // Then the filters' counts within this search (the first time, after Pagefind's filter files arrive).
  const counts = hasQuery || state.selected.size ? await facetCounts(query, filters) : allFilters;
  if (mine !== run) return;
  panel.update(counts, state.selected);
  document.documentElement.dataset.searchCounts = String(mine);
}

async function start(): Promise<void> {
  // The path the site is served under (`site.base`, written on the form): the index and the results are below it.
  const base = form.dataset.base ?? '/';
  const url = `${base}pagefind/pagefind.js`;
  // A large site's index comes in shards (see build-index.ts): the first is here, the others are merged in.
  const shardList = fetch(`${base}pagefind/knowledge-shards.json`)
    .then((r) => (r.ok ? r.json() : { shards: [] }))
    .catch(() => ({ shards: [] })) as Promise<{ shards: string[] }>;
  const totals = fetch(`${base}pagefind/knowledge-filters.json`)
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null) as Promise<Search['filters'] | null>;
  pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
  await pagefind.options({ excerptLength: 24 });
  // Each shard is listed by its site path (`/pagefind-1/`); Pagefind puts results below the folder above its index.
  for (const shard of (await shardList).shards) await pagefind.mergeIndex(`${base}${shard.slice(1)}`);
  // Each value's count over the site, written by the build: Pagefind's own filter files wait for a search.
  allFilters = (await totals) ?? ((await (filtersLoaded ??= pagefind.filters())) as Search['filters']);
  panel = filterPanel(filtersBox, allFilters, (f, value, checked) => {
    const s = state.selected.get(f) ?? new Set<string>();
    if (checked) s.add(value);
    else s.delete(value);
    if (s.size) state.selected.set(f, s);
    else state.selected.delete(f);
    void search();
  });
  readUrl();
  input.value = state.q;
  sortSelect.value = state.sort;
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    lastTyped = performance.now();
    clearTimeout(announceTimer);
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = input.value;
      void search();
    }, 80);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.q = input.value;
    void search();
  });
  sortSelect.addEventListener('change', () => {
    state.sort = sortSelect.value;
    void search();
  });
  more.addEventListener('click', () => void showMore());
  $('no-js').hidden = true;
  document.documentElement.dataset.searchReady = 'true';
  await search();
}

void start().catch((error: unknown) => {
  status.textContent = `Search could not start: ${String(error)}. The indexes in the menu list every document.`;
});
