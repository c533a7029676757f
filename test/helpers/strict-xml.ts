/** A strict XML check: well-formed (fast-xml-parser's validator) and only characters XML 1.0 allows, none discouraged. */
import { XMLValidator } from 'fast-xml-parser';

const NOT_XML = /[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\u{10000}-\u{10ffff}]/u;

export function xmlProblems(xml: string): string[] {
  const out: string[] = [];
  const bad = NOT_XML.exec(xml);
  if (bad) out.push(`U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at ${bad.index}`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) out.push(valid.err.msg);
  return out;
}
