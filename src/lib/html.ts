/**
 * HTML and XML written in code: escaping and decoding text (feeds, the sitemap, charts, the leak guard), and an
 * `html` template for the long lists of listing pages (thousands of rows, megabytes a page), where Astro's
 * rendering of each element, attribute and expression is most of the time the page takes. Every interpolated
 * value is escaped as Astro escapes text; only what is already `Html` (made by this module) goes in as it is.
 */

const ESCAPABLE = /[&<>'"]/g;
const NEEDS_ESCAPING = /[&<>'"]/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };

/** Text or an attribute value, safe inside an element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return NEEDS_ESCAPING.test(text) ? text.replace(ESCAPABLE, (c) => ENTITY[c]!) : text;
}

/** What XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF, lone surrogates) or discourages (DEL, C1 controls, U+FDD0–FDEF). */
const NOT_XML = /[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\u{10000}-\u{10ffff}]/gu;
const HAS_NOT_XML = /[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\u{10000}-\u{10ffff}]/u;

/** Text without the characters an XML parser refuses: one in a title would make a whole feed unreadable. */
export function xmlText(text: string): string {
  return HAS_NOT_XML.test(text) ? text.replace(NOT_XML, '') : text;
}

/** Text or an attribute value for XML output (feeds, the sitemap): XML-safe characters, escaped. */
export function escapeXml(text: string): string {
  return escapeHtml(xmlText(text));
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text of escaped HTML: the five named entities and numeric ones (all that `escapeHtml`, a sanitiser or
 * Shiki write), in one pass; any other named entity is left as it is.
 */
export function decodeHtmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z]+));/g,
    (whole, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED[name] ?? whole;
      const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

/** HTML that is safe to insert as it is: it can only be made by `html`. */
export class Html {
  readonly #value: string;
  private constructor(value: string) {
    this.#value = value;
  }
  /** @internal Only `html` makes these. */
  static of(value: string): Html {
    return new Html(value);
  }
  toString(): string {
    return this.#value;
  }
}

function part(value: unknown): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (value instanceof Html) return value.toString();
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value) out += part(item);
    return out;
  }
  return escapeHtml(String(value));
}

/**
 * A template of HTML: `html\`<a href="${url}">${title}</a>\``. Values are escaped; `Html` values and lists of
 * them are inserted as they are; `undefined`, `null`, `false` and `''` leave nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return Html.of(out);
}
