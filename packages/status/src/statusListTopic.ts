import { base64urlEncode, sha256, utf8Encode } from '@realdid/crypto';
import { checkString } from './internal/errors.js';

/**
 * The ledger topic on which a status list is published: `status:` followed by the base64url
 * SHA-256 of its URI. Issuer and verifier derive it from the URI alone, so a verifier needs no
 * mapping table, and any URI (long, with characters a topic cannot hold) maps to a valid topic.
 *
 * @param uri - the status list URI (`sub` of a Status List Token, `id` of a Bitstring Status List credential)
 * @returns the topic, e.g. `status:3q2-7w…`
 * @throws TypeError when `uri` is not a non-empty string
 * @example
 * ```ts
 * import { statusListTopic } from '@realdid/status';
 * statusListTopic('https://status.example/lists/1').startsWith('status:'); // true
 * ```
 */
export function statusListTopic(uri: string): string {
  return 'status:' + base64urlEncode(sha256(utf8Encode(checkString('uri', uri))));
}
