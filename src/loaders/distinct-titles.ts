/**
 * Documents of one kind that share a title (a repository's three "All services returning 503" post-mortems) are
 * told apart in their titles by their ids, else their dates. Decided over all the documents of a build, so that a
 * cached rebuild decides the same.
 */

export interface TitleInput {
  slug: string;
  title: string;
  id?: string;
  date?: Date;
}

/** For each document, its title, with ` (id)` or ` (date)` added when another document has the same title. */
export function distinctTitles(docs: TitleInput[]): string[] {
  const groups = new Map<string, number[]>();
  docs.forEach((d, i) => {
    const key = d.title.trim().toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const titles = docs.map((d) => d.title);
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const distinct = (of: (d: TitleInput) => string | undefined) => {
      const values = members.map((i) => of(docs[i]!));
      return values.every((v) => v !== undefined) && new Set(values).size === values.length ? values : undefined;
    };
    const suffixes = distinct((d) => d.id) ?? distinct((d) => (d.date ? d.date.toISOString().slice(0, 10) : undefined));
    if (suffixes) members.forEach((i, n) => (titles[i] = `${docs[i]!.title} (${suffixes[n]})`));
  }
  return titles;
}

interface EntryStore {
  get(id: string): { id: string; data: Record<string, unknown>; digest?: string | number } | undefined;
  set(entry: { id: string; data: Record<string, unknown>; digest?: string | number }): boolean;
  delete(id: string): void;
}

/**
 * Writes each title into its stored entry where it differs (with its digest kept); returns, by slug, the titles
 * that differ from the documents' own.
 */
export function applyDistinctTitles(store: EntryStore, docs: TitleInput[]): Map<string, string> {
  const titles = distinctTitles(docs);
  const told = new Map<string, string>();
  docs.forEach((d, i) => {
    const title = titles[i]!;
    if (title !== d.title) told.set(d.slug, title);
    const entry = store.get(d.slug);
    if (!entry || entry.data.title === title) return;
    // The store keeps an entry whose digest is unchanged: it is deleted first, and set again with the same digest.
    store.delete(d.slug);
    store.set({ ...entry, data: { ...entry.data, title } });
  });
  return told;
}
