/**
 * A page that only redirects elsewhere (Jekyll's `redirect_to` stub, not built as a document): links to it, in any
 * form its repository's site writes them, go where it redirects. Read from the file's raw frontmatter, since the
 * document itself is refused.
 */
import { decodeText } from './decode-text.ts';
import { parseFrontmatter } from './frontmatter.ts';
import { declaredSitePaths } from './site-urls.ts';
import { isWebAddress } from './url-policy.ts';

export interface RedirectStub {
  repoKey: string;
  repoPath: string;
  /** Addresses the frontmatter gives the page on its repository's own site. */
  sitePaths?: string[];
  /** Where the page redirects: an http(s) address the URL policy allows. */
  to: string;
}

/** The stub a file is, or undefined; `visible`: whether this build's audience may see it (its `visibility`). */
export function redirectStubOf(
  bytes: Uint8Array,
  at: { repoKey: string; repoPath: string },
  audience: 'internal' | 'public',
): RedirectStub | undefined {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return undefined;
  const fm = parseFrontmatter(decoded.text);
  if (!fm.ok) return undefined;
  const data = fm.data as Record<string, unknown>;
  // A public build follows only public stubs: an internal one's target is internal.
  if (audience === 'public' && data.visibility !== 'public') return undefined;
  const raw = Array.isArray(data.redirect_to) ? data.redirect_to[0] : data.redirect_to;
  const to = typeof raw === 'string' ? raw.trim() : '';
  if (!to || to.length > 2000 || /[\u0000-\u0020\u007f"<>]/.test(to) || !/^https?:\/\//i.test(to) || !isWebAddress(to))
    return undefined;
  const sitePaths = declaredSitePaths(data);
  return { ...at, ...(sitePaths.length ? { sitePaths } : {}), to };
}
