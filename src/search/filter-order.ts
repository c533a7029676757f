/** The search filters in the order the search page shows them, and how each is named in a URL. No imports: this ships to the browser. */
export const searchFilters = [
  'kind',
  'team',
  'service',
  'severity',
  'champion group',
  'status',
  'level',
  'topic',
  'year',
] as const;

export const urlKeyOf = (filter: string) => filter.replace(/\s+/g, '-');
