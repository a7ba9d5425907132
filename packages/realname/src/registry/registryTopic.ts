import { base64urlEncode, sha256 } from '@realdid/crypto';
import { assertString, utf8 } from '../internal/bytes.js';

/**
 * The ledger topic of a registry's entries.
 *
 * @param registryDid - the registry authority's DID
 * @returns `registry:<base64url(sha256(did))>`
 * @example
 * ```ts
 * registryTopic('did:realdid:z…');
 * ```
 */
export function registryTopic(registryDid: string): string {
  assertString(registryDid, 'registryDid');
  return `registry:${base64urlEncode(sha256(utf8(registryDid)))}`;
}
