/**
 * Turns the filter panel of a whole list into filters that combine: each value's link becomes a checkbox, the
 * list shows only the items that match (values of one facet with OR, facets with AND), every count is counted
 * within the choice, and the choice lives in the URL. Elements are updated in place, so focus stays where it is.
 * Without JavaScript the links lead to the pre-rendered page of each value.
 */
import {
  chosenCount,
  countsWithin,
  matches,
  querySelection,
  selectionFrom,
  toggle,
  valuesOf,
  type Selection,
} from './selection.ts';

const panel = document.querySelector<HTMLElement>('aside.facets[data-combine]');
const list = document.querySelector<HTMLElement>('[data-filter-list]');
if (panel && list) enhance(panel, list);

function enhance(panel: HTMLElement, list: HTMLElement): void {
  const sections = [...panel.querySelectorAll<HTMLElement>('section[data-facet]')];
  const facets = sections.map((s) => s.dataset.facet!);
  const rows = [...list.querySelectorAll<HTMLElement>('[data-facets]')];
  const items = rows.map((row) => valuesOf(row.dataset.facets ?? ''));
  const status = list.querySelector<HTMLElement>('.filter-status');
  const count = panel.querySelector<HTMLElement>('.facets-count') ?? document.createElement('span');
  count.className = 'facets-count';
  panel.querySelector('.facets-title')?.after(count);
  const selection: Selection = selectionFrom(new URLSearchParams(location.search), facets);

  const boxes: Array<{ facet: string; slug: string; box: HTMLInputElement; counter: HTMLElement; li: HTMLElement }> =
    [];
  for (const section of sections) {
    const facet = section.dataset.facet!;
    const heading = section.querySelector('h2');
    section.setAttribute('role', 'group');
    if (heading) section.setAttribute('aria-label', heading.textContent ?? facet);
    for (const li of section.querySelectorAll<HTMLElement>('li[data-value]')) {
      const link = li.querySelector('a');
      const counter = li.querySelector<HTMLElement>('.count');
      if (!link || !counter) continue;
      const slug = li.dataset.value!;
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = selection.get(facet)?.has(slug) ?? false;
      box.addEventListener('change', () => {
        toggle(selection, facet, slug, box.checked);
        apply();
      });
      label.append(box, ` ${link.textContent ?? slug}`);
      link.replaceWith(label);
      boxes.push({ facet, slug, box, counter, li });
    }
  }
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.className = 'facets-clear';
  clear.textContent = 'Clear filters';
  clear.addEventListener('click', () => {
    selection.clear();
    for (const b of boxes) b.box.checked = false;
    apply();
    sections[0]?.querySelector('input')?.focus();
  });
  panel.querySelector('details')?.insertBefore(clear, sections[0] ?? null);

  function apply(): void {
    let shown = 0;
    rows.forEach((row, i) => {
      const match = matches(items[i]!, selection);
      row.hidden = !match;
      if (match) shown++;
    });
    const counts = countsWithin(items, selection);
    for (const b of boxes) {
      const n = counts.get(`${b.facet}/${b.slug}`) ?? 0;
      if (b.counter.textContent !== String(n)) b.counter.textContent = String(n);
      b.li.classList.toggle('facet-empty', n === 0 && !b.box.checked);
    }
    const chosen = chosenCount(selection);
    count.textContent = chosen ? ` (${chosen})` : '';
    clear.hidden = chosen === 0;
    if (status) status.textContent = chosen ? `Showing ${shown} of ${rows.length}.` : '';
    history.replaceState(
      history.state,
      '',
      location.pathname + querySelection(new URLSearchParams(location.search), facets, selection) + location.hash,
    );
  }

  apply();
}
