/** Frontmatter that is small as text and huge once YAML aliases are expanded. */

/** 18 KB of YAML: 3,000 aliases of a section whose items alias one list of 3,000 entries: 9 million references. */
export function relatedBomb(): string {
  const items = Array.from({ length: 3000 }, () => 'a').join(',');
  const sections = Array.from({ length: 3000 }, () => '*s').join(',');
  return `---\ntitle: Alias bomb\ndate: 2025-01-01\nbase: &s { items: [${items}] }\nrelated:\n  sections: [${sections}]\n---\nBody\n`;
}

/** One string of 99,999 characters aliased 10,000 times in `tags`: a gigabyte once expanded. */
export function tagsBomb(): string {
  return `---\ntitle: String bomb\ndate: 2025-01-01\nlong: &t "${'x'.repeat(99_999)}"\ntags: [${Array.from({ length: 10_000 }, () => '*t').join(',')}]\n---\nBody\n`;
}
