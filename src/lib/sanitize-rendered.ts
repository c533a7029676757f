/**
 * Markdown from repositories we do not review line by line is untrusted: its rendered HTML keeps only what
 * documents need. No script, iframe, object, form, style element or event handler; links and images only to
 * http(s), mailto or relative addresses; inline styles only the colours of highlighted code and table alignment,
 * so nothing can overlay the page.
 */
import sanitizeHtml from 'sanitize-html';
import { bundledThemes } from 'shiki';

/** Ids the site's own pages use (layout, search page, health page's `source-*`): a document may not take them. */
export const SITE_IDS = [
  'main',
  'more',
  'no-js',
  'q',
  'results',
  'search-filters',
  'search-form',
  'search-status',
  'site-search',
  'sort',
  'adoption',
  'not-found-q',
  'menu-button',
  'site-nav',
  'theme',
];
const SITE_ID_PREFIXES = ['source-', 'adoption-'];

/** Whether an id is one of the site's own, which no document may give an element. */
export function isSiteId(id: string): boolean {
  return SITE_IDS.includes(id) || SITE_ID_PREFIXES.some((p) => id.startsWith(p));
}

/**
 * The only classes a document's HTML keeps: those Markdown itself writes (task lists, footnotes, code languages)
 * and Shiki's. None is a class of the site's own stylesheet, so a document cannot dress up as the page around it.
 */
const ALLOWED_CLASSES: Record<string, Array<string | RegExp>> = {
  code: [/^language-[\w+#.-]+$/],
  pre: ['astro-code', 'astro-code-themes', ...Object.keys(bundledThemes)],
  span: ['line'],
  ul: ['contains-task-list'],
  ol: ['contains-task-list'],
  li: ['task-list-item'],
  section: ['footnotes'],
};

const COLOUR = [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i, /^[a-z]+$/i, /^var\(--[\w-]+\)$/];

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'var',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'colgroup',
    'col',
    'a',
    'img',
    'em',
    'strong',
    'b',
    'i',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'small',
    'sub',
    'sup',
    'abbr',
    'cite',
    'q',
    'time',
    'span',
    'div',
    'section',
    'figure',
    'figcaption',
    'details',
    'summary',
    'input',
    'picture',
    'source',
  ],
  allowedAttributes: {
    '*': [
      'id',
      'title',
      'lang',
      'dir',
      'aria-label',
      'aria-hidden',
      'aria-describedby',
      'data-footnotes',
      'data-footnote-ref',
      'data-footnote-backref',
      'data-language',
    ],
    a: ['href', 'name', 'rel'],
    img: ['src', 'srcset', 'alt', 'width', 'height', 'loading', 'decoding'],
    source: ['srcset', 'type', 'media'],
    input: ['type', 'checked', 'disabled'],
    th: ['align', 'colspan', 'rowspan', 'scope', 'style'],
    td: ['align', 'colspan', 'rowspan', 'style'],
    ol: ['start', 'type'],
    pre: ['style', { name: 'tabindex', multiple: false, values: ['0'] }],
    span: ['style'],
    details: ['open'],
    time: ['datetime'],
  },
  allowedClasses: ALLOWED_CLASSES,
  allowedStyles: {
    span: {
      color: COLOUR,
      'background-color': COLOUR,
      'font-style': [/^italic$/],
      'font-weight': [/^(bold|\d00)$/],
      'text-decoration': [/^underline$/],
    },
    pre: { color: COLOUR, 'background-color': COLOUR, 'overflow-x': [/^auto$/] },
    th: { 'text-align': [/^(left|right|center)$/] },
    td: { 'text-align': [/^(left|right|center)$/] },
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'srcset', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'template',
    'svg',
    'math',
  ],
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  transformTags: {
    '*': (tagName, attribs) => {
      const id = attribs.id;
      if (id === undefined || !isSiteId(id)) return { tagName, attribs };
      const { id: _taken, ...rest } = attribs;
      return { tagName, attribs: rest };
    },
    // A task list's checkbox (GFM `- [ ]`) has no label of its own: it is named by its state.
    input: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, 'aria-label': attribs.checked === undefined ? 'not done' : 'done' },
    }),
    // External links open as usual but do not hand the site to the target.
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
  },
};

export function sanitizeRendered(html: string): string {
  return sanitizeHtml(html, options);
}
