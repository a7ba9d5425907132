import { assertString } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';
import type { KeyType } from './KeyType.js';
import { multibaseToPublicKey, publicKeyToMultibase } from './multikey.js';
import { isRealDidError } from './RealDidError.js';

const PREFIX = 'did:key:';

/**
 * Makes the `did:key` identifier of a public key: `did:key:` + its Multikey multibase.
 *
 * @param type - the key type
 * @param publicKey - the public key (ECDSA: 33 or 65 bytes; encoded compressed)
 * @returns the DID, e.g. `did:key:z6Mk…`
 * @throws TypeError / RangeError when the key is malformed
 * @example
 * ```ts
 * publicKeyToDidKey('P-256', generateKeyPair('P-256').publicKey).startsWith('did:key:zDn'); // true
 * ```
 */
export function publicKeyToDidKey(type: KeyType, publicKey: Uint8Array): string {
  return PREFIX + publicKeyToMultibase(type, publicKey);
}

/**
 * Reads the public key of an untrusted `did:key` DID (a bare DID: no path, query or fragment).
 *
 * @param did - the DID string
 * @returns the key type and public key
 * @throws TypeError when not a string; RealDidError `ERR_DID_KEY_INVALID` when malformed or the key
 *   is invalid, `ERR_KEY_TYPE_UNSUPPORTED` for a key type other than Ed25519, P-256, secp256k1
 * @example
 * ```ts
 * didKeyToPublicKey('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK').type; // 'Ed25519'
 * ```
 */
export function didKeyToPublicKey(did: string): { type: KeyType; publicKey: Uint8Array } {
  assertString(did, 'did');
  if (!did.startsWith(PREFIX))
    throw cryptoError('ERR_DID_KEY_INVALID', 'did:key: expected a DID starting with "did:key:"');
  const id = did.slice(PREFIX.length);
  if (!/^z[1-9A-HJ-NP-Za-km-z]+$/.test(id)) {
    throw cryptoError(
      'ERR_DID_KEY_INVALID',
      'did:key: expected "did:key:z" followed by base58btc characters only',
    );
  }
  try {
    return multibaseToPublicKey(id);
  } catch (cause) {
    if (isRealDidError(cause, 'ERR_MULTIBASE_INVALID')) {
      throw cryptoError('ERR_DID_KEY_INVALID', `did:key: ${cause.message}`, cause);
    }
    throw cause;
  }
}
