/**
 * The search page's filter checkboxes, updated in place: a search changes the counts of the boxes that stay and
 * adds or removes only the values that appear or vanish, so that the box a reader just ticked keeps the focus
 * (WCAG 2.4.3). Values keep one order (by their count over the whole site; years newest first), so no box moves.
 */
import { searchFilters, urlKeyOf } from './filter-order.ts';

type Counts = Record<string, Record<string, number>>;

interface Box {
  label: HTMLLabelElement;
  count: HTMLSpanElement;
}

export interface FilterPanel {
  /** Shows each value whose count is above zero, or that is chosen, with its count. */
  update(counts: Counts, selected: Map<string, Set<string>>): void;
}

/** `all`: the counts over the whole site, which fix the groups, their values and their order. */
export function filterPanel(
  box: HTMLElement,
  all: Counts,
  onChange: (filter: string, value: string, checked: boolean) => void,
): FilterPanel {
  const groups = new Map<string, { set: HTMLFieldSetElement; order: string[]; boxes: Map<string, Box> }>();
  for (const f of searchFilters) {
    const totals = all[f] ?? {};
    const order = Object.keys(totals).sort((a, b) =>
      f === 'year' ? b.localeCompare(a) : totals[b]! - totals[a]! || a.localeCompare(b),
    );
    if (!order.length) continue;
    const set = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = f[0]!.toUpperCase() + f.slice(1);
    set.append(legend);
    set.hidden = true;
    box.append(set);
    groups.set(f, { set, order, boxes: new Map() });
  }

  const make = (f: string, value: string): Box => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = urlKeyOf(f);
    input.value = value;
    input.addEventListener('change', () => onChange(f, value, input.checked));
    const text = document.createElement('span');
    text.textContent = value;
    const count = document.createElement('span');
    count.className = 'count';
    label.append(input, text, count);
    return { label, count };
  };

  return {
    update(counts, selected) {
      for (const [f, g] of groups) {
        const chosen = selected.get(f) ?? new Set<string>();
        // The last box shown before the next value: a new box goes right after it.
        let after: Element = g.set.querySelector('legend')!;
        for (const value of g.order) {
          const n = Object.hasOwn(counts[f] ?? {}, value) ? counts[f]![value]! : 0;
          let b = g.boxes.get(value);
          const focused = b?.label.contains(document.activeElement) ?? false;
          if (!n && !chosen.has(value) && !focused) {
            if (b) {
              b.label.remove();
              g.boxes.delete(value);
            }
            continue;
          }
          if (!b) {
            b = make(f, value);
            after.after(b.label);
            g.boxes.set(value, b);
          }
          const input = b.label.querySelector('input')!;
          if (input.checked !== chosen.has(value)) input.checked = chosen.has(value);
          if (b.count.textContent !== String(n)) b.count.textContent = String(n);
          after = b.label;
        }
        const hidden = g.boxes.size === 0;
        if (g.set.hidden !== hidden) g.set.hidden = hidden;
      }
    },
  };
}
