/**
 * A document page's body as the page shows it: the structured fields that the body has a section for placed in
 * that section (contributing factors, action items), requirements given their ids, headings given anchor links.
 * What moved into the body is returned, so that the header leaves it out: each fact is shown once.
 */
import type { ActionRow } from '../lib/action-items.ts';
import { html } from '../lib/html.ts';
import { actionTable } from '../lib/listing-html.ts';
import { anchorRequirements, headingAnchors, placeUnderHeading, type BodyHeading } from './body-sections.ts';
import type { SiteDoc } from './documents.ts';

export interface ShownBody {
  html: string;
  headings: BodyHeading[];
  /** The post-mortem's contributing factors are shown under the body's heading of that name. */
  factorsInBody: boolean;
  /** Its action items are shown under the body's "Action items" heading. */
  actionsInBody: boolean;
  /** The ids of the requirements the body states (and which now carry them). */
  requirementsInBody: Set<string>;
}

export function shownBody(doc: SiteDoc, body: string, actionRows: Array<Omit<ActionRow, 'ageDays'>>): ShownBody {
  let out = body;
  let factorsInBody = false;
  let actionsInBody = false;
  let requirementsInBody = new Set<string>();
  const { entry } = doc;
  if (entry.collection === 'postmortem') {
    const d = entry.data;
    if (d.contributing_factors.length) {
      const list = html`<ul class="fact-list">${d.contributing_factors.map((f) => html`<li>${f}</li>`)}</ul>`;
      // A section that lists factors of its own keeps them; the header then shows the frontmatter's.
      const placed = placeUnderHeading(out, 'Contributing factors', list.toString(), { unlessList: true });
      if (placed !== undefined) [out, factorsInBody] = [placed, true];
    }
    if (actionRows.length) {
      // Items read from the body's own list replace that list: the table shows the same items, with their state.
      const fromBody = Boolean(d.meta.derived_from.action_items);
      const placed = placeUnderHeading(out, 'Action items', actionTable(actionRows).toString(), {
        replaceList: fromBody,
      });
      if (placed !== undefined) [out, actionsInBody] = [placed, true];
    }
  }
  if (entry.collection === 'standard' && entry.data.requirements.length) {
    const anchored = anchorRequirements(out, entry.data.requirements);
    [out, requirementsInBody] = [anchored.html, anchored.placed];
  }
  const anchored = headingAnchors(out);
  return { html: anchored.html, headings: anchored.headings, factorsInBody, actionsInBody, requirementsInBody };
}
