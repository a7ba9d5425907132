import { base58btcDecode, type KeyType, multibaseToPublicKey } from '@realdid/crypto';
import { didError } from './errors.js';

/** The key types a verification method of this package can hold. */
export type AnyKeyType = KeyType | 'X25519';

/** A decoded public key. */
export interface DecodedKey {
  type: AnyKeyType;
  publicKey: Uint8Array;
}

const cache = new Map<string, DecodedKey>();

/**
 * Decodes a Multikey (Ed25519, P-256, secp256k1, SM2 through @realdid/crypto; X25519 here). Decoded keys
 * are remembered (bounded) since the same keys are decoded on every resolution.
 *
 * @throws RealDidError ERR_DID_KEY_UNSUPPORTED / ERR_DID_OPERATION_INVALID
 */
export function decodeMultikey(s: string): DecodedKey {
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  let out: DecodedKey;
  if (s.startsWith('z6LS')) {
    let b: Uint8Array;
    try {
      b = base58btcDecode(s.slice(1));
    } catch (cause) {
      throw didError('ERR_DID_OPERATION_INVALID', 'publicKeyMultibase: not base58btc', cause);
    }
    if (b.length !== 34 || b[0] !== 0xec || b[1] !== 0x01) {
      throw didError('ERR_DID_OPERATION_INVALID', 'publicKeyMultibase: not a 32-byte x25519-pub Multikey');
    }
    out = { type: 'X25519', publicKey: b.slice(2) };
  } else {
    try {
      out = multibaseToPublicKey(s);
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      throw didError(
        code === 'ERR_KEY_TYPE_UNSUPPORTED' ? 'ERR_DID_KEY_UNSUPPORTED' : 'ERR_DID_OPERATION_INVALID',
        `publicKeyMultibase: not a supported Multikey (${(cause as Error).message})`,
        cause,
      );
    }
  }
  Object.freeze(out);
  if (cache.size >= 4096) cache.clear();
  cache.set(s, out);
  return out;
}
