import { MAX_DID_URL_LENGTH } from './limits.js';

/** A syntactically valid DID URL, split into its parts. */
export interface DidUrlParts {
  /** The DID alone: `did:<method>:<method-specific-id>`. */
  did: string;
  method: string;
  id: string;
  path: string | undefined;
  query: string | undefined;
  /** Query parameters, percent-decoded; undefined when there is no query. */
  params: Record<string, string> | undefined;
  fragment: string | undefined;
}

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const DID_URL =
  /^did:([a-z0-9]+):((?:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+)(\/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?$/;
const FRAGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*$/;
const QUERY = /^[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*$/;

/**
 * Parses a DID URL strictly: printable ASCII only (no Unicode look-alikes, no control or
 * invisible characters, no spaces), bounded length, generic DID syntax. Returns null when the
 * input is not a DID URL. Never throws.
 */
export function parseDidUrl(input: unknown): DidUrlParts | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_DID_URL_LENGTH) return null;
  if (!PRINTABLE_ASCII.test(input)) return null;
  const m = DID_URL.exec(input);
  if (m === null) return null;
  const [, method, id, path, query, fragment] = m;
  if (fragment !== undefined && !FRAGMENT.test(fragment)) return null;
  let params: Record<string, string> | undefined;
  if (query !== undefined) {
    if (!QUERY.test(query)) return null;
    params = Object.create(null) as Record<string, string>;
    if (query.length > 0) {
      for (const pair of query.split('&')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) return null;
        let k: string;
        let v: string;
        try {
          k = decodeURIComponent(pair.slice(0, eq));
          v = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
        } catch {
          return null;
        }
        if (Object.hasOwn(params, k)) return null;
        params[k] = v;
      }
    }
  }
  return {
    did: `did:${method}:${id}`,
    method: method as string,
    id: id as string,
    path,
    query,
    params,
    fragment,
  };
}

/** A DID URL without its fragment: the DID, then the path and query when present. */
export function withoutFragment(parts: {
  did: string;
  path?: string | undefined;
  query?: string | undefined;
}): string {
  const base = parts.did + (parts.path ?? '');
  return parts.query === undefined ? base : `${base}?${parts.query}`;
}
