/** Turns a file's bytes into text, refusing what is not UTF-8 text. Strips a BOM, normalises CRLF. */

export type Decoded = { ok: true; text: string } | { ok: false; reason: string; code: string; line?: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Uint8Array): Decoded {
  // The whole file is checked: a NUL after the first few kilobytes would otherwise reach the feeds and pages.
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    let line = 1;
    for (let i = bytes.indexOf(10); i !== -1 && i < nul; i = bytes.indexOf(10, i + 1)) line++;
    return { ok: false, code: 'binary', line, reason: 'a binary file (it contains NUL bytes), not Markdown' };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Where the first byte that is not UTF-8 is: decoding leniently marks it with U+FFFD.
    const lenient = Buffer.from(bytes).toString('utf8');
    const at = lenient.indexOf('\ufffd');
    const line = lenient.slice(0, at).split('\n').length;
    return {
      ok: false,
      code: 'encoding',
      line,
      reason: `not valid UTF-8 (line ${line}, byte ${Buffer.byteLength(lenient.slice(0, at))} of the file); save it as UTF-8 (it may be Latin-1 or Windows-1252)`,
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}
