/**
 * Astro's Markdown processor writes a relative image (`![a](../x.png)`) as `<img __ASTRO_IMAGE_="{json}">`, for
 * its image pipeline to fill in; a body rendered here never goes through that pipeline, and the sanitiser then
 * left an empty `<img />`. This turns each back into a plain `<img src alt title>` before sanitising.
 */
import { escapeHtml } from './html.ts';

const PLACEHOLDER = /<img\s+__ASTRO_IMAGE_="([^"]*)"[^>]*>/g;

function decodeAttribute(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|quot|lt|gt|apos));/gi, (whole, dec, hex, name) => {
    if (name) return { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" }[(name as string).toLowerCase()] ?? whole;
    const code = dec ? Number(dec) : parseInt(hex as string, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function restoreImages(html: string): string {
  if (!html.includes('__ASTRO_IMAGE_')) return html;
  return html.replace(PLACEHOLDER, (_, json: string) => {
    let props: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(decodeAttribute(json));
      if (parsed && typeof parsed === 'object') props = parsed as Record<string, unknown>;
    } catch {
      /* an unreadable placeholder becomes an image without a source: shown as its alt text later */
    }
    const attr = (name: string) =>
      typeof props[name] === 'string' ? ` ${name}="${escapeHtml(props[name] as string)}"` : '';
    return `<img${attr('src')}${attr('alt')}${attr('title')}>`;
  });
}
