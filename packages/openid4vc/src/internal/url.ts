/**
 * True for an `https:` URL, or an `http:` URL on the loopback host (`127.0.0.1`, `localhost`):
 * the rule for every endpoint this package talks to or names (development servers and tests run
 * on the loopback; nothing else travels in the clear).
 */
export function isSecureUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.username !== '' || u.password !== '') return false;
  return (
    u.protocol === 'https:' ||
    (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
  );
}

/**
 * The URL of a well-known document of an identifier with an optional path: the well-known
 * segment goes between the host and the path (RFC 8414 §3.1, OpenID4VCI 1.0 §12.2.2), so
 * `https://a.example/tenant` has its metadata at `https://a.example/.well-known/<name>/tenant`.
 */
export function wellKnownUrl(identifier: string, name: string): string {
  const u = new URL(identifier);
  const path = u.pathname === '/' ? '' : u.pathname;
  return `${u.origin}/.well-known/${name}${path}`;
}
