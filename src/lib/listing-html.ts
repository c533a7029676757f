/**
 * The rows of the long lists on listing pages (document lists, action-item tables), written with `html` (see
 * html.ts): the pages of all action items, of a tag or of a kind hold thousands of rows, megabytes of HTML, and
 * Astro's rendering of each element was most of their time. The markup is what the components wrote before.
 */
import type { ActionRow } from './action-items.ts';
import { badgesOf } from './badges.ts';
import { formatDate } from './durations.ts';
import { html, type Html } from './html.ts';
import { urlOf } from './site-graph.ts';
import { kindInfo } from '../schemas/index.ts';
import { withBase } from './base-path.ts';
import type { SiteDoc } from '../site/documents.ts';

/** The items of a list of documents: kind (when asked), id, date, badges, title as a heading, summary. */
/** With `tokens`, each item carries its facet values for the filters that combine (see filters/panel-tokens.ts). */
export function docListItems(
  docs: SiteDoc[],
  showKind: boolean,
  headingLevel: 'h2' | 'h3',
  base: string,
  tokens?: (d: SiteDoc) => string,
): Html {
  return html`${docs.map((d) => {
    const day = formatDate(d.date);
    const badges = badgesOf(d.kind, d.entry.data as Record<string, unknown>).map(
      (b) => html`<span class="badge ${b.tone}">${b.text}</span>`,
    );
    const link = html`<a href="${withBase(base, urlOf(d))}">${d.title}</a>`;
    return html`<li${tokens && html` data-facets="${tokens(d)}"`}><div class="doc-meta">${showKind && html`<span class="kind-label">${kindInfo[d.kind].label}</span>`}${d.id && html`<span>${d.id}</span>`}<time datetime="${day}">${day}</time>${badges}</div>${headingLevel === 'h2' ? html`<h2>${link}</h2>` : html`<h3>${link}</h3>`}${d.summary && html`<p class="muted">${d.summary}</p>`}</li>`;
  })}`;
}

/** How an action-item table is shown. */
export interface ActionTableOptions<R> {
  /** A column links each item's post-mortem by its title (on the list of all action items). */
  showIncident?: boolean;
  /** The path the site is served under, before the post-mortems' links. */
  base?: string;
  /** Each row's facet values, for the filters that combine (see filters/panel-tokens.ts). */
  tokens?: (row: R) => string;
}

/**
 * An action-item table. Each cell names its column (`data-label`), so that a phone can show a row as a stack,
 * status first.
 */
export function actionTable<R extends Omit<ActionRow, 'ageDays'>>(
  rows: R[],
  options: ActionTableOptions<R> = {},
): Html {
  const { showIncident = false, base = '/', tokens } = options;
  const head = ['Action', ...(showIncident ? ['Post-mortem'] : []), 'Type', 'Owner', 'Due', 'Status', 'Ticket'];
  const body = rows.map((r) => {
    const incident =
      showIncident &&
      html`<td data-label="Post-mortem"><a href="${withBase(base, `/postmortems/${r.incident.slug}/`)}">${r.incident.title}</a>${r.incident.id && html` <span class="muted small nowrap">${r.incident.id}</span>`}</td>`;
    const ticket = r.ticketHref ? html`<a href="${r.ticketHref}">${r.ticket}</a>` : (r.ticket ?? '—');
    const state = r.overdue ? 'status-overdue' : `status-${r.status}`;
    return html`<tr${tokens && html` data-facets="${tokens(r)}"`}><td class="action-title">${r.title}</td>${incident}<td data-label="Type">${r.type}</td><td data-label="Owner">${r.owner ?? '—'}</td><td class="nowrap" data-label="Due">${formatDate(r.due) || '—'}</td><td class="action-status ${state}" data-label="Status">${r.overdue ? `${r.status}, overdue` : r.status === 'unknown' ? 'not recorded' : r.status}</td><td class="nowrap" data-label="Ticket">${ticket}</td></tr>`;
  });
  return html`<table class="action-table"><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${body}</tbody></table>`;
}
