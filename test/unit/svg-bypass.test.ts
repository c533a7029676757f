import { describe, expect, it } from 'vitest';
import { unsafeSvg } from '../../src/loaders/document-files.ts';

// SVGs a hostile repository can ship as images: each runs script on the site's origin when /_files/x.svg is
// opened, or fetches another address.
const NS = 'xmlns="http://www.w3.org/2000/svg"';
const BYPASSES: Record<string, string> = {
  'a script element under a namespace prefix': `<svg ${NS} xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>`,
  'an XHTML script element': `<svg ${NS} xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>`,
  'an XHTML iframe with srcdoc': `<svg ${NS} xmlns:h="http://www.w3.org/1999/xhtml"><h:iframe srcdoc="&lt;b&gt;x"/></svg>`,
  'a foreignObject under a prefix': `<svg ${NS} xmlns:s="http://www.w3.org/2000/svg"><s:foreignObject/></svg>`,
  'javascript: with a character reference': `<svg ${NS}><a href="jav&#x61;script:alert(1)"><text>x</text></a></svg>`,
  'javascript: with a tab inside': `<svg ${NS}><a href="java\tscript:alert(1)"><text>x</text></a></svg>`,
  'javascript: with a newline inside': `<svg ${NS}><a href="java\nscript:alert(1)"><text>x</text></a></svg>`,
  'javascript: set by an animation': `<svg ${NS}><a><set attributeName="href" to="&#106;avascript:alert(1)"/><text>x</text></a></svg>`,
  'a style address written with CSS escapes': `<svg ${NS}><rect style="fill:url('\\2f\\2f tracker.example/x')"/></svg>`,
  'a style address in image-set': `<svg ${NS}><style>rect{fill:image-set("//tracker.example/x" 1x)}</style></svg>`,
  'an XSLT stylesheet': `<?xml-stylesheet type="text/xsl" href="#x"?><svg ${NS}/>`,
};

describe('SVGs that smuggle script past the check', () => {
  for (const [name, svg] of Object.entries(BYPASSES)) {
    it(`refuses ${name}`, () => {
      expect(unsafeSvg(svg)).toBeDefined();
    });
  }

  it('still keeps a plain drawing with an internal reference and entities in its text', () => {
    const plain = `<svg ${NS} viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/><text>a &amp; b &#x2014; one</text></svg>`;
    expect(unsafeSvg(plain)).toBeUndefined();
  });
});
