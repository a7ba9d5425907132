/** Query parameters whose values are removed from URLs shown in errors and `info()`. */
const SECRET_PARAM =
  /^(?:api[-_]?key|apikey|key|token|access[-_]?token|auth|secret|password|pass|sig|signature|jwt)$/i;

/**
 * A URL without credentials: `user:pass@` dropped, secret-looking query values replaced by `***`,
 * and path segments that look like API keys (long runs of letters and digits, as Infura-style
 * URLs carry) replaced too.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<invalid url>';
  }
  u.username = '';
  u.password = '';
  for (const k of [...u.searchParams.keys()]) {
    if (SECRET_PARAM.test(k)) u.searchParams.set(k, '***');
  }
  u.pathname = u.pathname
    .split('/')
    .map((seg) => (/^[A-Za-z0-9_-]{24,}$/.test(seg) ? '***' : seg))
    .join('/');
  return u.toString().replace(/%2A%2A%2A/g, '***');
}

/** Replaces every URL inside free text by its redacted form. */
export function redactText(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi, (m) => redactUrl(m));
}
