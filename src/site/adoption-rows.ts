/** The adoption report of one source as rows for the health page and `/api/health.json`: what, from where, the fix. */
import { layoutKeyMeaning, origins, type Adoption, type Origin } from '../loaders/adoption.ts';
import type { Problem } from '../lib/problems.ts';

export interface AdoptionRow {
  what: string;
  from: string;
  fix: string;
}

const FIX: Record<string, string> = {
  title: 'a `title:` in the frontmatter or a # heading; `fields: { title: <key> }` when the files name it otherwise',
  date: '`date:` in the frontmatter, a `Date:` line or a YYYY-MM-DD file name; `fields: { date: <key> }`',
  summary: '`summary:` in the frontmatter; `fields: { summary: <key> }`',
};

function counts(by: Partial<Record<Origin, number>>): string {
  const parts = origins.filter((o) => by[o]).map((o) => `${o} ${by[o]}`);
  return parts.length ? parts.join(', ') : '—';
}

const cut = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key);
const codeCount = (problems: Problem[], code: string) => problems.filter((p) => p.code === code).length;

export function adoptionRows(source: { adoption?: Adoption; documents: number }, problems: Problem[]): AdoptionRow[] {
  const a = source.adoption;
  if (!a) return [];
  const rows: AdoptionRow[] = [
    { what: 'Titles', from: counts(a.title), fix: a.title['file name'] ? FIX.title! : '' },
    { what: 'Dates', from: counts(a.date), fix: a.date.git || a.date.none ? FIX.date! : '' },
    { what: 'Summaries', from: counts(a.summary), fix: a.summary.none ? FIX.summary! : '' },
  ];
  // Documents whose only date is the commit that imported them with many others (see sources/provenance.ts).
  if (a.uncertainDates)
    rows.push({
      what: 'Dates taken from an import commit',
      from: `${a.uncertainDates} of ${source.documents}: when they were moved here, not written`,
      fix: '`date:` in the files, or file names `YYYY-MM-DD-…`',
    });
  const unknown = Object.entries(a.unknownKeys);
  if (unknown.length)
    rows.push({
      what: 'Keys nothing reads',
      from: unknown.map(([k, v]) => `${cut(k)} (${v.count})`).join(', '),
      fix:
        unknown
          .filter(([, v]) => v.guess)
          .map(([k, v]) => `fields: { ${v.guess}: ${cut(k)} }`)
          .join('; ') || '`fields: { <our field>: <key> }` for any that is one of ours',
    });
  const ignored = Object.entries(a.ignoredKeys);
  if (ignored.length)
    rows.push({
      what: 'Layout keys ignored',
      from: ignored.map(([k, n]) => `${k} (${n}: ${layoutKeyMeaning(k)})`).join(', '),
      fix: 'nothing to do',
    });
  const fromProblems: Array<[string, string, string]> = [
    ['template-tags', 'Template tags removed', 'nothing to do: they are not shown; see the warning for the first'],
    ['broken-link', 'Unresolved links', 'correct the link, or `include` the file it points at'],
    ['missing-image', 'Missing images', 'commit the image inside the repository, or link it by https'],
    ['redirect-stub', 'Redirect stubs left out', 'nothing to do: a page with only `redirect_to` is not built'],
  ];
  for (const [code, what, fix] of fromProblems) {
    const n = codeCount(problems, code);
    if (n) rows.push({ what, from: String(n), fix });
  }
  return rows;
}
