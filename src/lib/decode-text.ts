/** Turns a file's bytes into text, refusing what is not UTF-8 text. Strips a BOM, normalises CRLF. */

export type Decoded = { ok: true; text: string } | { ok: false; reason: string; code: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Uint8Array): Decoded {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return { ok: false, code: 'binary', reason: 'a binary file (it contains NUL bytes), not Markdown' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    let offset = 0;
    try {
      for (offset = 0; offset < bytes.length; offset += 256) utf8.decode(bytes.subarray(0, Math.min(bytes.length, offset + 256)), { stream: true });
    } catch { /* the offset found is close enough */ }
    return { ok: false, code: 'encoding', reason: `not valid UTF-8 (near byte ${offset}); save it as UTF-8 (it may be Latin-1 or Windows-1252)` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}
