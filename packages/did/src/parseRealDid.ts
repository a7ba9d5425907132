import { base64urlDecode } from '@realdid/crypto';
import { isHashString } from './internal/hash.js';
import { MAX_DID_LENGTH, MAX_LONG_FORM_BYTES } from './internal/limits.js';

/** A did:realdid DID split into its parts. */
export interface ParsedRealDid {
  /** The DID as given (short or long form), without query or fragment. */
  did: string;
  /** The short form: `did:realdid[:<network>]:<suffix>`. */
  shortForm: string;
  /** The network name, undefined on the main network. */
  network: string | undefined;
  /** The suffix: the hash of the create operation, also the ledger topic. */
  suffix: string;
  /** The decoded long-form payload (JCS of the create operation), when the DID is long-form. */
  longFormPayload: Uint8Array | undefined;
}

const REALDID = /^did:realdid:(?:([a-z0-9]{1,32}):)?(zQm[1-9A-HJ-NP-Za-km-z]{44})(?::([A-Za-z0-9_-]+))?$/;

/**
 * Parses a `did:realdid` DID (without query or fragment). Strict: ASCII only, the ABNF of the
 * method, the suffix must decode to a sha2-256 multihash, a long-form payload must be strict
 * base64url within the size limit. Does not check that the payload hashes to the suffix (the
 * resolver does).
 *
 * @param did - the DID string (untrusted)
 * @returns the parts, or null when `did` is not a syntactically valid did:realdid DID. Never throws.
 * @example
 * ```ts
 * import { parseRealDid } from '@realdid/did';
 * parseRealDid('did:realdid:test:zQmNotAHash'); // null
 * ```
 */
export function parseRealDid(did: unknown): ParsedRealDid | null {
  if (typeof did !== 'string' || did.length > MAX_DID_LENGTH) return null;
  const m = REALDID.exec(did);
  if (m === null) return null;
  const [, network, suffix, long] = m as unknown as [string, string | undefined, string, string | undefined];
  if (network === 'main') return null;
  if (!isHashString(suffix)) return null;
  let longFormPayload: Uint8Array | undefined;
  if (long !== undefined) {
    if (long.length > Math.ceil((MAX_LONG_FORM_BYTES * 4) / 3)) return null;
    try {
      longFormPayload = base64urlDecode(long);
    } catch {
      return null;
    }
  }
  return {
    did,
    shortForm: network === undefined ? `did:realdid:${suffix}` : `did:realdid:${network}:${suffix}`,
    network,
    suffix,
    longFormPayload,
  };
}
