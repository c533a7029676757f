/** Strips credentials from anything that may show a repository URL: pages, logs, error messages. */

/** `https://user:token@host/x.git` → `https://host/x.git`; scp-like `git@host:x` keeps its user (not a secret). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

/** Redacts every URL with userinfo inside a longer text (git's stderr often repeats the URL). */
export function redactText(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
}
