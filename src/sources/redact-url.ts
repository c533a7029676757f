/** Strips credentials from anything that may show a repository URL: pages, logs, error messages, cache folder names. */

/**
 * scp-like git address `[user[:password]@]host:path` (git reads it as ssh when a `:` comes before any `/`).
 * Groups: user, password, host.
 */
export const SCP_LIKE = /^(?:([^@/:\s]+)(?::([^@\s]*))?@)?(\[[^\]\s]+\]|[\w.-]+):(?!\/\/)/;

/** Query or fragment parameters whose value is a credential (tokens, passwords, keys, signed-URL signatures). */
const SECRET_PARAM =
  /^(?:[\w-]*token|[\w-]*secret|password|passwd|pwd|pass|(?:[\w-]*[-_])?key|apikey|accesskey|sig|signature|auth|authorization|credentials?|jwt|pat|bearer|[\w-]*session(?:[-_]?id)?|sid|x-amz-[\w-]+|x-goog-[\w-]+)$/i;

/** A shown value in place of a secret one. */
export const REDACTED = '***';

/** Removes the userinfo of `scheme://user:pass@host`, the password of scp-like `user:pass@host:`, and secret parameters. */
export function redactText(text: string): string {
  return (
    text
      // The userinfo ends at the last `@` before the path: a password may itself hold an unencoded `@`.
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/gi, '$1')
      .replace(/(^|[\s'"(<[=,])([^@/:\s'"<>]+):[^@\s'"<>]*@(?=(?:\[[^\]\s]+\]|[\w.-]+):)/g, '$1$2@')
      .replace(/([?&#;])([^=&#;\s'"<>]+)=([^&#;\s'"<>()]*)/g, (all, sep: string, name: string, value: string) =>
        value && value !== REDACTED && SECRET_PARAM.test(decodeName(name)) ? `${sep}${name}=${REDACTED}` : all,
      )
  );
}

/** `https://user:token@host/x.git?private_token=t` → `https://host/x.git?private_token=***`; `git@host:x` keeps its user (not a secret). */
export function redactUrl(url: string): string {
  return redactText(url);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
